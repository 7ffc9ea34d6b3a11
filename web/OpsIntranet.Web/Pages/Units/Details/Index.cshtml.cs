using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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

/// <summary>A unit's month: every metric against target, 24-month trends, and the scorecard PDF.</summary>
public class IndexModel(AppDbContext db, ScorecardService scorecards, DocumentRenderer documents, CompletenessService completeness, SignalService signals, OpsIntranet.Core.Goals.GoalService goals, ScorecardCache cache, TimeProvider clock,
    OpsIntranet.Core.Improvement.InitiativeService initiatives) : PageModel
{
    /// <summary>The charts are drawn from the unit's scorecard, so they depend on exactly its tables.</summary>
    public static readonly CachedRead ChartsRead = new("charts", [.. ScorecardService.UnitRead.DependsOn]);

    public UnitScorecard? Scorecard { get; private set; }
    public MonthSelection Selection { get; private set; } = new(null, [], null);
    public List<TrendChartModel> Charts { get; } = [];
    public string UnitName { get; private set; } = "";
    public BoardRow? History { get; private set; }
    public IReadOnlyList<MetricSignal> Signals { get; private set; } = [];
    public SignalList SignalItems { get; private set; } = new([], null);
    public List<OpsIntranet.Core.Improvement.InitiativeCard> Initiatives { get; } = [];
    public IReadOnlyList<OpsIntranet.Core.Improvement.InitiativeService.DismissedSignal> Dismissed { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<OpsIntranet.Core.Goals.GoalRow> Goals { get; private set; } = [];
    public int GoalYear { get; private set; }
    public bool CanManageMetrics { get; private set; }
    public MonthPermissions Permissions { get; private set; } = new(false, false, false);

    public async Task<IActionResult> OnGetAsync(int id, string? month, CancellationToken ct)
    {
        var card = await LoadAsync(id, month, trendMonths: 24, ct);
        if (card is NotFoundResult) return card;
        var scope = _scope!;
        Permissions = scope.ForMonth(id);
        CanManageMetrics = scope.CanManageMetrics(id);
        History = (await completeness.BoardAsync(scope.OnlyUnits([id]), 12, ct)).SingleOrDefault();
        if (Scorecard is not null)
        {
            Signals = await signals.ForMonthAsync(scope, Scorecard.Month, id, ct);
            SignalItems = new SignalList(await initiatives.AnnotateAsync(Signals, ct), await HttpContext.ViewerAsync(ct));
            Dismissed = await initiatives.DismissedAsync(id, Scorecard.Month, ct);
        }
        GoalYear = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Goals = await goals.ListAsync(scope, GoalYear, id, ct);
        var improvementViewer = await HttpContext.ViewerAsync(ct);
        Initiatives.AddRange((await initiatives.BoardAsync(improvementViewer, new OpsIntranet.Core.Improvement.InitiativeFilter(id, null, null), ct))
            .Where(c => c.Status is OpsIntranet.Core.Improvement.InitiativeStatus.Active or OpsIntranet.Core.Improvement.InitiativeStatus.OnHold));
        if (Scorecard is { } unitCard)
        {
            // Drawing a dozen charts costs more than the rest of the page; they change only with the data.
            var charts = await cache.GetOrCreateAsync(ChartsRead, $"{id}:{unitCard.Month}", () => Task.FromResult(
                unitCard.Trends.Where(t => t.Metric.Direction != MetricDirection.Informational).Select(t => TrendChart.Build(t, 560, 220)).ToList()), ct);
            Charts.AddRange(charts);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(int id, string? month, CancellationToken ct)
    {
        var result = await LoadAsync(id, month, trendMonths: 24, ct);
        if (result is NotFoundResult) return result;
        if (Scorecard is null) return NotFound();
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
        var scope = await HttpContext.ViewerAsync(ct);
        var unit = scope.Contains(id) ? await db.Units.FindAsync([id], ct) : null;
        if (unit is null) return NotFound();
        var rows = await export.RowsAsync(id, ct);
        return excel
            ? File(MetricExportService.ToXlsx(rows, unit.Name), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{unit.Code}-metric-history.xlsx")
            : File(MetricExportService.ToCsv(rows), "text/csv", $"{unit.Code}-metric-history.csv");
    }

    /// <summary>Out-of-scope units answer 404 exactly like missing ones, so ids cannot be probed.</summary>
    private Viewer? _scope;

    private async Task<IActionResult?> LoadAsync(int id, string? month, int trendMonths, CancellationToken ct)
    {
        var scope = _scope = await HttpContext.ViewerAsync(ct);
        if (!scope.Contains(id)) return NotFound();
        var unit = await db.Units.FindAsync([id], ct);
        if (unit is null) return NotFound();
        UnitName = unit.Name;
        Selection = await MonthSelection.ResolveAsync(db, scope, month, ct, unitId: id);
        if (Selection.Selected is { } selected)
            Scorecard = await scorecards.UnitAsync(id, selected, trendMonths, ct);
        return null;
    }
}
