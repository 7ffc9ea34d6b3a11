using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Recommendations.New;

/// <summary>Makes a personnel recommendation about one of the manager's people, or a hire for one of their units.</summary>
public class IndexModel(RecommendationService recommendations) : RecordPage
{
    [BindProperty] public RecommendationType Type { get; set; } = RecommendationType.Promotion;
    [BindProperty(SupportsGet = true)] public int? EmployeeId { get; set; }
    [BindProperty] public string? CandidateName { get; set; }
    [BindProperty] public int? UnitId { get; set; }
    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public DateOnly? EffectiveDate { get; set; }
    [BindProperty] public bool SharedWithEmployee { get; set; }
    public IReadOnlyList<(int Id, string Name)> People { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } viewer) return NotFound();
        var outcome = await recommendations.CreateAsync(viewer, new RecommendationInput(Type, Type == RecommendationType.Hire ? null : EmployeeId,
            Type == RecommendationType.Hire ? CandidateName : null, UnitId, Justification, EffectiveDate, SharedWithEmployee), ct);
        return Handle(outcome, i => $"/recommendations/{i}", "Recommendation made. Another manager or an administrator decides it.") ?? Page();
    }

    private async Task<Viewer?> LoadAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await recommendations.ChoicesAsync(viewer, ct) is not { } choices) return null;
        (People, Units) = (choices.People, choices.Units);
        return viewer;
    }
}
