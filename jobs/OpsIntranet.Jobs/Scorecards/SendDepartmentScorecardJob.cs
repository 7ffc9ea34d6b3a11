using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Access;
using OpsIntranet.Templates.Documents.DepartmentScorecard;
using OpsIntranet.Templates.Emails.ScorecardEmail;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Jobs.Mail;

namespace OpsIntranet.Jobs.Scorecards;

/// <summary>Who receives the department scorecard and when (configuration section "Reports:DepartmentScorecard").</summary>
public class DepartmentScorecardOptions
{
    public const string Section = "Reports:DepartmentScorecard";

    public bool Enabled { get; set; } = true;
    /// <summary>Cron in America/New_York; by default 08:00 on the 12th, after the 10th's submission deadline.</summary>
    public string Cron { get; set; } = "0 8 12 * *";
    public List<string> Recipients { get; set; } = [];
    /// <summary>Link placed in the e-mail, e.g. https://opsintranet.city.example/ (optional).</summary>
    public string? IntranetUrl { get; set; }
}

/// <summary>The recurring entry point: fixes the period (last month, Eastern time) and hands it to the sending job.</summary>
public class ScheduleDepartmentScorecardJob(IBackgroundJobClient jobs, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 3)]
    public Task ExecuteAsync(CancellationToken ct)
    {
        // The period is fixed here, so a retry of the send days later still sends the month it was scheduled for.
        var period = DepartmentCalendar.MonthKey(DepartmentCalendar.PreviousMonth(clock));
        jobs.Enqueue<SendDepartmentScorecardJob>(job => job.ExecuteAsync(period, CancellationToken.None));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Renders the department scorecard of one month once, stores it with the run, and e-mails it to
/// every recipient. Safe to run twice: the run and each delivery are rows with unique keys, a
/// delivery is claimed before it is sent and marked sent after, so a retry or a second worker sends
/// only what has not gone out. A failed delivery stays Failed with its error and is retried.
/// </summary>
public class SendDepartmentScorecardJob(
    AppDbContext db, ScorecardService scorecards, DocumentRenderer renderer, IMailSender mail,
    IOptions<DepartmentScorecardOptions> options, TimeProvider clock, ILogger<SendDepartmentScorecardJob> logger)
{
    public const string ReportName = "department-scorecard";
    public const string Scope = "department";
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);
    // Two minutes in all, to outlast a database restart or failover between "accepted by the mail server" and "marked sent".
    private static readonly TimeSpan[] MarkSentRetryDelays = [.. new[] { 1, 2, 4, 8, 15, 30, 30, 30 }.Select(s => TimeSpan.FromSeconds(s))];

    public sealed record Outcome(int Sent, int Failed, int AlreadySent, bool NoData);

    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 7200])]
    public async Task<Outcome> ExecuteAsync(string period, CancellationToken ct)
    {
        if (!DepartmentCalendar.TryParseMonthKey(period, out var month))
            throw new ArgumentException($"'{period}' is not a month (expected yyyy-MM).", nameof(period));

        var recipients = options.Value.Recipients.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList();
        if (recipients.Count == 0)
        {
            logger.LogWarning("Department scorecard for {Period}: no recipients configured (Reports:DepartmentScorecard:Recipients); nothing sent.", period);
            return new Outcome(0, 0, 0, NoData: false);
        }

        var scorecard = await scorecards.DepartmentAsync(month, Viewer.System, keyMetricsOnly: true, ct);
        if (!scorecard.Units.Any(u => u.Metrics.Any(m => m.Value is not null)))
        {
            // Never e-mail an empty report as if it were one: say so and wait for data.
            logger.LogWarning("Department scorecard for {Period}: no approved data yet; nothing sent.", period);
            return new Outcome(0, 0, 0, NoData: true);
        }

        var run = await EnsureRunAsync(month, period, recipients, ct);
        if (run.Document is null) run = await StoreDocumentAsync(run, scorecard, ct);
        // The e-mail quotes the figures stored with the document, so a retry days later says what the PDF says.
        var emailModel = JsonSerializer.Deserialize<ScorecardEmailModel>(run.Summary!)! with { IntranetUrl = options.Value.IntranetUrl };
        var html = await renderer.RenderHtmlAsync<ScorecardEmail>(emailModel);

        int sent = 0, failed = 0, already = 0, elsewhere = 0;
        var errors = new List<string>();
        foreach (var delivery in await db.ReportDeliveries.AsNoTracking().Where(d => d.ReportRunId == run.Id).OrderBy(d => d.Id).ToListAsync(ct))
        {
            if (delivery.Status == DeliveryStatus.Sent) { already++; continue; }
            var claim = await TryClaimAsync(delivery.Id, ct);
            if (claim is null)
            {
                // Another worker holds it right now (or just sent it): not ours to count as done.
                if (await db.ReportDeliveries.AnyAsync(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Sent, ct)) already++;
                else elsewhere++;
                continue;
            }

            try
            {
                await mail.SendAsync(BuildMessage(delivery, run, emailModel, html), ct);
            }
            catch (Exception ex)
            {
                // Interrupted or refused: the delivery goes back to Failed (with CancellationToken.None, so the failure is on record even during shutdown).
                var error = ex is OperationCanceledException ? "Interrupted before the mail server accepted it (the job was stopped)." : $"{ex.GetType().Name}: {ex.Message}";
                if (error.Length > 2000) error = error[..2000];
                await ReleaseClaimAsync(delivery.Id, claim.Value, DeliveryStatus.Failed, error);
                if (ex is OperationCanceledException) throw;
                logger.LogError(ex, "Department scorecard for {Period} could not be sent to {Recipient}.", period, delivery.Recipient);
                errors.Add($"{delivery.Recipient}: {error}");
                failed++;
                continue;
            }

            // The mail server has it: from here on the delivery is never marked Failed, or a retry would send it twice.
            await MarkSentAsync(delivery, claim.Value, period);
            sent++;
        }

        logger.LogInformation("Department scorecard for {Period}: {Sent} sent, {Failed} failed, {Already} already sent, {Elsewhere} being sent by another worker.",
            period, sent, failed, already, elsewhere);
        // Failing the job makes Hangfire retry it later (and shows it on the dashboard); sent deliveries are skipped then.
        if (failed > 0) throw new DeliveryFailedException($"{failed} of {failed + sent + already + elsewhere} deliveries of the department scorecard for {period} failed: {string.Join("; ", errors)}");
        if (elsewhere > 0) throw new DeliveryFailedException($"{elsewhere} deliveries of the department scorecard for {period} are claimed by another worker; this job will check them again.");
        return new Outcome(sent, failed, already, NoData: false);
    }

    private async Task MarkSentAsync(ReportDelivery delivery, Guid claim, string period)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ReleaseClaimAsync(delivery.Id, claim, DeliveryStatus.Sent, null);
                return;
            }
            catch (Exception ex) when (attempt < MarkSentRetryDelays.Length && TransientErrors.IsTransient(ex))
            {
                logger.LogWarning(ex, "Department scorecard for {Period} was sent to {Recipient}; recording it as sent failed (attempt {Attempt}), trying again in {Delay}.",
                    period, delivery.Recipient, attempt + 1, MarkSentRetryDelays[attempt]);
                // Connections pooled before the outage are most likely broken as well.
                if (db.Database.GetDbConnection() is NpgsqlConnection connection) NpgsqlConnection.ClearPool(connection);
                await Task.Delay(MarkSentRetryDelays[attempt]);
            }
            catch (Exception ex)
            {
                // The claim stays and expires; a later attempt would send this one again. Loud, because it is the one duplicate path left.
                logger.LogCritical(ex, "Department scorecard for {Period} was sent to {Recipient} but could not be recorded as sent.", period, delivery.Recipient);
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

    private async Task<ReportRun> EnsureRunAsync(DateOnly month, string period, List<string> recipients, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // INSERT … ON CONFLICT DO NOTHING: two workers racing here end up with the same single row.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO report_runs (report, scope, period, period_start, period_end, created_at)
            VALUES ({ReportName}, {Scope}, {period}, {month}, {DepartmentCalendar.EndOfMonth(month)}, {now})
            ON CONFLICT (report, scope, period) DO NOTHING
            """, ct);
        var run = await db.ReportRuns.AsNoTracking().SingleAsync(r => r.Report == ReportName && r.Scope == Scope && r.Period == period, ct);
        foreach (var recipient in recipients)
        {
            var messageId = $"scorecard.{run.Id}.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(recipient)))[..16]}@opsintranet";
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO report_deliveries (report_run_id, recipient, status, attempts, message_id)
                VALUES ({run.Id}, {recipient}, {nameof(DeliveryStatus.Pending)}, 0, {messageId})
                ON CONFLICT (report_run_id, recipient) DO NOTHING
                """, ct);
        }
        return run;
    }

    private async Task<ReportRun> StoreDocumentAsync(ReportRun run, DepartmentScorecard scorecard, CancellationToken ct)
    {
        var model = DepartmentScorecardModel.From(scorecard, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await renderer.RenderPdfAsync<DepartmentScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
        var fileName = $"department-scorecard-{run.Period}.pdf";
        var summary = JsonSerializer.Serialize(new ScorecardEmailModel(
            DepartmentCalendar.MonthName(scorecard.Month), scorecard.Count(MetricStatus.Green), scorecard.Count(MetricStatus.Amber), scorecard.Count(MetricStatus.Red),
            scorecard.Units.Where(u => u.SubmissionStatus != SubmissionStatus.Approved).Select(u => u.UnitName).ToList(), fileName, null));
        // Only the first renderer stores its copy, so every recipient (and every retry) gets the same document.
        await db.ReportRuns.Where(r => r.Id == run.Id && r.Document == null).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Document, pdf)
            .SetProperty(r => r.Summary, summary)
            .SetProperty(r => r.FileName, fileName)
            .SetProperty(r => r.DocumentRenderedAt, clock.GetUtcNow()), ct);
        return await db.ReportRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id, ct);
    }

    private async Task<Guid?> TryClaimAsync(int deliveryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        var claimed = await db.ReportDeliveries
            .Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Failed
                        || (d.Status == DeliveryStatus.Sending && d.ClaimExpiresAt < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sending)
                .SetProperty(d => d.ClaimToken, token)
                .SetProperty(d => d.ClaimExpiresAt, now + ClaimDuration)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAt, now), ct);
        return claimed == 1 ? token : null;
    }

    private MimeMessage BuildMessage(ReportDelivery delivery, ReportRun run, ScorecardEmailModel model, string html)
    {
        var message = new MimeMessage { Subject = $"Department Scorecard — {model.MonthLabel}", MessageId = delivery.MessageId };
        message.From.Add(mail.From);
        message.To.Add(MailboxAddress.Parse(delivery.Recipient));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder
        {
            HtmlBody = html,
            TextBody = $"The department scorecard for {model.MonthLabel} is attached ({model.AttachmentName}).\n\n" +
                       $"Meet target: {model.Green}\nWithin tolerance: {model.Amber}\nOff target: {model.Red}\n" +
                       (model.NotApprovedUnits.Count > 0 ? $"\nNot yet approved: {string.Join(", ", model.NotApprovedUnits)}\n" : "") +
                       "\nConfidential — City Customer Operations internal use only.",
        };
        body.Attachments.Add(run.FileName!, run.Document!, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }
}

public class DeliveryFailedException(string message) : Exception(message);
