using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Discipline.New;

/// <summary>Recommends a disciplinary action, with the person's progressive history beside the form.</summary>
public class IndexModel(AppDbContext db, PersonnelAccessService access, DisciplineService discipline, Core.Audit.AuditLog audit) : RecordPage
{
    [BindProperty] public DisciplineLevel Level { get; set; }
    [BindProperty] public DateOnly? IncidentDate { get; set; }
    [BindProperty] public string? Policy { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool SharedWithEmployee { get; set; }
    public Employee Person { get; private set; } = default!;
    public List<DisciplinaryAction> Prior { get; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? await ShownAsync(ct);

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        var viewer = await access.ForAsync(User, ct);
        var outcome = await discipline.RecommendAsync(viewer, id, new DisciplineInput(Level, IncidentDate, Policy, Description, SharedWithEmployee), ct);
        return Handle(outcome, i => $"/discipline/{i}", "Recommended. Someone else who keeps this person's file (another of their managers, or an administrator) approves it.") ?? await ShownAsync(ct);
    }

    /// <summary>The prior actions beside the form are a read of each of them.</summary>
    private async Task<IActionResult> ShownAsync(CancellationToken ct)
    {
        await audit.ViewedAsync(await access.ForAsync(User, ct), Core.Audit.AuditRecords.Discipline, Prior.Select(a => (a.Id, (int?)a.EmployeeId)), "listed beside a new recommendation", ct: ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var viewer = await access.ForAsync(User, ct);
        if (!viewer.Manages(id) || viewer.IsSelf(id)) return NotFound();
        var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (person is null) return NotFound();
        Person = person;
        Prior.AddRange(await db.DisciplinaryActions.AsNoTracking().Where(a => a.EmployeeId == id).OrderByDescending(a => a.IncidentDate).ToListAsync(ct));
        return null;
    }
}
