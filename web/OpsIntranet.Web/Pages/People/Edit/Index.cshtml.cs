using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Edit;

/// <summary>Adds a person (/people/new) or edits one: moving them to another unit or recording that they left hands their open work over in the same step. Administrators only.</summary>
public class IndexModel(AppDbContext db, PeopleService people) : RecordPage
{
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Position { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public int? UnitId { get; set; }
    [BindProperty] public int? ReportsToId { get; set; }
    [BindProperty] public DateOnly? HireDate { get; set; }
    [BindProperty] public bool IsActive { get; set; } = true;
    [BindProperty] public DateOnly? LeftOn { get; set; }
    [BindProperty] public int? HandOverToUserId { get; set; }
    [BindProperty] public string? HandOverReason { get; set; }
    public int? PersonId { get; private set; }
    public uint Version { get; private set; }
    public string Heading { get; private set; } = "Add a person";
    public OpenWork Open { get; private set; } = new(0, 0, 0);
    public List<(int Id, string Name)> Units { get; } = [];
    public List<(int Id, string Name)> Managers { get; } = [];
    public List<(int UserId, string Name)> Successors { get; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        if (id is not null)
        {
            var e = await db.Employees.AsNoTracking().SingleAsync(x => x.Id == id, ct);
            (FirstName, LastName, Position, Email, UnitId, ReportsToId, HireDate, IsActive, LeftOn) = (e.FirstName, e.LastName, e.Position, e.Email, e.UnitId, e.ReportsToId, e.HireDate, e.IsActive, e.LeftOn);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await people.SaveAsync(viewer, id, PostedVersion(),
            new EmployeeInput(FirstName, LastName, Position, Email, UnitId, ReportsToId, HireDate, IsActive, LeftOn, HandOverToUserId, HandOverReason), ct);
        return Handle(outcome, i => $"/people/{i}", id is null ? "Person added." : "Saved.") ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int? id, CancellationToken ct)
    {
        if (await people.FormAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } form) return NotFound();
        if (form.Person is { } e)
        {
            PersonId = e.Id;
            Version = e.Version;
            Heading = $"Edit {e.FullName}";
            Open = await people.OpenWorkAsync(e.Id, ct);
            Successors.AddRange(await people.SuccessorCandidatesAsync(e.Id, ct));
        }
        // A deactivated unit takes nobody new; the person's current one stays in the list so the form keeps it.
        var current = id is { } person ? await db.Employees.AsNoTracking().Where(e => e.Id == person).Select(e => e.UnitId).SingleOrDefaultAsync(ct) : null;
        Units.AddRange((await db.Units.AsNoTracking().Where(u => u.IsActive || u.Id == current).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)));
        // Anyone can be a reporting line, but it is usually someone with people under them; show everyone active, leads first.
        Managers.AddRange((await db.Employees.AsNoTracking().Where(e => e.IsActive && e.Id != (id ?? 0))
            .OrderBy(e => e.LastName).Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)));
        return null;
    }
}
