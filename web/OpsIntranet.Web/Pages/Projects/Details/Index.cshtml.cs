using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Projects.Details;

/// <summary>A project or committee: purpose, members, meetings and milestones.</summary>
public class IndexModel(AppDbContext db, ProjectService projects, TimeProvider clock) : RecordPage
{
    public SpecialProject Project { get; private set; } = default!;
    public ProjectSteps Steps { get; private set; } = new(false);
    public List<(int Id, string Name)> People { get; } = [];
    public DateOnly Today { get; private set; }

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostAddMemberAsync(int id, int? memberEmployeeId, string? externalName, string? role, CancellationToken ct) =>
        RunAsync(id, v => projects.AddMemberAsync(v, id, memberEmployeeId, externalName, role, ct), "Member added.", ct);

    public Task<IActionResult> OnPostAddEntryAsync(int id, ProjectEntryKind entryKind, DateOnly? entryDate, string? entryTitle, string? entryNotes, CancellationToken ct) =>
        RunAsync(id, v => projects.AddEntryAsync(v, id, entryKind, entryDate, entryTitle, entryNotes, false, ct), entryKind == ProjectEntryKind.Meeting ? "Meeting recorded." : "Milestone added.", ct);

    public Task<IActionResult> OnPostReachAsync(int id, int entryId, CancellationToken ct) =>
        RunAsync(id, async v =>
        {
            // The milestone must belong to this project; anything else is not there.
            if (!await db.ProjectEntries.AnyAsync(e => e.Id == entryId && e.ProjectId == id, ct)) return Outcome.NotFound;
            return await projects.ReachMilestoneAsync(v, entryId, ct);
        }, "Milestone reached.", ct);

    private async Task<IActionResult> RunAsync(int id, Func<Viewer, Task<Outcome>> command, string message, CancellationToken ct)
    {
        var outcome = await command(await HttpContext.ViewerAsync(ct));
        if (Handle(outcome, _ => $"/projects/{id}", message) is { } done) return done;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        var shown = await ShowOrNotFoundAsync(projects.DetailsAsync(await HttpContext.ViewerAsync(ct), id, ct), d => (Project, Steps) = (d.Project, d.Steps));
        Today = DepartmentCalendar.Today(clock);
        // Steps stay at "nothing" when the project was not found, so a 404 loads no list.
        if (Steps.CanManage)
            People.AddRange((await db.Employees.AsNoTracking().Where(e => e.IsActive).OrderBy(e => e.LastName)
                .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName }).ToListAsync(ct)).Select(e => (e.Id, e.Name)));
        return shown;
    }
}
