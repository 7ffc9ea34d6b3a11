using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Documents.UnitScorecard;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Units.Details;

/// <summary>A unit's month: every metric against target, 24-month trends, and the scorecard PDF; <see cref="ScorecardService.UnitPageAsync"/> decides who sees the unit and which steps it offers.</summary>
public class IndexModel(AppDbContext db, ScorecardService scorecards, DocumentRenderer documents, CompletenessService completeness, SignalService signals, OpsIntranet.Core.Goals.GoalService goals, ScorecardCache cache, TimeProvider clock,
    OpsIntranet.Core.Improvement.InitiativeService initiatives, PageCache pages) : RecordPage
{
    /// <summary>
    /// The whole page below the flash message, kept per data version, person and day: the unit and its scorecard,
    /// signals and dismissals, the submission history, goals and initiatives (overdue and the fiscal year move with the date).
    /// </summary>
    public static readonly CachedRead UnitPageRead = new("unit-page", [.. ScorecardService.UnitRead.DependsOn, typeof(OpsIntranet.Core.Calendar.CityHoliday),
        typeof(SubmissionEvent), typeof(OpsIntranet.Core.People.Employee),
        typeof(OpsIntranet.Core.Improvement.SignalDismissal), typeof(OpsIntranet.Core.Improvement.Initiative), typeof(OpsIntranet.Core.Improvement.InitiativeUnit),
        typeof(OpsIntranet.Core.Improvement.InitiativeAction), typeof(OpsIntranet.Core.Goals.UnitGoal), typeof(OpsIntranet.Core.Goals.GoalUpdate)]);

    public CachedPage Cached { get; private set; } = default!;

    /// <summary>The charts are drawn from the unit's scorecard, so they depend on exactly its tables.</summary>
    public static readonly CachedRead ChartsRead = new("charts", [.. ScorecardService.UnitRead.DependsOn]);

    public UnitPage Unit { get; private set; } = default!;
    public string UnitName => Unit.Name;
    public UnitSteps Can => Unit.Can;
    public UnitScorecard? Scorecard { get; private set; }
    public MonthSelection Selection { get; private set; } = new(null, [], null);
    public List<TrendChartModel> Charts { get; } = [];
    public BoardRow? History { get; private set; }
    public IReadOnlyList<MetricSignal> Signals { get; private set; } = [];
    public SignalList SignalItems { get; private set; } = new([], null);
    public List<OpsIntranet.Core.Improvement.InitiativeCard> Initiatives { get; } = [];
    public IReadOnlyList<OpsIntranet.Core.Improvement.InitiativeService.DismissedSignal> Dismissed { get; private set; } = [];
    public IReadOnlyList<OpsIntranet.Core.Goals.GoalRow> Goals { get; private set; } = [];
    public int GoalYear { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? month, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // The same person with the same roles and units was shown this page at this data version: it was in their scope then and is now.
        Cached = await pages.LookupAsync(UnitPageRead, $"{id}|{month}|{viewer.UserId}|{viewer.EmployeeId}|{viewer.ScopeKey}|{DepartmentCalendar.Today(clock)}", ct, "page");
        if (Cached.IsHit) return Page();
        UnitPage? unit = null;
        await Cached.LoadAsync(async () => unit = await ReadAsync(viewer, id, month, ct));
        if (unit is null) return NotFound();
        Unit = unit;
        return Page();
    }

    /// <summary>The unit and everything its page shows about it; null when the unit is not there for the viewer.</summary>
    private async Task<UnitPage?> ReadAsync(Viewer viewer, int id, string? month, CancellationToken ct)
    {
        if (await LoadAsync(viewer, id, month, trendMonths: 24, ct) is not { } unit) return null;
        History = (await completeness.BoardAsync(viewer.OnlyUnits([id]), 12, ct)).SingleOrDefault();
        if (Scorecard is not null)
        {
            Signals = await signals.ForMonthAsync(viewer, Scorecard.Month, id, ct);
            SignalItems = new SignalList(await initiatives.AnnotateAsync(Signals, ct), viewer);
            Dismissed = await initiatives.DismissedAsync(id, Scorecard.Month, ct);
        }
        GoalYear = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Goals = await goals.ListAsync(viewer, GoalYear, id, ct);
        Initiatives.AddRange((await initiatives.BoardAsync(viewer, new OpsIntranet.Core.Improvement.InitiativeFilter(id, null, null), ct))
            .Where(c => c.Status is OpsIntranet.Core.Improvement.InitiativeStatus.Active or OpsIntranet.Core.Improvement.InitiativeStatus.OnHold));
        if (Scorecard is { } unitCard)
        {
            // Drawing a dozen charts costs more than the rest of the page; they change only with the data.
            var charts = await cache.GetOrCreateAsync(ChartsRead, $"{id}:{unitCard.Month}", () => Task.FromResult(
                unitCard.Trends.Where(t => t.Metric.Direction != MetricDirection.Informational).Select(t => TrendChart.Build(t, 560, 220)).ToList()), ct);
            Charts.AddRange(charts);
        }
        return unit;
    }

    public async Task<IActionResult> OnGetPdfAsync(int id, string? month, CancellationToken ct)
    {
        if (await LoadAsync(await HttpContext.ViewerAsync(ct), id, month, trendMonths: 24, ct) is null || Scorecard is null) return NotFound();
        var model = UnitScorecardModel.From(Scorecard, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await documents.RenderPdfAsync<UnitScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
        var name = $"{Scorecard.UnitCode}-scorecard-{DepartmentCalendar.MonthKey(Scorecard.Month)}.pdf";
        return File(pdf, "application/pdf", name);
    }

    public Task<IActionResult> OnGetExportCsvAsync(int id, [FromServices] MetricExportService export, CancellationToken ct) => ExportAsync(id, export, excel: false, ct);

    public Task<IActionResult> OnGetExportXlsxAsync(int id, [FromServices] MetricExportService export, CancellationToken ct) => ExportAsync(id, export, excel: true, ct);

    /// <summary>The whole history of the unit; only the scope is checked, no scorecard is built.</summary>
    private async Task<IActionResult> ExportAsync(int id, MetricExportService export, bool excel, CancellationToken ct)
    {
        if (await scorecards.UnitPageAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } unit) return NotFound();
        var rows = await export.RowsAsync(id, ct);
        return excel
            ? File(MetricExportService.ToXlsx(rows, unit.Name), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{unit.Code}-metric-history.xlsx")
            : File(MetricExportService.ToCsv(rows), "text/csv", $"{unit.Code}-metric-history.csv");
    }

    /// <summary>The unit, the months to pick from and the selected month's scorecard; null (404) when the unit is missing or out of scope, so ids cannot be probed.</summary>
    private async Task<UnitPage?> LoadAsync(Viewer viewer, int id, string? month, int trendMonths, CancellationToken ct)
    {
        if (await scorecards.UnitPageAsync(viewer, id, ct) is not { } unit) return null;
        Unit = unit;
        Selection = await MonthSelection.ResolveAsync(db, viewer, month, ct, unitId: id);
        if (Selection.Selected is { } selected)
            Scorecard = await scorecards.UnitAsync(id, selected, trendMonths, ct);
        return unit;
    }
}
