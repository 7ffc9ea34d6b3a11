using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Details;

/// <summary>An initiative: its problem, metric, baseline and computed result, actions and updates; stage moves for its managers.</summary>
public class IndexModel(AppDbContext db, InitiativeService initiatives, TimeProvider clock) : RecordPage
{
    public Initiative Initiative { get; private set; } = default!;
    public Viewer Viewer { get; private set; } = default!;
    public InitiativeResult? Result { get; private set; }
    public MetricDefinition? Metric { get; private set; }
    public List<(int Id, string Name)> People { get; } = [];
    public DateOnly Today { get; private set; }
    public bool CanManage => Viewer.CanManage(Initiative.Units.Select(u => u.UnitId));
    public bool CanContribute => Viewer.CanContribute(Initiative.Units.Select(u => u.UnitId));

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostMoveAsync(int id, InitiativeStage stage, InitiativeStatus status, string? moveNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.MoveAsync(Viewer, id, PostedVersion(), stage, status, moveNote, ct), "Moved.", ct);

    public Task<IActionResult> OnPostAddActionAsync(int id, string? actionDescription, int? actionOwner, DateOnly? actionDue, CancellationToken ct) =>
        RunAsync(id, v => initiatives.AddActionAsync(Viewer, id, actionDescription, actionOwner, actionDue, ct), "Action added.", ct);

    public Task<IActionResult> OnPostCompleteActionAsync(int id, int actionId, string? completionNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.CompleteActionAsync(Viewer, id, actionId, PostedVersion(), completionNote, ct), "Action completed.", ct);

    public Task<IActionResult> OnPostAddUpdateAsync(int id, DateOnly? updateDate, string? updateNote, CancellationToken ct) =>
        RunAsync(id, v => initiatives.AddUpdateAsync(Viewer, id, updateDate, updateNote, ct), "Update added.", ct);

    private async Task<IActionResult> RunAsync(int id, Func<Viewer, Task<Outcome>> command, string message, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await command(Viewer);
        if (Handle(outcome, _ => $"/initiatives/{id}", message) is { } done) return done;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        Viewer ??= await HttpContext.ViewerAsync(ct);
        var initiative = await db.Initiatives.AsNoTracking()
            .Include(i => i.Units).ThenInclude(u => u.Unit).Include(i => i.Owner).Include(i => i.Metric)
            .Include(i => i.Actions).ThenInclude(a => a.Owner).Include(i => i.Updates)
            .AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        // The owner of one of its actions reads it too (a trainer doing a contact center's refresher), to see and complete their action.
        if (initiative is null || !Viewer.CanRead(initiative.Units.Select(u => u.UnitId)) && !initiative.Actions.Any(a => Viewer.EmployeeId is { } me && a.OwnerEmployeeId == me)) return NotFound();
        Initiative = initiative;
        Metric = initiative.Metric;
        Result = await initiatives.ResultAsync(initiative, ct);
        Today = DepartmentCalendar.Today(clock);
        if (CanManage)
        {
            // Owners are people who can sign in and mark their action done, from any unit (a trainer can own a contact center's refresher).
            People.AddRange(await initiatives.ActionOwnerChoicesAsync(ct));
        }
        return null;
    }

    public string Value(decimal? v) => v is null || Metric is null ? "—" : MetricFormatting.Format(v, Metric);
}
