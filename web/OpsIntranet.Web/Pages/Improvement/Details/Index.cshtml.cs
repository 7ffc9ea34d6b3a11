using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Details;

/// <summary>An initiative: its problem, metric, baseline and computed result, actions and updates; stage moves for its managers.</summary>
public class IndexModel(InitiativeService initiatives, Core.Storm.AfterActionService afterAction, TimeProvider clock) : RecordPage
{
    public Initiative Initiative { get; private set; } = default!;
    public InitiativeSteps Steps { get; private set; } = new(false, false, new HashSet<int>());
    public InitiativeResult? Result { get; private set; }
    public MetricDefinition? Metric => Initiative.Metric;
    public List<(int Id, string Name)> People { get; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>The storm event's after-action item this initiative was made from, when the viewer may read that event.</summary>
    public Core.Storm.AfterActionSource? FromStorm { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(await HttpContext.ViewerAsync(ct), id, ct);

    public Task<IActionResult> OnPostMoveAsync(int id, InitiativeStage stage, InitiativeStatus status, string? moveNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.MoveAsync(v, id, PostedVersion(), stage, status, moveNote, ct), "Moved.", ct);

    public Task<IActionResult> OnPostAddActionAsync(int id, string? actionDescription, int? actionOwner, DateOnly? actionDue, CancellationToken ct) =>
        RunAsync(id, v => initiatives.AddActionAsync(v, id, actionDescription, actionOwner, actionDue, ct), "Action added.", ct);

    public Task<IActionResult> OnPostCompleteActionAsync(int id, int actionId, string? completionNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.CompleteActionAsync(v, id, actionId, PostedVersion(), completionNote, ct), "Action completed.", ct);

    public Task<IActionResult> OnPostAddUpdateAsync(int id, DateOnly? updateDate, string? updateNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.AddUpdateAsync(v, id, updateDate, updateNote, ct), "Update added.", ct);

    private async Task<IActionResult> RunAsync(int id, Func<Viewer, Task<Outcome>> command, string message, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await command(viewer);
        if (Handle(outcome, _ => $"/initiatives/{id}", message) is { } done) return done;
        return await LoadAsync(viewer, id, ct);
    }

    private async Task<IActionResult> LoadAsync(Viewer viewer, int id, CancellationToken ct)
    {
        var shown = await ShowOrNotFoundAsync(initiatives.DetailsAsync(viewer, id, ct), d => (Initiative, Result, Steps) = (d.Initiative, d.Result, d.Steps));
        Today = DepartmentCalendar.Today(clock);
        if (shown is PageResult) FromStorm = await afterAction.SourceOfInitiativeAsync(viewer, id, ct);
        // Owners are people who can sign in and mark their action done, from any unit (a trainer can own a contact center's refresher).
        if (Steps.CanManage) People.AddRange(await initiatives.ActionOwnerChoicesAsync(ct));
        return shown;
    }

    public string Value(decimal? v) => v is null || Metric is null ? "—" : MetricFormatting.Format(v, Metric);
}
