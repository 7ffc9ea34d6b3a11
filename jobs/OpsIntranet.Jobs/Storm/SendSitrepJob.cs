using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Delivery;

namespace OpsIntranet.Jobs.Storm;

/// <summary>
/// One situation report of an event as a run of the delivery ledger: report "storm-situation-report", scope
/// "event:{id}", period the scheduled time ("2026-12-02T11:00Z"). A scheduled run is unique per (event, scheduled time),
/// so the job run twice for the same time, or retried, makes one run, one PDF and one mail per recipient; "Send a sitrep
/// now" carries its form's key and gets a run of its own. The PDF is rendered once per run (as the system: it goes to
/// leadership) and stored with the words of its e-mail; the deliveries go out through <see cref="RunDispatcher"/> like
/// every other e-mail. Nothing is sent for a closed event.
/// </summary>
public class SendSitrepJob(AppDbContext db, SitrepDocuments sitreps, DocumentStore documents, DeliveryLedger ledger, RunDispatcher dispatcher,
    SitrepRecipients recipients, TimeProvider clock, ILogger<SendSitrepJob> logger)
{
    public sealed record Outcome(int? RunId, RunStatus Status, int Enqueued, int AlreadySent, string Message);

    /// <summary>The scheduled sitrep of <paramref name="periodKey"/>; retried for about an hour and a half, after which the next scheduled one is due anyway.</summary>
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [60, 300, 900, 3600])]
    public Task<Outcome> ExecuteAsync(int eventId, string periodKey, CancellationToken ct) =>
        ExecuteAsync(eventId, periodKey, RunTrigger.Scheduled, "", null, ct);

    /// <summary>"Send a sitrep now": <paramref name="triggerKey"/> names the request, so its retries reuse its run. Someone waits on the page: retried briefly.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    public async Task<Outcome> ExecuteAsync(int eventId, string periodKey, RunTrigger trigger, string triggerKey, int? requestedByUserId, CancellationToken ct)
    {
        if (!SitrepTimes.TryParseKey(periodKey, out var at))
            throw new ArgumentException($"'{periodKey}' is not a sitrep time (e.g. 2026-12-02T11:00Z).", nameof(periodKey));
        var e = await db.StormEvents.AsNoTracking().SingleOrDefaultAsync(x => x.Id == eventId, ct);
        var key = new RunKey(SitrepRuns.Report, SitrepRuns.ScopeOf(eventId), periodKey, trigger, triggerKey);
        if (e is null || e.State == StormState.Closed)
        {
            // A run made by "Send now" just before the close says why it never went.
            if (await ledger.FindRunAsync(key, ct) is { Status: RunStatus.Pending } pending)
                await ledger.FinishRunAsync(pending.Id, RunStatus.Skipped, "The event was closed; situation reports are no longer sent.", CancellationToken.None);
            return new Outcome(null, RunStatus.Skipped, 0, 0, "The event is closed; nothing was sent.");
        }
        var schedule = await db.SitrepSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.EventId == eventId, ct)
            ?? SitrepRuns.Default(e, clock.GetUtcNow(), "System");

        var day = DateOnly.FromDateTime(StormTime.ToEastern(at));
        var run = await ledger.EnsureRunAsync(key, day, day, requestedByUserId, ct);
        if (run.Status == RunStatus.Dispatched)
        {
            var sent = await ledger.CountSentAsync(run.Id, ct);
            return new Outcome(run.Id, RunStatus.Dispatched, 0, sent, $"The sitrep of {StormTime.Describe(at)} had been sent already; nothing more was sent.");
        }

        if (run.DocumentId is null)
        {
            SitrepDocument? sitrep;
            try
            {
                sitrep = await sitreps.RenderAsync(Viewer.System, eventId, schedule.Subject, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Storm event {Event} ({Key}): the sitrep could not be made.", eventId, key);
                var failed = await FailAsync(run, $"The situation report could not be made ({ex.Message}); nothing was sent.");
                if (trigger == RunTrigger.Scheduled) throw new SitrepFailedException(failed.Message, ex);
                return failed;
            }
            if (sitrep is null) return await FailAsync(run, "The event is no longer there; nothing was sent.");
            var docKey = new DocumentKey(SitrepRuns.Report, new DocumentSubject(DocumentSubjects.ReportRun, run.Id), 1);
            // A retry after the PDF was stored gets the stored copy back, never a second one.
            var document = await documents.FindAsync(docKey, ct);
            if (document is null)
            {
                using var content = new MemoryStream(sitrep.Pdf, writable: false);
                document = (await documents.SaveAsync(docKey, sitrep.FileName, "application/pdf", content, requestedByUserId, ct)).Document;
            }
            run = await ledger.AttachDocumentAsync(run.Id, document.Id, (sitrep.Summary with { AttachmentName = document.FileName }).Write(), ct);
        }

        var to = (await recipients.ResolveAsync(schedule, ct)).Select(r => r.Address).ToList();
        if (to.Count == 0)
            return await FailAsync(run, "There was no one to send it to: no addresses, and nobody in the chosen roles or unit leadership with an active account and an e-mail address.");
        var enqueued = await dispatcher.DispatchAsync(run, to, SitrepRuns.MessageIdPrefix, ct);
        var alreadySent = await ledger.CountSentAsync(run.Id, ct);
        await ledger.FinishRunAsync(run.Id, RunStatus.Dispatched, null, CancellationToken.None);
        logger.LogInformation("Storm event {Event} ({Key}, run {Run}): {Enqueued} deliveries enqueued, {Already} sent before.", eventId, key, run.Id, enqueued.Count, alreadySent);
        return new Outcome(run.Id, RunStatus.Dispatched, enqueued.Count, alreadySent, $"Sending the sitrep to {to.Count} recipient{(to.Count == 1 ? "" : "s")}.");
    }

    private async Task<Outcome> FailAsync(ReportRun run, string reason)
    {
        var failed = await ledger.FinishRunAsync(run.Id, RunStatus.Failed, reason, CancellationToken.None);
        logger.LogWarning("Sitrep run {Run} ({Scope} {Period}) failed: {Reason}", run.Id, run.Scope, run.Period, reason);
        return new Outcome(run.Id, failed.Status, 0, 0, failed.Error ?? reason);
    }
}

/// <summary>A scheduled sitrep whose PDF could not be made: the run says why, and the job fails so it is tried again.</summary>
public class SitrepFailedException(string message, Exception inner) : Exception(message, inner);
