using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Recommendations.List;

/// <summary>The department's personnel recommendations a manager keeps, filterable by kind, status and unit.</summary>
public class IndexModel(RecommendationService recommendations) : RecordPage
{
    [BindProperty(SupportsGet = true)] public RecommendationType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public RecommendationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    public IReadOnlyList<RecommendationRow> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ShowOrNotFoundAsync(recommendations.ListPageAsync(await HttpContext.ViewerAsync(ct), new RecommendationFilter(Type, Status, Unit), ct),
            l => (Units, Rows) = (l.Units, l.Rows));
}
