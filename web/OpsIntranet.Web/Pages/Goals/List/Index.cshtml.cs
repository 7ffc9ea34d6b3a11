using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Goals;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Goals.List;

/// <summary>The department's goals for a fiscal year, by unit, with attainment of the ones linked to a metric.</summary>
public class IndexModel(GoalService goals, TimeProvider clock) : PageModel
{
    public int FiscalYear { get; private set; }
    public IReadOnlyList<GoalRow> Goals { get; private set; } = [];

    public async Task OnGetAsync(int? fy, CancellationToken ct)
    {
        var current = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        FiscalYear = fy is >= 2000 and <= 2100 ? fy.Value : current;
        Goals = await goals.ListAsync(await HttpContext.ViewerAsync(ct), FiscalYear, ct: ct);
    }
}
