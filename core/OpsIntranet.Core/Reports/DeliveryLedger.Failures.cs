using Microsoft.EntityFrameworkCore;

namespace OpsIntranet.Core.Reports;

/// <summary>Where a run's sending stands: settled once every delivery is sent or given up.</summary>
public sealed record RunSettlement(int Deliveries, int Sent, int GivenUp, int Open)
{
    public bool Settled => Deliveries > 0 && Open == 0;
}

/// <summary>A delivery given up after its last automatic attempt, as the owner's alert lists it.</summary>
public sealed record GivenUpDelivery(int DeliveryId, string Recipient, int Attempts, string? LastError, DateTimeOffset? LastAttemptAt);

// The failure side of the ledger: giving up after the last attempt, the settlement of a run, and resends.
public partial class DeliveryLedger
{
    /// <summary>
    /// Records a failed attempt; when it was the <paramref name="giveUpAfterAttempts"/>th, the delivery is given up
    /// (GaveUpAt set): no automatic attempt claims it again, until someone resends it. Returns whether it was given up.
    /// Written with CancellationToken.None, so the failure is on record even during shutdown.
    /// </summary>
    public async Task<bool> RecordFailedAttemptAsync(int deliveryId, Guid claim, string error, int giveUpAfterAttempts)
    {
        var now = clock.GetUtcNow();
        var text = error.Length > 2000 ? error[..2000] : error;
        var gaveUp = await db.Database.SqlQuery<bool>($"""
            UPDATE report_deliveries
            SET status = {nameof(DeliveryStatus.Failed)}, claim_expires_at = NULL, claim_token = NULL, last_error = {text},
                gave_up_at = CASE WHEN attempts >= {giveUpAfterAttempts} THEN {now} ELSE NULL END
            WHERE id = {deliveryId} AND status = {nameof(DeliveryStatus.Sending)} AND claim_token = {claim}
            RETURNING gave_up_at IS NOT NULL AS "Value"
            """).ToListAsync(CancellationToken.None);
        return gaveUp is [true];
    }

    /// <summary>Several deliveries with their runs and documents in one query (a batch reads them once; each claim still decides).</summary>
    public async Task<Dictionary<int, ReportDelivery>> FindDeliveriesAsync(IReadOnlyCollection<int> deliveryIds, CancellationToken ct)
    {
        var ids = deliveryIds.ToArray();
        return await db.ReportDeliveries.AsNoTracking().Include(d => d.ReportRun).ThenInclude(r => r!.Document)
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
    }

    /// <summary>How many of the run's deliveries are sent, given up, and still open (pending, being sent, or failed with attempts left).</summary>
    public async Task<RunSettlement> SettlementAsync(int runId, CancellationToken ct)
    {
        var counts = await db.ReportDeliveries.AsNoTracking().Where(d => d.ReportRunId == runId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                All = g.Count(),
                Sent = g.Count(d => d.Status == DeliveryStatus.Sent),
                GivenUp = g.Count(d => d.Status == DeliveryStatus.Failed && d.GaveUpAt != null),
            })
            .SingleOrDefaultAsync(ct);
        return counts is null ? new RunSettlement(0, 0, 0, 0) : new RunSettlement(counts.All, counts.Sent, counts.GivenUp, counts.All - counts.Sent - counts.GivenUp);
    }

    public Task<List<GivenUpDelivery>> GivenUpAsync(int runId, CancellationToken ct) =>
        db.ReportDeliveries.AsNoTracking().Where(d => d.ReportRunId == runId && d.Status == DeliveryStatus.Failed && d.GaveUpAt != null)
            .OrderBy(d => d.Recipient)
            .Select(d => new GivenUpDelivery(d.Id, d.Recipient, d.Attempts, d.LastError, d.LastAttemptAt))
            .ToListAsync(ct);

    /// <summary>
    /// Opens failed deliveries to be sent again (a resend): given-up mark cleared and their attempts counted afresh,
    /// so a resend has the same retries as the first send. Sent deliveries, and one being sent right now, are left
    /// alone; the claim decides who sends. Returns the ids reopened. Runs in the caller's transaction, which enqueues their job.
    /// </summary>
    public Task<List<int>> ReopenFailedAsync(IReadOnlyCollection<int> deliveryIds, CancellationToken ct)
    {
        var ids = deliveryIds.ToArray();
        return db.Database.SqlQuery<int>($"""
            UPDATE report_deliveries SET gave_up_at = NULL, attempts = 0
            WHERE id = ANY({ids}) AND status = {nameof(DeliveryStatus.Failed)}
            RETURNING id AS "Value"
            """).ToListAsync(ct);
    }
}
