using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Subscriptions;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>One recipient of a run as its page shows it.</summary>
public sealed record DeliveryRow(int Id, string Recipient, DeliveryStatus Status, int Attempts, DateTimeOffset? LastAttemptAt, string? LastError,
    DateTimeOffset? SentAt, DateTimeOffset? GaveUpAt)
{
    public bool CanResend => Status == DeliveryStatus.Failed;
}

/// <summary>A run with everything its page shows.</summary>
public sealed record RunView(ReportRun Run, string ReportLabel, string? SubscriptionName, string? RequestedBy, StoredDocument? Document, IReadOnlyList<DeliveryRow> Deliveries,
    bool Resendable = true)
{
    public int Failed => Deliveries.Count(d => d.Status == DeliveryStatus.Failed);
}

/// <summary>A failed delivery on the administrators' list, with its run.</summary>
public sealed record FailedDeliveryRow(int DeliveryId, int RunId, string Report, string ReportLabel, string Period, RunTrigger Trigger, string Recipient,
    int Attempts, DateTimeOffset? LastAttemptAt, string? LastError, DateTimeOffset? GaveUpAt);

public sealed record FailedDeliveryFilter(string? Report, DateOnly? From, DateOnly? To);

/// <summary>
/// Runs and their deliveries as people see them, and the resend of failed deliveries. Access: the runs of a
/// subscription to whoever may keep that subscription (<see cref="SubscriptionAccess.CanKeep"/>); every other run
/// (reminders, alerts, the department scorecard of the old job) to administrators only; anyone else gets null (404).
/// A resend sends the same delivery again — same Message-ID, through the same claim — and never touches one that was sent;
/// it reopens the deliveries and enqueues their job in one transaction (the dispatcher's), so a failure leaves neither.
/// </summary>
public class RunHistory(AppDbContext db, RunDispatcher dispatcher, TransactionalJobs jobs, ReportKinds kinds, DocumentStore documents)
{
    public const int PageSize = 50;

    /// <summary>Why a run made by the department scorecard's old job, before the report became a subscription, is not sent again.</summary>
    public const string MadeBeforeSubscriptions =
        "This run was made before its report became a subscription, and its e-mail can no longer be made; it is not sent again. Use “Send now” on the subscription instead.";

