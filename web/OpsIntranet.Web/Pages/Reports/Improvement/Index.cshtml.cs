using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Documents.ContinuousImprovementReport;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Improvement;

/// <summary>
/// The continuous-improvement report on demand: choose a period and units, preview it as HTML or download
/// the PDF. Managers report on their units, leadership and administrators on all; anyone else gets 404.
/// A unit outside the viewer's scope is refused next to the field (422), like one that does not exist.
/// </summary>
public class IndexModel(ImprovementReportQuery query, ImprovementReportDocuments documents, TimeProvider clock, PageCache pages) : RecordPage
{
    /// <summary>The form as shown on a GET: the viewer's active units and, on a first visit, the latest approved month they start from.</summary>
    public static readonly CachedRead FormRead = new("report-form", typeof(Core.Units.Unit), typeof(Core.Metrics.MetricSubmission));

    /// <summary>The form on a plain GET; null for a preview or download refused with errors (422), rendered afresh.</summary>
    public CachedPage? Cached { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Quarter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Through { get; set; }
    [BindProperty(SupportsGet = true)] public List<string> Units { get; set; } = [];

    public ReportChoices Choices { get; private set; } = new([], false);

    /// <summary>The quarters offered: the latest that has ended and the seven before it, newest first.</summary>
    public IReadOnlyList<ReportPeriod> Quarters { get; private set; } = [];

    public string LatestMonthKey { get; private set; } = "";

    public bool IsChecked(int unitId) => Units.Contains(unitId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // The units offered follow the scope; the quarters and the latest month the day; the fields the query string.
        Cached = await pages.LookupAsync(FormRead, $"{viewer.ScopeKey}|{DepartmentCalendar.Today(clock)}|{Request.QueryString.Value}", ct, "form");
        if (Cached.IsHit) return Page();
        var found = false;
        await Cached.LoadAsync(async () =>
        {
            if (!(found = await PrepareAsync(ct))) return;
            // A first visit (nothing chosen yet) starts from the latest approved month and every unit of the viewer.
            if (Request.Query.Count == 0) await DefaultsAsync(ct);
        });
        return found ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetPreviewAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return NotFound();
        if (Check() is not { } request) return Invalid();
        var (period, units) = request;
        var html = await documents.RenderHtmlAsync(ReportKind.ContinuousImprovement, units, period, await HttpContext.ViewerAsync(ct), ct);
        return html is null ? NotFound() : Content(html, "text/html; charset=utf-8");
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return NotFound();
        if (Check() is not { } request) return Invalid();
        var (period, units) = request;
        var report = await documents.RenderAsync(ReportKind.ContinuousImprovement, units, period, await HttpContext.ViewerAsync(ct), ct);
        return report is null ? NotFound() : File(report.Pdf, "application/pdf", report.FileName);
    }

    /// <summary>The viewer's units and the quarters to offer; false when the report is not theirs (404).</summary>
    private async Task<bool> PrepareAsync(CancellationToken ct)
    {
        if (await query.ChoicesAsync(await HttpContext.ViewerAsync(ct), ct) is not { } choices) return false;
        Choices = choices;
        var last = ReportForm.LastEndedMonth(DepartmentCalendar.Today(clock));
        LatestMonthKey = DepartmentCalendar.MonthKey(last);
        var quarter = ReportForm.LatestQuarterBy(last);
        var quarters = new List<ReportPeriod>();
        for (var i = 0; i < 8; i++, quarter = ReportPeriod.QuarterOf(quarter.From.AddMonths(-1))) quarters.Add(quarter);
        Quarters = quarters;
        return true;
    }

    private async Task DefaultsAsync(CancellationToken ct)
    {
        var last = ReportForm.LastEndedMonth(DepartmentCalendar.Today(clock));
        // On the 1st (or before the due day) last month is rarely approved yet: start from the latest month that is.
        var month = await query.LatestApprovedMonthAsync(await HttpContext.ViewerAsync(ct), ct) is { } approved && approved <= last ? approved : last;
        Kind = nameof(ReportPeriodKind.Month);
        Month = Through = DepartmentCalendar.MonthKey(month);
        Quarter = ReportForm.LatestQuarterBy(month).Key;
        Units = Choices.Units.Select(u => u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private (ReportPeriod Period, IReadOnlyList<int> Units)? Check()
    {
        var (period, units, errors) = new ReportForm(Kind, Month, Quarter, Through, Units).Check(Choices.Units.Select(u => u.Id).ToHashSet(), DepartmentCalendar.Today(clock));
        Errors = errors;
        return period is null ? null : (period, units);
    }

    private PageResult Invalid()
    {
        Error = "The report was not made; see the fields below.";
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
