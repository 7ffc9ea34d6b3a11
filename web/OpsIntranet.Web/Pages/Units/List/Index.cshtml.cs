using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Units.List;

/// <summary>The units the signed-in person sees, as <see cref="ScorecardService.UnitsAsync"/> lists them.</summary>
public class IndexModel(ScorecardService scorecards) : PageModel
{
    public IReadOnlyList<UnitListRow> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Units = await scorecards.UnitsAsync(await HttpContext.ViewerAsync(ct), ct);
}