    /// <summary>The run, or null when it is missing or not the viewer's.</summary>
    public async Task<RunView?> FindAsync(Viewer viewer, int runId, CancellationToken ct)
    {
        var run = await db.ReportRuns.AsNoTracking().Include(r => r.Subscription).Include(r => r.Document).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || !MaySee(viewer, run)) return null;
        var deliveries = await db.ReportDeliveries.AsNoTracking().Where(d => d.ReportRunId == runId).OrderBy(d => d.Recipient)
            .Select(d => new DeliveryRow(d.Id, d.Recipient, d.Status, d.Attempts, d.LastAttemptAt, d.LastError, d.SentAt, d.GaveUpAt)).ToListAsync(ct);
        var requestedBy = run.RequestedByUserId is { } userId ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        return new RunView(run, LabelOf(run.Report), run.Subscription?.Name, requestedBy, run.Document, deliveries, IsResendable(run));
    }

    /// <summary>The run's document for download, or null (not the viewer's, or it has none).</summary>
    public async Task<OpenedDocument?> OpenDocumentAsync(Viewer viewer, int runId, CancellationToken ct)
    {
        var run = await db.ReportRuns.AsNoTracking().Include(r => r.Subscription).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run?.DocumentId is not { } documentId || !MaySee(viewer, run)) return null;
        return await documents.OpenReadAsync(documentId, ct);
    }

    /// <summary>"Resend" of one failed delivery of the run.</summary>
    public Task<Outcome> ResendAsync(Viewer viewer, int runId, int? deliveryId, CancellationToken ct) =>
        jobs.SaveWithJobsAsync(() => DoResendAsync(viewer, runId, deliveryId, ct), "The e-mail", ct);

    /// <summary>"Resend all failed": every failed delivery of the run; the sent ones are untouched.</summary>
    public Task<Outcome> ResendAllFailedAsync(Viewer viewer, int runId, CancellationToken ct) =>
        jobs.SaveWithJobsAsync(() => DoResendAllFailedAsync(viewer, runId, ct), "The failed e-mails", ct);

    private async Task<Outcome> DoResendAsync(Viewer viewer, int runId, int? deliveryId, CancellationToken ct)
    {
        var run = await db.ReportRuns.AsNoTracking().Include(r => r.Subscription).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || !MaySee(viewer, run)) return Outcome.NotFound;
        if (!IsResendable(run)) return Outcome.Conflict(MadeBeforeSubscriptions);
        if (deliveryId is null) return Outcome.Invalid(new Dictionary<string, string> { ["DeliveryId"] = "Choose the recipient to send it to again." });
        var delivery = await db.ReportDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.ReportRunId == runId, ct);
        if (delivery is null) return Outcome.NotFound;
        if (delivery.Status != DeliveryStatus.Failed) return Outcome.Conflict(NotFailed(delivery.Status, delivery.Recipient));
        var reopened = await dispatcher.ResendAsync([delivery.Id], ct);
        // Between the read and the update another worker may have claimed it: then it is on its way already.
        return reopened.Count == 1 ? Ok(run.Id, $"The e-mail to {delivery.Recipient} is being sent again.") : Outcome.Conflict(NotFailed(DeliveryStatus.Sending, delivery.Recipient));
    }

    private async Task<Outcome> DoResendAllFailedAsync(Viewer viewer, int runId, CancellationToken ct)
    {
        var run = await db.ReportRuns.AsNoTracking().Include(r => r.Subscription).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || !MaySee(viewer, run)) return Outcome.NotFound;
        if (!IsResendable(run)) return Outcome.Conflict(MadeBeforeSubscriptions);
        var failed = await db.ReportDeliveries.AsNoTracking().Where(d => d.ReportRunId == runId && d.Status == DeliveryStatus.Failed).Select(d => d.Id).ToListAsync(ct);
        if (failed.Count == 0) return Outcome.Conflict("No delivery of this run has failed; nothing was sent again.");
        var reopened = await dispatcher.ResendAsync(failed, ct);
        if (reopened.Count == 0) return Outcome.Conflict("The failed deliveries are being sent right now; reload the page in a minute.");
        return Ok(run.Id, reopened.Count == 1 ? "1 failed e-mail is being sent again." : $"{reopened.Count} failed e-mails are being sent again.");
    }

    /// <summary>Every failed delivery in the department, newest attempt first, for administrators; null for anyone else.</summary>
    public async Task<(IReadOnlyList<FailedDeliveryRow> Rows, int Total)?> FailedAsync(Viewer viewer, FailedDeliveryFilter filter, int page, CancellationToken ct)
    {
        if (!viewer.IsAdministrator) return null;
        var query = db.ReportDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Failed);
        if (filter.Report is { Length: > 0 } report) query = query.Where(d => d.ReportRun!.Report == report);
        // Days in Eastern time, as the page shows them.
        if (filter.From is { } from) { var start = DayStart(from); query = query.Where(d => d.LastAttemptAt >= start); }
        if (filter.To is { } to) { var end = DayStart(to.AddDays(1)); query = query.Where(d => d.LastAttemptAt < end); }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.LastAttemptAt).ThenByDescending(d => d.Id)
            .Skip((Math.Max(1, page) - 1) * PageSize).Take(PageSize)
            .Select(d => new { d.Id, d.ReportRunId, d.ReportRun!.Report, d.ReportRun.Period, d.ReportRun.Trigger, d.Recipient, d.Attempts, d.LastAttemptAt, d.LastError, d.GaveUpAt })
            .ToListAsync(ct);
        return (rows.Select(r => new FailedDeliveryRow(r.Id, r.ReportRunId, r.Report, LabelOf(r.Report), r.Period, r.Trigger, r.Recipient, r.Attempts, r.LastAttemptAt, r.LastError, r.GaveUpAt)).ToList(), total);
    }

    /// <summary>The report names that have failed deliveries, for the filter.</summary>
    public async Task<IReadOnlyList<(string Report, string Label)>> FailedReportsAsync(Viewer viewer, CancellationToken ct) =>
        !viewer.IsAdministrator ? [] :
            (await db.ReportDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Failed).Select(d => d.ReportRun!.Report).Distinct().OrderBy(r => r).ToListAsync(ct))
            .Select(r => (r, LabelOf(r))).ToList();

    /// <summary>"Resend" from the administrators' list: the delivery's own run decides access, as on its page.</summary>
    public async Task<Outcome> ResendDeliveryAsync(Viewer viewer, int? deliveryId, CancellationToken ct)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        if (deliveryId is null) return Outcome.Invalid(new Dictionary<string, string> { ["DeliveryId"] = "Choose the delivery to send again." });
        var runId = await db.ReportDeliveries.Where(d => d.Id == deliveryId).Select(d => (int?)d.ReportRunId).SingleOrDefaultAsync(ct);
        return runId is null ? Outcome.NotFound : await ResendAsync(viewer, runId.Value, deliveryId, ct);
    }

    /// <summary>
    /// False for a run of a subscription's report that belongs to no subscription: only the department scorecard's old job
    /// made those, and their e-mail went with it (<see cref="SubscriptionMail"/>). Such runs are still shown, with their PDF.
    /// </summary>
    public bool IsResendable(ReportRun run) => run.SubscriptionId is not null || kinds.Find(run.Report) is null;

    public static bool MaySee(Viewer viewer, ReportRun run) =>
        run.Subscription is { } subscription ? SubscriptionAccess.CanKeep(viewer, subscription) : viewer.IsAdministrator;

    public string LabelOf(string report) =>
        kinds.Find(report)?.Label ?? (report == DeliveryAlerts.Report ? "Failed-delivery alert" : DeliveryAlerts.LabelOf(report));

    private static DateTimeOffset DayStart(DateOnly day) => Core.Calendar.DepartmentCalendar.StartOfDayUtc(day);

    private static Outcome Ok(int runId, string message) => Outcome.Ok(runId) with { Message = message };

    private static string NotFailed(DeliveryStatus status, string recipient) => status switch
    {
        DeliveryStatus.Sent => $"The e-mail to {recipient} was sent already; it is not sent twice.",
        DeliveryStatus.Sending => $"The e-mail to {recipient} is being sent right now; reload the page in a minute.",
        _ => $"The e-mail to {recipient} has not failed; it is waiting to be sent.",
    };
}
