using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Reports;

/// <summary>Which run: unique in the ledger. <paramref name="TriggerKey"/> is empty for a scheduled run and names the request otherwise.</summary>
public sealed record RunKey(string Report, string Scope, string Period, RunTrigger Trigger = RunTrigger.Scheduled, string TriggerKey = "")
{
    public override string ToString() => TriggerKey.Length == 0 ? $"{Report} {Scope} {Period} ({Trigger})" : $"{Report} {Scope} {Period} ({Trigger} {TriggerKey})";
}

/// <summary>What one attempt at one delivery came to.</summary>
public enum DeliveryResult
{
    Sent,
    /// <summary>It had gone out before (an earlier attempt or another worker): nothing was sent.</summary>
    AlreadySent,
    /// <summary>Its last automatic attempt failed (now or before): it stays Failed until someone resends it.</summary>
    GivenUp,
}

/// <summary>
/// The ledger of report runs and their deliveries, for every e-mail the product sends. A run is unique per
/// <see cref="RunKey"/>, a delivery per (run, recipient). A delivery is claimed (a token and an expiry) before
/// it is sent and marked sent after; only the attempt holding the claim records the outcome, and a claim whose
/// sender died expires so another worker may take it over. Its Message-ID is fixed when the delivery is created,
/// so every attempt of one delivery sends the same message.
/// </summary>
public partial class DeliveryLedger(AppDbContext db, TimeProvider clock, ILogger<DeliveryLedger> logger)
{
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);
    // Two minutes in all, to outlast a database restart or failover between "accepted by the mail server" and "marked sent".
    private static readonly TimeSpan[] MarkSentRetryDelays = [.. new[] { 1, 2, 4, 8, 15, 30, 30, 30 }.Select(s => TimeSpan.FromSeconds(s))];

    /// <summary>The stable Message-ID of one recipient's delivery of one run: the same on every attempt, new with a new run.</summary>
    public static string MessageId(string prefix, int runId, string recipient) =>
        $"{prefix}.{runId}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient)))[..16]}@opsintranet";

    /// <summary>Recipients as the ledger keys them: trimmed, lower case, each once.</summary>
    public static List<string> Normalise(IEnumerable<string> recipients) =>
        recipients.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList();

    /// <summary>The run for <paramref name="key"/>, created on first use. Two workers racing here end up with the same single row.</summary>
    public async Task<ReportRun> EnsureRunAsync(RunKey key, DateOnly periodStart, DateOnly periodEnd, int? requestedByUserId, CancellationToken ct)
    {
        if (key.Trigger != RunTrigger.Scheduled && key.TriggerKey.Length == 0)
            throw new ArgumentException($"A {key.Trigger} run needs the key of the request that made it, so a second request gets a run of its own.", nameof(key));
        var trigger = key.Trigger.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO report_runs (report, scope, period, trigger, trigger_key, requested_by_user_id, period_start, period_end, created_at, status)
            VALUES ({key.Report}, {key.Scope}, {key.Period}, {trigger}, {key.TriggerKey}, {requestedByUserId}, {periodStart}, {periodEnd}, {clock.GetUtcNow()}, {nameof(RunStatus.Pending)})
            ON CONFLICT (report, scope, period, trigger, trigger_key) DO NOTHING
            """, ct);
        return await FindRunAsync(key, ct) ?? throw new InvalidOperationException($"Run {key} was not created.");
    }

    public Task<ReportRun?> FindRunAsync(RunKey key, CancellationToken ct) =>
        db.ReportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Report == key.Report && r.Scope == key.Scope && r.Period == key.Period
            && r.Trigger == key.Trigger && r.TriggerKey == key.TriggerKey, ct);

    /// <summary>Marks the run as made for a subscription (<see cref="ReportRun.SubscriptionId"/>); the first subscription set stays.</summary>
    public Task<int> LinkSubscriptionAsync(int runId, int subscriptionId, CancellationToken ct) =>
        db.ReportRuns.Where(r => r.Id == runId && r.SubscriptionId == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.SubscriptionId, subscriptionId), ct);

    /// <summary>
    /// Records where a run ended (Dispatched, Skipped or Failed, with the reason in words) and when. A run once
    /// Dispatched stays so: a late retry that fails cannot turn a run whose mail went out into a failed one.
    /// </summary>
    public async Task<ReportRun> FinishRunAsync(int runId, RunStatus status, string? error, CancellationToken ct)
    {
        var reason = error is { Length: > 2000 } ? error[..2000] : error;
        await db.ReportRuns.Where(r => r.Id == runId && r.Status != RunStatus.Dispatched).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Error, reason)
            .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), ct);
        return await db.ReportRuns.AsNoTracking().Include(r => r.Document).SingleAsync(r => r.Id == runId, ct);
    }

    /// <summary>Records the run's document and the figures its e-mail quotes; only the first call counts, so every recipient gets the same document.</summary>
    public async Task<ReportRun> AttachDocumentAsync(int runId, int documentId, string summary, CancellationToken ct)
    {
        await db.ReportRuns.Where(r => r.Id == runId && r.DocumentId == null).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DocumentId, documentId)
            .SetProperty(r => r.Summary, summary), ct);
        return await db.ReportRuns.AsNoTracking().Include(r => r.Document).SingleAsync(r => r.Id == runId, ct);
    }

    /// <summary>
    /// Adds a delivery per recipient the run does not have yet and returns the ids of every delivery of the
    /// run still to send (new, pending, or failed and not given up: those wait for someone to resend them). Runs in the caller's transaction, which enqueues their jobs.
    /// </summary>
    public async Task<List<int>> AddDeliveriesAsync(ReportRun run, IEnumerable<string> recipients, string messageIdPrefix, CancellationToken ct)
    {
        foreach (var recipient in Normalise(recipients))
        {
            var messageId = MessageId(messageIdPrefix, run.Id, recipient);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO report_deliveries (report_run_id, recipient, status, attempts, message_id)
                VALUES ({run.Id}, {recipient}, {nameof(DeliveryStatus.Pending)}, 0, {messageId})
                ON CONFLICT (report_run_id, recipient) DO NOTHING
                """, ct);
        }
        return await db.ReportDeliveries.AsNoTracking()
            .Where(d => d.ReportRunId == run.Id && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Failed && d.GaveUpAt == null))
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
    }

    public Task<ReportDelivery?> FindDeliveryAsync(int deliveryId, CancellationToken ct) =>
        db.ReportDeliveries.AsNoTracking().Include(d => d.ReportRun).ThenInclude(r => r!.Document).SingleOrDefaultAsync(d => d.Id == deliveryId, ct);

    public Task<int> CountSentAsync(int runId, CancellationToken ct) =>
        db.ReportDeliveries.CountAsync(d => d.ReportRunId == runId && d.Status == DeliveryStatus.Sent, ct);

    public Task<bool> IsSentAsync(int deliveryId, CancellationToken ct) =>
        db.ReportDeliveries.AnyAsync(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sent, ct);

    /// <summary>
    /// Claims a delivery that is pending, failed (and not given up), or held by a sender whose claim has expired; null when
    /// someone else holds it, it is sent, or it was given up (only a resend, which clears that, sends it again).
    /// </summary>
    public async Task<Guid?> TryClaimAsync(int deliveryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        var claimed = await db.ReportDeliveries
            .Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Failed && d.GaveUpAt == null
                        || (d.Status == DeliveryStatus.Sending && d.ClaimExpiresAt < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sending)
                .SetProperty(d => d.ClaimToken, token)
                .SetProperty(d => d.ClaimExpiresAt, now + ClaimDuration)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAt, now), ct);
        return claimed == 1 ? token : null;
    }

    /// <summary>Records a failed attempt (with CancellationToken.None, so the failure is on record even during shutdown).</summary>
    public Task<int> RecordFailureAsync(int deliveryId, Guid claim, string error) =>
        ReleaseClaimAsync(deliveryId, claim, DeliveryStatus.Failed, error.Length > 2000 ? error[..2000] : error);

    /// <summary>
    /// Records that the mail server has accepted the delivery. From here on it is never marked Failed, or a retry
    /// would send it twice, so a database outage is waited out rather than given up on. With <paramref name="claimNext"/>
    /// the next delivery of the batch is claimed in the same commit, and its claim returned (null: not claimable): one
    /// durable write per message instead of two, and a worker that dies still leaves at most one delivery in doubt,
    /// because this one is recorded as sent before the next goes out.
    /// </summary>
    public async Task<Guid?> MarkSentAsync(ReportDelivery delivery, Guid claim, string what, int? claimNext = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (claimNext is not { } nextId)
                {
                    await ReleaseClaimAsync(delivery.Id, claim, DeliveryStatus.Sent, null);
                    return null;
                }
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await ReleaseClaimAsync(delivery.Id, claim, DeliveryStatus.Sent, null);
                var next = await TryClaimAsync(nextId, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return next;
            }
            catch (Exception ex) when (attempt < MarkSentRetryDelays.Length && TransientErrors.IsTransient(ex))
            {
                logger.LogWarning(ex, "{What} was sent to {Recipient}; recording it as sent failed (attempt {Attempt}), trying again in {Delay}.",
                    what, delivery.Recipient, attempt + 1, MarkSentRetryDelays[attempt]);
                // Connections pooled before the outage are most likely broken as well.
                if (db.Database.GetDbConnection() is NpgsqlConnection connection) NpgsqlConnection.ClearPool(connection);
                await Task.Delay(MarkSentRetryDelays[attempt]);
            }
            catch (Exception ex)
            {
                // The claim stays and expires; a later attempt would send this one again. Loud, because it is the one duplicate path left.
                logger.LogCritical(ex, "{What} was sent to {Recipient} but could not be recorded as sent.", what, delivery.Recipient);
                throw;
            }
        }
    }

    /// <summary>Records the outcome of an attempt, only if this attempt still holds the claim.</summary>
    private Task<int> ReleaseClaimAsync(int deliveryId, Guid claim, DeliveryStatus outcome, string? error) =>
        db.ReportDeliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending && d.ClaimToken == claim)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, outcome)
                .SetProperty(d => d.SentAt, d => outcome == DeliveryStatus.Sent ? clock.GetUtcNow() : d.SentAt)
                .SetProperty(d => d.ClaimExpiresAt, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LastError, error), CancellationToken.None);
}
