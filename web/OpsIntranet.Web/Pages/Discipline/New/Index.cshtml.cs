using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Discipline.New;

/// <summary>Recommends a disciplinary action, with the person's progressive history beside the form.</summary>
public class IndexModel(AppDbContext db, DisciplineService discipline, Core.Audit.AuditLog audit) : RecordPage
{
    [BindProperty] public DisciplineLevel Level { get; set; }
    [BindProperty] public DateOnly? IncidentDate { get; set; }
    [BindProperty] public string? Policy { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool SharedWithEmployee { get; set; }
    [BindProperty] public string? SkipJustification { get; set; }
    public Employee Person { get; private set; } = default!;
    public DisciplineStanding Standing { get; private set; } = new([]);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        Level = Standing.NextStep;
        return await ShownAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await discipline.RecommendAsync(viewer, id, new DisciplineInput(Level, IncidentDate, Policy, Description, SharedWithEmployee, SkipJustification), ct);
        return Handle(outcome, i => $"/discipline/{i}", "Recommended. Someone else who keeps this person's file (another of their managers, or an administrator) approves it.") ?? await ShownAsync(ct);
    }

    /// <summary>The prior actions beside the form are a read of each of them.</summary>
    private async Task<IActionResult> ShownAsync(CancellationToken ct)
    {
        await audit.ViewedAsync(await HttpContext.ViewerAsync(ct), Core.Audit.AuditRecords.Discipline, Standing.History.Select(a => (a.Id, (int?)Person.Id)), "listed beside a new recommendation", ct: ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (person is null || await discipline.StandingAsync(viewer, id, ct) is not { } standing) return NotFound();
        Person = person;
        Standing = standing;
        return null;
    }
}
