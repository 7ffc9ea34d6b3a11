using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.NewCycle;

/// <summary>Starts a cycle for a chosen set of the people a manager keeps (administrators: anyone).</summary>
public class IndexModel(AppDbContext db, EvaluationService evaluations) : RecordPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public CycleKind Kind { get; set; }
    [BindProperty] public DateOnly? PeriodStart { get; set; }
    [BindProperty] public DateOnly? PeriodEnd { get; set; }
    [BindProperty] public DateOnly? DueDate { get; set; }
    [BindProperty] public int? ReviewerUserId { get; set; }
    [BindProperty] public List<int> EmployeeIds { get; set; } = [];
    public List<(int Id, string Name, string Position, string? Unit)> People { get; } = [];
    public List<(int UserId, string Name)> Reviewers { get; } = [];
    /// <summary>People who already have an evaluation of the chosen kind for an overlapping period, with its cycle: offered but not selectable.</summary>
    public Dictionary<int, string> AlreadyEvaluated { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } viewer) return NotFound();
        var defaults = evaluations.DefaultCycle();
        Name = defaults.Name;
        Kind = defaults.Kind;
        PeriodStart = defaults.PeriodStart;
        PeriodEnd = defaults.PeriodEnd;
        DueDate = defaults.DueDate;
        await MarkAlreadyEvaluatedAsync(ct);
        // Supervisors are the usual subjects; the manager adds or removes anyone else.
        var supervisors = await Viewers.EmployeesInRole(db, Roles.Supervisor).ToListAsync(ct);
        EmployeeIds = People.Where(p => supervisors.Contains(p.Id) && !AlreadyEvaluated.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        // The reviewer is normally the manager's own manager.
        var boss = viewer.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => e.ReportsToId).SingleOrDefaultAsync(ct) : null;
        ReviewerUserId = await db.Users.Where(u => u.EmployeeId == boss && boss != null).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } viewer) return NotFound();
        var outcome = await evaluations.CreateCycleAsync(viewer, new CycleInput(Name, Kind, PeriodStart, PeriodEnd, DueDate, EmployeeIds, ReviewerUserId), ct);
        var done = Handle(outcome, id => $"/evaluations/cycles/{id}", $"Cycle started with {EmployeeIds.Count} evaluation(s).");
        if (done is null) await MarkAlreadyEvaluatedAsync(ct);
        return done ?? Page();
    }

    private async Task MarkAlreadyEvaluatedAsync(CancellationToken ct) =>
        AlreadyEvaluated = Enum.IsDefined(Kind) && PeriodStart is { } from && PeriodEnd is { } to && from <= to
            ? await evaluations.AlreadyEvaluatedAsync(People.Select(p => p.Id).ToList(), Kind, from, to, ct)
            : [];

    private async Task<Viewer?> LoadAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!viewer.CanStartCycle) return null;
        var people = await viewer.FilterManaged(db.Employees.AsNoTracking()).Where(e => e.IsActive && e.Id != (viewer.EmployeeId ?? 0))
            .OrderBy(e => e.Unit == null ? "" : e.Unit.Name).ThenBy(e => e.LastName)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName, e.Position, Unit = e.Unit == null ? null : e.Unit.Name }).ToListAsync(ct);
        People.AddRange(people.Select(p => (p.Id, p.Name, p.Position, p.Unit)));
        Reviewers.AddRange(await evaluations.ReviewerCandidatesAsync(viewer, ct));
        return viewer;
    }
}
