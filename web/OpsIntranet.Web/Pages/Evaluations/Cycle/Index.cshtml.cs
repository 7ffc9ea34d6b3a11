using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Cycle;

/// <summary>
/// A cycle at a glance: counts of every evaluation the person may read, and a page of them (filtered by unit, status or
/// name) with whose move it is and who is late; and, for a manager
/// (the people whose files they keep) or an administrator, the cycle's evaluation packets generated as one background
/// job, with its progress (polled as JSON by js/packet-batch.js, or seen on reload), its failures and the ZIP.
/// </summary>
public class IndexModel(EvaluationService evaluations, PacketBatchService packets, PacketBatchDispatcher dispatcher, ScorecardCache cache, PageCache pages,
    TimeProvider clock) : RecordPage
{
    /// <summary>
    /// The list and the packet candidates as a viewer sees them on a day: kept per data version (its data and HTML), so a
    /// cycle of thousands is read and rendered once, not on every view. What is not kept: the audit of the page's
    /// evaluations (written on every showing, from the kept rows) and the viewer's latest packet batch (its progress
    /// changes with every packet, so it is read on every showing and is not on the data version).
    /// </summary>
    public static readonly CachedRead ListRead = new("cycle-list", typeof(EvaluationCycle), typeof(Evaluation), typeof(EvaluationEvent),
        typeof(Core.People.Employee), typeof(Core.Units.Unit), typeof(Core.Identity.AppUser));

    /// <summary>What a viewer's filter of a cycle comes to; Progress is null when the cycle shows them nothing (404).</summary>
    private sealed record Listing(CycleProgress? Progress, CyclePackets? Candidates);

    /// <summary>The kept HTML of the list on a GET (null on a post shown again, which renders afresh).</summary>
    public CachedPage? Cached { get; private set; }


    // The list's filter and page (also posted with "Generate packets for the filter"). A value that does not bind
    // (p=abc) leaves the default; one that names nothing is answered in the list (CycleProgress.Warnings).
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public EvaluationCycle Cycle => Progress.Cycle;
    public CycleProgress Progress { get; private set; } = default!;
    public IReadOnlyList<ProgressRow> Rows => Progress.Rows;
    /// <summary>Null for someone who makes no packets in this cycle: the section is not shown.</summary>
    public CyclePackets? Packets { get; private set; }

    private CycleFilter Filter => new(Unit, Status, Q, PageNumber);

    public async Task<IActionResult> OnGetAsync(int cycleId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // Everything the list depends on besides the data: the viewer (whose files they keep, never their own), today
        // (who is late) and the filter as asked (escaped, so no value can pass for another field).
        static string Part(string? value) => Uri.EscapeDataString(value ?? "");
        var key = string.Join('|', cycleId, viewer.UserId, viewer.EmployeeId, viewer.ScopeKey, Core.Calendar.DepartmentCalendar.Today(clock), Unit,
            Part(Status), Part(Q), PageNumber);
        var listing = await cache.GetOrCreateAsync(ListRead, key, async () =>
        {
            if (await evaluations.CycleListAsync(viewer, cycleId, Filter, ct) is not { } progress) return new Listing(null, null);
            var shown = new PacketListing([.. progress.Rows.Select(r => r.EvaluationId)], progress.MatchingIds);
            return new Listing(progress, await packets.CandidatesOfCycleAsync(viewer, cycleId, shown, ct));
        }, ct);
        if (listing.Progress is not { } kept) return NotFound();
        await evaluations.AuditListedAsync(viewer, kept, ct);
        Progress = kept;
        Packets = listing.Candidates is { } candidates ? candidates with { Latest = await packets.LatestAsync(viewer, cycleId, null, ct) } : null;
        Cached = await pages.LookupAsync(ListRead, key, ct, ShowsGenerateForm ? ["list", "candidates"] : ["list"]);
        return Page();
    }

    /// <summary>The form to generate packets is shown when the viewer makes packets here and no batch of theirs is running.</summary>
    public bool ShowsGenerateForm => Packets is { } p && (p.Latest is null || p.Latest.IsFinished);

    private async Task<bool> LoadAsync(int cycleId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await evaluations.CycleProgressAsync(viewer, cycleId, Filter, ct) is not { } progress) return false;
        Progress = progress;
        Packets = await packets.CyclePacketsAsync(viewer, cycleId, new PacketListing([.. progress.Rows.Select(r => r.EvaluationId)], progress.MatchingIds), ct);
        return true;
    }

    /// <summary>The list's address with its filter and the given page (or the first page of the given filter).</summary>
    public string ListUrl(int page, int? unit = null, string? status = null, string? q = null, bool keepFilter = true)
    {
        var f = Progress.Filter;
        var query = new List<string>();
        void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) query.Add($"{key}={Uri.EscapeDataString(value)}"); }
        Add("Unit", (keepFilter ? f.UnitId : unit)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("Status", keepFilter ? f.Status : status);
        Add("Q", keepFilter ? f.Search : q);
        if (page > 1) Add("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"/evaluations/cycles/{Cycle.Id}{(query.Count > 0 ? "?" + string.Join("&", query) : "")}";
    }

    /// <summary>"Generate packets": the whole cycle (Scope=all) or the ticked evaluations.</summary>
    public async Task<IActionResult> OnPostGenerateAsync(int cycleId, string? scope, int[] evaluationIds, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // "The filter": every evaluation it matches on every page, not only the ticks of the page shown.
        var outcome = scope == "filter"
            ? await dispatcher.StartMatchingAsync(viewer, cycleId, await evaluations.CycleMatchesAsync(viewer, cycleId, Filter with { Page = 1 }, ct), ct)
            : await dispatcher.StartAsync(viewer, cycleId, scope == "all", evaluationIds, ct);
        return await AnswerAsync(cycleId, outcome, "The packets are being generated. You can leave this page; the job carries on, and the page shows where it is when you come back.", ct);
    }

    public async Task<IActionResult> OnPostRetryFailedAsync(int cycleId, int? batch, CancellationToken ct)
    {
        var outcome = await dispatcher.RetryFailedAsync(await HttpContext.ViewerAsync(ct), cycleId, batch, PostedVersion(), ct);
        return await AnswerAsync(cycleId, outcome, "The failed packets are being generated again.", ct);
    }

    private async Task<IActionResult> AnswerAsync(int cycleId, Core.Common.Outcome outcome, string message, CancellationToken ct)
    {
        if (Handle(outcome, _ => $"/evaluations/cycles/{cycleId}#packets", message) is { } answer) return answer;
        return await LoadAsync(cycleId, ct) ? Page() : NotFound();
    }

    /// <summary>Where the viewer's latest batch of the cycle (or the given one) stands, for the progress bar; 404 out of scope.</summary>
    public async Task<IActionResult> OnGetStatusAsync(int cycleId, int? batch, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await packets.LatestAsync(viewer, cycleId, batch, ct) is { } view) return new JsonResult(new { batch = StatusOf(cycleId, view) });
        // No batch yet is an answer for someone who makes packets in this cycle; for anyone else the cycle is not there.
        return batch is null && await packets.CyclePacketsAsync(viewer, cycleId, ct: ct) is not null ? new JsonResult(new { batch = (object?)null }) : NotFound();
    }

    public static object StatusOf(int cycleId, PacketBatchView b) => new
    {
        id = b.Id, status = b.Status.ToString(), total = b.Total, done = b.Done, failed = b.Failed, processed = b.Processed, percent = b.Percent,
        finished = b.IsFinished, summary = b.Summary, jobError = b.JobError, round = b.Round,
        failures = b.Failures.Select(f => new { evaluationId = f.EvaluationId, employee = f.Employee, unit = f.Unit, reason = f.Reason }),
        zipUrl = b.HasZip ? ZipUrl(cycleId, b.Id) : null,
    };

    public static string ZipUrl(int cycleId, int batchId) => $"/evaluations/cycles/{cycleId}?handler=Zip&batch={batchId}";

    /// <summary>"Download ZIP": every packet of the batch and its manifest; audited for every evaluation in it.</summary>
    public async Task<IActionResult> OnGetZipAsync(int cycleId, int? batch, CancellationToken ct)
    {
        if (await packets.OpenZipAsync(await HttpContext.ViewerAsync(ct), cycleId, batch, ct) is not { } zip) return NotFound();
        Response.ContentLength = zip.Document.Size;
        return File(zip.Content, zip.Document.ContentType, zip.Document.FileName);
    }
}
