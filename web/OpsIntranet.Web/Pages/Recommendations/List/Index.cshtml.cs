using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Recommendations.List;

/// <summary>The department's personnel recommendations a manager keeps, filterable by kind, status and unit.</summary>
public class IndexModel(AppDbContext db, RecommendationService recommendations) : RecordPage
{
    [BindProperty(SupportsGet = true)] public RecommendationType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public RecommendationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    public IReadOnlyList<RecommendationRow> Rows { get; private set; } = [];
    public List<(int Id, string Name)> Units { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!viewer.CanBrowsePeople) return NotFound();
        var unitIds = viewer.ManagedUnitIds.ToList();
        Units.AddRange((await db.Units.AsNoTracking().Where(u => viewer.IsAdministrator || unitIds.Contains(u.Id)).OrderBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)));
        Rows = await recommendations.ListAsync(viewer, new RecommendationFilter(Type, Status, Unit), ct);
        return Page();
    }
}
