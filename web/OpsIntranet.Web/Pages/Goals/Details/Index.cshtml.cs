using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Goals.Details;

/// <summary>A goal, its attainment and its dated progress updates; the unit's supervisors and managers add updates.</summary>
public class IndexModel(AppDbContext db, GoalService goals, TimeProvider clock) : PageModel
{
    public GoalRow Goal { get; private set; } = default!;
    public List<GoalUpdate> Updates { get; } = [];
    public MonthPermissions Permissions { get; private set; } = new(false, false, false);
    [BindProperty] public DateOnly? UpdateDate { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public GoalStatus UpdateStatus { get; set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int goalId, CancellationToken ct)
    {
        if (await LoadAsync(goalId, ct) is { } notFound) return notFound;
        UpdateDate = DepartmentCalendar.Today(clock);
        UpdateStatus = Goal.Status;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int goalId, CancellationToken ct)
    {
        if (await LoadAsync(goalId, ct) is { } notFound) return notFound;
        var result = await goals.AddUpdateAsync(await HttpContext.ViewerAsync(ct), goalId, UpdateDate, Note, UpdateStatus, ct);
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            Message = "Update added.";
            return Redirect($"/goals/{goalId}");
        }
        Errors = result.Errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int goalId, CancellationToken ct)
    {
        var unitId = await db.UnitGoals.Where(g => g.Id == goalId).Select(g => (int?)g.UnitId).SingleOrDefaultAsync(ct);
        if (unitId is null) return NotFound();
        var scope = await HttpContext.ViewerAsync(ct);
        Permissions = scope.ForMonth(unitId.Value);
        if (!Permissions.CanView) return NotFound();
        var fy = await db.UnitGoals.Where(g => g.Id == goalId).Select(g => g.FiscalYear).SingleAsync(ct);
        Goal = (await goals.ListAsync(scope, fy, unitId, ct)).Single(g => g.Id == goalId);
        Updates.AddRange(await db.GoalUpdates.AsNoTracking().Where(u => u.GoalId == goalId).OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).ToListAsync(ct));
        return null;
    }
}
