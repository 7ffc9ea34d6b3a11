using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.NewCycle;

/// <summary>Starts a cycle for a chosen set of the people a manager keeps (administrators: anyone).</summary>
public class IndexModel(EvaluationService evaluations) : RecordPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public CycleKind Kind { get; set; }
    [BindProperty] public DateOnly? PeriodStart { get; set; }
    [BindProperty] public DateOnly? PeriodEnd { get; set; }
    [BindProperty] public DateOnly? DueDate { get; set; }
    [BindProperty] public int? ReviewerUserId { get; set; }
    [BindProperty] public List<int> EmployeeIds { get; set; } = [];
    public IReadOnlyList<CycleCandidate> People { get; private set; } = [];
    public IReadOnlyList<(int UserId, string Name)> Reviewers { get; private set; } = [];
    /// <summary>People who already have an evaluation of the chosen kind for an overlapping period, with its cycle: offered but not selectable.</summary>
    public Dictionary<int, string> AlreadyEvaluated { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not (var viewer, var choices)) return NotFound();
        var defaults = evaluations.DefaultCycle();
        Name = defaults.Name;
        Kind = defaults.Kind;
        PeriodStart = defaults.PeriodStart;
        PeriodEnd = defaults.PeriodEnd;
        DueDate = defaults.DueDate;
        await MarkAlreadyEvaluatedAsync(ct);
        var (subjects, reviewer) = await evaluations.UsualSetupAsync(viewer, choices, ct);
        EmployeeIds = subjects.Where(id => !AlreadyEvaluated.ContainsKey(id)).ToList();
        ReviewerUserId = reviewer;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not (var viewer, _)) return NotFound();
        var outcome = await evaluations.CreateCycleAsync(viewer, new CycleInput(Name, Kind, PeriodStart, PeriodEnd, DueDate, EmployeeIds, ReviewerUserId), ct);
        var done = Handle(outcome, id => $"/evaluations/cycles/{id}", $"Cycle started with {EmployeeIds.Count} evaluation(s).");
        if (done is null) await MarkAlreadyEvaluatedAsync(ct);
        return done ?? Page();
    }

    private async Task MarkAlreadyEvaluatedAsync(CancellationToken ct) =>
        AlreadyEvaluated = Enum.IsDefined(Kind) && PeriodStart is { } from && PeriodEnd is { } to && from <= to
            ? await evaluations.AlreadyEvaluatedAsync(People.Select(p => p.Id).ToList(), Kind, from, to, ct)
            : [];

    private async Task<(Viewer, CycleChoices)?> LoadAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await evaluations.CycleChoicesAsync(viewer, ct) is not { } choices) return null;
        (People, Reviewers) = (choices.People, choices.Reviewers);
        return (viewer, choices);
    }
}
