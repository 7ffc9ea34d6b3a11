using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Access;
using OpsIntranet.Templates.Documents.DepartmentScorecard;
using OpsIntranet.Templates.Emails.ScorecardEmail;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Jobs.Delivery;

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
/// The department scorecard of one month, as a run of the delivery ledger: renders the PDF once per run into
/// the document store, then fans the run out to its recipients, one <see cref="SendDeliveryJob"/> per
/// delivery. Safe to run twice: the run, its document and each delivery have unique keys, so a retry or a
/// second worker adds only what is missing and enqueues only deliveries that have not gone out.
/// </summary>
public class SendDepartmentScorecardJob(
    ScorecardService scorecards, DocumentRenderer renderer, DocumentStore documents, DeliveryLedger ledger, RunDispatcher dispatcher,
    IOptions<DepartmentScorecardOptions> options, TimeProvider clock, ILogger<SendDepartmentScorecardJob> logger)
{
    public const string ReportName = "department-scorecard";
    public const string Scope = "department";
    /// <summary>Message-IDs read scorecard.{run}.{recipient hash}@opsintranet.</summary>
    public const string MessageIdPrefix = "scorecard";

    /// <summary>What this run of the job did: the ledger's run, the deliveries it enqueued and those that had gone out before.</summary>
    public sealed record Outcome(int? RunId, IReadOnlyList<int> Enqueued, int AlreadySent, bool NoData);

    /// <summary>The scheduled send of a month: one run per month, however often it runs.</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 7200])]
    public Task<Outcome> ExecuteAsync(string period, CancellationToken ct) => ExecuteAsync(period, RunTrigger.Scheduled, "", null, null, ct);

    /// <summary>
    /// A send with another trigger (manual, test, resend): <paramref name="triggerKey"/> names the request, so
    /// its retries reuse its run and another request gets a run (and Message-IDs) of its own. Recipients default
    /// to the configured ones. <paramref name="requestedByUserId"/> is who asked: the seam where the viewer of
    /// that person will decide what the report may show.
    /// </summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 7200])]
    public async Task<Outcome> ExecuteAsync(string period, RunTrigger trigger, string triggerKey, int? requestedByUserId, IReadOnlyList<string>? recipients, CancellationToken ct)
    {
        if (!DepartmentCalendar.TryParseMonthKey(period, out var month))
            throw new ArgumentException($"'{period}' is not a month (expected yyyy-MM).", nameof(period));

        var to = DeliveryLedger.Normalise(recipients ?? options.Value.Recipients);
        if (to.Count == 0)
        {
            logger.LogWarning("Department scorecard for {Period}: no recipients configured (Reports:DepartmentScorecard:Recipients); nothing sent.", period);
            return new Outcome(null, [], 0, NoData: false);
        }

        var scorecard = await scorecards.DepartmentAsync(month, Viewer.System, keyMetricsOnly: true, ct);
        if (!scorecard.Units.Any(u => u.Metrics.Any(m => m.Value is not null)))
        {
            // Never e-mail an empty report as if it were one: say so and wait for data.
            logger.LogWarning("Department scorecard for {Period}: no approved data yet; nothing sent.", period);
            return new Outcome(null, [], 0, NoData: true);
        }

        var run = await ledger.EnsureRunAsync(new RunKey(ReportName, Scope, period, trigger, triggerKey), month, DepartmentCalendar.EndOfMonth(month), requestedByUserId, ct);
        if (run.DocumentId is null) run = await StoreDocumentAsync(run, scorecard, requestedByUserId, ct);
        var enqueued = await dispatcher.DispatchAsync(run, to, MessageIdPrefix, ct);
        var alreadySent = await ledger.CountSentAsync(run.Id, ct);
        logger.LogInformation("Department scorecard for {Period} (run {Run}, {Trigger}): {Enqueued} deliveries enqueued, {Already} already sent.",
            period, run.Id, trigger, enqueued.Count, alreadySent);
        return new Outcome(run.Id, enqueued, alreadySent, NoData: false);
    }

    private async Task<ReportRun> StoreDocumentAsync(ReportRun run, DepartmentScorecard scorecard, int? requestedByUserId, CancellationToken ct)
    {
        var key = new DocumentKey(ReportName, new DocumentSubject(DocumentSubjects.ReportRun, run.Id), 1);
        var fileName = $"department-scorecard-{run.Period}.pdf";
        // A retry after the PDF was stored finds it and renders nothing.
        var document = await documents.FindAsync(key, ct);
        if (document is null)
        {
            var model = DepartmentScorecardModel.From(scorecard, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
            var pdf = await renderer.RenderPdfAsync<DepartmentScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
            using var content = new MemoryStream(pdf, writable: false);
            document = (await documents.SaveAsync(key, fileName, "application/pdf", content, requestedByUserId, ct)).Document;
        }
        var summary = JsonSerializer.Serialize(new ScorecardEmailModel(
            DepartmentCalendar.MonthName(scorecard.Month), scorecard.Count(MetricStatus.Green), scorecard.Count(MetricStatus.Amber), scorecard.Count(MetricStatus.Red),
            scorecard.Units.Where(u => u.SubmissionStatus != SubmissionStatus.Approved).Select(u => u.UnitName).ToList(), document.FileName, null));
        // Only the first attaches its copy, so every recipient (and every retry) gets the same document.
        return await ledger.AttachDocumentAsync(run.Id, document.Id, summary, ct);
    }
}

/// <summary>The department scorecard's e-mail: the figures stored with the run's document, so a retry days later says what the PDF says.</summary>
public class DepartmentScorecardMail(DocumentRenderer renderer, IOptions<DepartmentScorecardOptions> options) : IReportMail
{
    public string Report => SendDepartmentScorecardJob.ReportName;

    public async Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct)
    {
        var model = JsonSerializer.Deserialize<ScorecardEmailModel>(run.Summary ?? throw new InvalidOperationException($"Run {run.Id} has no summary."))!
            with { IntranetUrl = options.Value.IntranetUrl };
        var html = await renderer.RenderHtmlAsync<ScorecardEmail>(model);
        var text = $"The department scorecard for {model.MonthLabel} is attached ({model.AttachmentName}).\n\n" +
                   $"{StatusWords.Label(MetricStatus.Green)}: {model.Green}\n{StatusWords.Label(MetricStatus.Amber)}: {model.Amber}\n{StatusWords.Label(MetricStatus.Red)}: {model.Red}\n" +
                   (model.NotApprovedUnits.Count > 0 ? $"\nNot yet approved: {string.Join(", ", model.NotApprovedUnits)}\n" : "") +
                   "\nConfidential — City Customer Operations internal use only.";
        return new ReportMailContent($"Department Scorecard — {model.MonthLabel}", html, text);
    }
}
