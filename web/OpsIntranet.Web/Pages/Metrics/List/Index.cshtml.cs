using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Metrics.List;

/// <summary>A unit's metric definitions: order, targets for the year, active or retired.</summary>
public class IndexModel(AppDbContext db, MetricDefinitionService definitions, TimeProvider clock) : PageModel
{
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public int FiscalYear { get; private set; }
    public List<MetricDefinition> Metrics { get; } = [];
    public HashSet<int> WithData { get; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostUpAsync(int id, int metricId, CancellationToken ct) => ActAsync(id, () => definitions.MoveAsync(id, metricId, -1, ct), null, ct);
    public Task<IActionResult> OnPostDownAsync(int id, int metricId, CancellationToken ct) => ActAsync(id, () => definitions.MoveAsync(id, metricId, +1, ct), null, ct);
    public Task<IActionResult> OnPostDeactivateAsync(int id, int metricId, CancellationToken ct) =>
        ActAsync(id, () => definitions.SetActiveAsync(id, metricId, false, ct), "Deactivated: it no longer appears on the monthly form; its history stays.", ct);
    public Task<IActionResult> OnPostActivateAsync(int id, int metricId, CancellationToken ct) =>
        ActAsync(id, () => definitions.SetActiveAsync(id, metricId, true, ct), "Activated: it is on the monthly form again.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, int metricId, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        var outcome = await definitions.DeleteAsync(id, metricId, ct);
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Succeeded) Message = "Deleted."; else Problem = outcome.Message;
        return Redirect($"/units/{id}/metrics");
    }

    private async Task<IActionResult> ActAsync(int id, Func<Task<Outcome>> act, string? message, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if ((await act()).Kind == OutcomeKind.NotFound) return NotFound();
        Message = message;
        return Redirect($"/units/{id}/metrics");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await HttpContext.ViewerAsync(ct);
        if (!scope.Contains(id) || !scope.CanManageMetrics(id)) return NotFound();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return NotFound();
        UnitId = unit.Id;
        UnitName = unit.Name;
        FiscalYear = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Metrics.AddRange(await db.MetricDefinitions.AsNoTracking().Include(m => m.Targets).Where(m => m.UnitId == id).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).ToListAsync(ct));
        WithData.UnionWith(await db.MetricValues.Where(v => v.MetricDefinition!.UnitId == id).Select(v => v.MetricDefinitionId).Distinct().ToListAsync(ct));
        return null;
    }
}
