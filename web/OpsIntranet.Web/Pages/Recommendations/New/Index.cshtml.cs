using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Recommendations.New;

/// <summary>Makes a personnel recommendation about one of the manager's people, or a hire for one of their units.</summary>
public class IndexModel(AppDbContext db, RecommendationService recommendations) : RecordPage
{
    [BindProperty] public RecommendationType Type { get; set; } = RecommendationType.Promotion;
    [BindProperty(SupportsGet = true)] public int? EmployeeId { get; set; }
    [BindProperty] public string? CandidateName { get; set; }
    [BindProperty] public int? UnitId { get; set; }
    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public DateOnly? EffectiveDate { get; set; }
    [BindProperty] public bool SharedWithEmployee { get; set; }
    public List<(int Id, string Name)> People { get; } = [];
    public List<(int Id, string Name)> Units { get; } = [];

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
        if (!viewer.CanRecommend) return null;
        People.AddRange((await viewer.FilterManaged(db.Employees.AsNoTracking()).Where(e => e.IsActive && e.Id != (viewer.EmployeeId ?? 0))
            .OrderBy(e => e.LastName).Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)));
        Units.AddRange((await db.Units.AsNoTracking().OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)));
        return viewer;
    }
}
