using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Projects.Edit;

/// <summary>Records a project or committee (/projects/new) or edits one.</summary>
public class IndexModel(AppDbContext db, ProjectService projects) : RecordPage
{
    [BindProperty] public ProjectKind Kind { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public ProjectStatus Status { get; set; }
    [BindProperty] public int? LeadEmployeeId { get; set; }
    [BindProperty] public DateOnly? StartDate { get; set; }
    [BindProperty] public DateOnly? EndDate { get; set; }
    public int? ProjectId { get; private set; }
    public uint Version { get; private set; }
    public List<(int Id, string Name)> People { get; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (id is { } existing)
        {
            if (await projects.ForEditAsync(viewer, existing, ct) is not { } p) return NotFound();
            (ProjectId, Version, Kind, Name, Purpose, Status, LeadEmployeeId, StartDate, EndDate) = (p.Id, p.Version, p.Kind, p.Name, p.Purpose, p.Status, p.LeadEmployeeId, p.StartDate, p.EndDate);
        }
        else
        {
            if (projects.NewForm(viewer) is not { } form) return NotFound();
            (StartDate, LeadEmployeeId) = (form.StartDate, form.LeadEmployeeId);
        }
        await LoadPeopleAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await projects.SaveAsync(viewer, id, PostedVersion(), new ProjectInput(Kind, Name, Purpose, Status, LeadEmployeeId, StartDate, EndDate), ct);
        if (Handle(outcome, i => $"/projects/{i}", id is null ? "Recorded." : "Saved.") is { } done) return done;
        (ProjectId, Version) = (id, PostedVersion());
        await LoadPeopleAsync(ct);
        return Page();
    }

    private async Task LoadPeopleAsync(CancellationToken ct) =>
        People.AddRange((await db.Employees.AsNoTracking().Where(e => e.IsActive).OrderBy(e => e.LastName)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)));
}
