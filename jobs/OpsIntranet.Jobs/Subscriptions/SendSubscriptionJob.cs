using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Delivery;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// One run of a subscription for one period, as a run of the delivery ledger. The scheduled entry enqueues
/// <see cref="ExecuteAsync(int, string, CancellationToken)"/> with the period fixed from the schedule's occurrence;
/// "Send now" and "Send to me" call the other overload with the key of their request, so they get runs of their own
/// and never take the place of the period's scheduled run. The report is rendered once per run, through its kind,
/// with the owner's viewer (what the owner may read is what the report may show), stored with the words of its
/// e-mail, then fanned out to the recipients of the moment. A report that cannot be made sends nothing and the run
/// says why (Failed); a period without approved figures sends nothing when the subscription says so (Skipped).
/// Safe to run twice: the run, its document and each delivery have unique keys, and a dispatched run is left alone.
/// </summary>
public class SendSubscriptionJob(
    AppDbContext db, ReportKinds kinds, Viewers viewers, DocumentStore documents, DeliveryLedger ledger, RunDispatcher dispatcher,
    SubscriptionRecipients recipients, ILogger<SendSubscriptionJob> logger)
{
    /// <summary>Message-IDs read subscription.{run}.{recipient hash}@opsintranet.</summary>
    public const string MessageIdPrefix = "subscription";

    /// <summary>What this execution did: the run, its status, deliveries enqueued now and sent before, and a sentence for the page.</summary>
    public sealed record Outcome(int? RunId, RunStatus Status, int Enqueued, int AlreadySent, string Message);

    /// <summary>
    /// The scheduled run of <paramref name="periodKey"/> (a <see cref="ReportPeriod"/> key): one per (subscription, period), however often it runs.
    /// Retried over about three hours (a render that failed on a busy printer, a database restart) before it is left failed.
    /// </summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 7200])]
    public Task<Outcome> ExecuteAsync(int subscriptionId, string periodKey, CancellationToken ct) =>
        ExecuteAsync(subscriptionId, periodKey, RunTrigger.Scheduled, "", null, null, ct);

    /// <summary>
    /// A run with another trigger: <paramref name="triggerKey"/> names the request (its retries reuse the run);
    /// <paramref name="onlyTo"/> sends to that one address instead of the recipients (a test send to oneself).
    /// Someone is waiting on the page for these, so they are retried briefly; a report that cannot be made is not
    /// retried at all (the page shows the reason and the person can send again).
    /// </summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    public async Task<Outcome> ExecuteAsync(int subscriptionId, string periodKey, RunTrigger trigger, string triggerKey, int? requestedByUserId, string? onlyTo, CancellationToken ct)
    {
        if (!ReportPeriod.TryParse(periodKey, out var period))
            throw new ArgumentException($"'{periodKey}' is not a report period (e.g. 2026-10, FY2027-Q1, FY2027-YTD-2027-03).", nameof(periodKey));

        var subscription = await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (subscription is null || subscription.DeletedAt is not null)
            return new Outcome(null, RunStatus.Skipped, 0, 0, "The subscription has been deleted; nothing was sent.");
        // A schedule fires until its recurring job is removed; a paused subscription lets it pass. Someone asking by hand still may.
        if (subscription.Paused && trigger == RunTrigger.Scheduled)
            return new Outcome(null, RunStatus.Skipped, 0, 0, "The subscription is paused; nothing was sent.");

        var key = new RunKey(subscription.ReportKind, subscription.RunScope, period.Key, trigger, triggerKey);
        var run = await ledger.EnsureRunAsync(key, period.From, DepartmentCalendar.EndOfMonth(period.To), requestedByUserId, ct);
        await ledger.LinkSubscriptionAsync(run.Id, subscription.Id, ct);
        if (run.Status == RunStatus.Dispatched)
        {
            var sent = await ledger.CountSentAsync(run.Id, ct);
            return new Outcome(run.Id, RunStatus.Dispatched, 0, sent, $"The {period.Label} run had been sent already; nothing more was sent.");
        }

        if (run.DocumentId is null)
        {
            if (kinds.Find(subscription.ReportKind) is not { } kind)
                return await FailAsync(run, $"The report “{subscription.ReportKind}” is no longer offered; nothing was sent.");
            var owner = subscription.OwnerUserId is { } ownerId ? await viewers.ForUserAsync(ownerId, ct) : Viewer.System;
            KindReport? report;
            try
            {
                report = await kind.RenderAsync(new ReportRequest(subscription.UnitIds, period, owner), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Subscription {Subscription} ({Key}): the report could not be made.", subscription.Id, key);
                var failed = await FailAsync(run, $"The report could not be made ({ex.Message}); nothing was sent.");
                // A scheduled run is tried again later (Hangfire's retry, with the back-off above); the run stays failed until one succeeds.
                if (trigger == RunTrigger.Scheduled) throw new SubscriptionRunFailedException(failed.Message, ex);
                return failed;
            }
            if (report is null)
                return await FailAsync(run, $"The report could not be made for {owner.Actor.Name}, who keeps this subscription: some of its units are no longer theirs to read. Nothing was sent; change the units or the owner.");
            if (!report.HasApprovedData && subscription.SkipWhenNoApprovedData)
            {
                var skipped = await ledger.FinishRunAsync(run.Id, RunStatus.Skipped, $"No approved figures for {period.Label} yet; nothing was sent, as the subscription asks.", CancellationToken.None);
                return new Outcome(run.Id, skipped.Status, 0, 0, skipped.Error ?? "");
            }
            run = await StoreAsync(run, subscription, kind, period, report, requestedByUserId, ct);
        }

        IReadOnlyList<string> to = onlyTo is not null ? DeliveryLedger.Normalise([onlyTo]) : (await recipients.ResolveAsync(subscription, ct)).Addresses;
        if (to.Count == 0)
            return await FailAsync(run, "There was no one to send it to: no addresses, nobody in the chosen roles or unit leadership with an active account and an e-mail address, or all of them unsubscribed.");

        var enqueued = await dispatcher.DispatchAsync(run, to, MessageIdPrefix, ct);
        var alreadySent = await ledger.CountSentAsync(run.Id, ct);
        await ledger.FinishRunAsync(run.Id, RunStatus.Dispatched, null, CancellationToken.None);
        logger.LogInformation("Subscription {Subscription} ({Key}, run {Run}): {Enqueued} deliveries enqueued, {Already} sent before.",
            subscription.Id, key, run.Id, enqueued.Count, alreadySent);
        return new Outcome(run.Id, RunStatus.Dispatched, enqueued.Count, alreadySent,
            $"{period.Label}: sending to {to.Count} recipient{(to.Count == 1 ? "" : "s")}.");
    }

    private async Task<Outcome> FailAsync(ReportRun run, string reason)
    {
        var failed = await ledger.FinishRunAsync(run.Id, RunStatus.Failed, reason, CancellationToken.None);
        logger.LogWarning("Run {Run} ({Report} {Scope} {Period}) failed: {Reason}", run.Id, run.Report, run.Scope, run.Period, reason);
        return new Outcome(run.Id, failed.Status, 0, 0, failed.Error ?? reason);
    }

    /// <summary>The PDF in the document store under the run, and the words of its e-mail with it; only the first attempt's copy is attached.</summary>
    private async Task<ReportRun> StoreAsync(ReportRun run, ReportSubscription subscription, IReportKind kind, ReportPeriod period, KindReport report, int? requestedByUserId, CancellationToken ct)
    {
        var key = new DocumentKey(subscription.ReportKind, new DocumentSubject(DocumentSubjects.ReportRun, run.Id), 1);
        // A retry after the PDF was stored gets the stored copy back (the key is unique), never a second one.
        var document = await documents.FindAsync(key, ct);
        if (document is null)
        {
            using var content = new MemoryStream(report.Pdf, writable: false);
            document = (await documents.SaveAsync(key, report.FileName, "application/pdf", content, requestedByUserId, ct)).Document;
        }
        var summary = SubscriptionRunSummary.For(subscription, kind, period, report with { FileName = document.FileName });
        return await ledger.AttachDocumentAsync(run.Id, document.Id, summary.Write(), ct);
    }
}

/// <summary>A scheduled run whose report could not be made: the run is marked failed with the reason, and the job fails so it is tried again.</summary>
public class SubscriptionRunFailedException(string message, Exception inner) : Exception(message, inner);
