using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Metrics.List;

/// <summary>A unit's metric definitions: order, targets for the year, active or retired; <see cref="MetricDefinitionService"/> decides who keeps them.</summary>
public class IndexModel(MetricDefinitionService definitions) : RecordPage
{
    public MetricList List { get; private set; } = default!;
    public string UnitName => List.UnitName;
    public int UnitId => List.UnitId;
    public int FiscalYear => List.FiscalYear;
    public IReadOnlyList<MetricDefinition> Metrics => List.Metrics;
    public IReadOnlySet<int> WithData => List.WithData;
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await ShowOrNotFoundAsync(definitions.ListAsync(await HttpContext.ViewerAsync(ct), id, ct), list => List = list);

    public Task<IActionResult> OnPostUpAsync(int id, int metricId, CancellationToken ct) => ActAsync(id, viewer => definitions.MoveAsync(viewer, id, metricId, -1, ct), null, ct);
    public Task<IActionResult> OnPostDownAsync(int id, int metricId, CancellationToken ct) => ActAsync(id, viewer => definitions.MoveAsync(viewer, id, metricId, +1, ct), null, ct);
    public Task<IActionResult> OnPostDeactivateAsync(int id, int metricId, CancellationToken ct) =>
        ActAsync(id, viewer => definitions.SetActiveAsync(viewer, id, metricId, false, ct), "Deactivated: it no longer appears on the monthly form; its history stays.", ct);
    public Task<IActionResult> OnPostActivateAsync(int id, int metricId, CancellationToken ct) =>
        ActAsync(id, viewer => definitions.SetActiveAsync(viewer, id, metricId, true, ct), "Activated: it is on the monthly form again.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, int metricId, CancellationToken ct)
    {
        var outcome = await definitions.DeleteAsync(await HttpContext.ViewerAsync(ct), id, metricId, ct);
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Succeeded) Message = "Deleted."; else Problem = outcome.Message;
        return Redirect($"/units/{id}/metrics");
    }

    private async Task<IActionResult> ActAsync(int id, Func<OpsIntranet.Core.Access.Viewer, Task<Outcome>> act, string? message, CancellationToken ct)
    {
        if ((await act(await HttpContext.ViewerAsync(ct))).Kind == OutcomeKind.NotFound) return NotFound();
        Message = message;
        return Redirect($"/units/{id}/metrics");
    }
}
