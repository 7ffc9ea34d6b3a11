using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Goals.Edit;

/// <summary>Creates a goal for a unit (/units/{unitId}/goals/new) or edits one (/goals/{goalId}/edit). Managers of the unit only.</summary>
public class IndexModel(AppDbContext db, GoalService goals, TimeProvider clock) : PageModel
{
    [BindProperty] public GoalForm Input { get; set; } = new();
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public int? GoalId { get; private set; }
    public List<SelectListItem> Owners { get; } = [];
    public List<SelectListItem> Metrics { get; } = [];
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public sealed class GoalForm
    {
        public int FiscalYear { get; set; }
        public string? Statement { get; set; }
        public int? OwnerEmployeeId { get; set; }
        public DateOnly? DueDate { get; set; }
        public int? Weight { get; set; }
        public GoalStatus Status { get; set; }
        public int? MetricDefinitionId { get; set; }
        public string? MetricTarget { get; set; }
        public uint Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? unitId, int? goalId, CancellationToken ct)
    {
        if (await LoadAsync(unitId, goalId, ct) is { } notFound) return notFound;
        if (goalId is null)
        {
            var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
            Input = new GoalForm { FiscalYear = fy, DueDate = DepartmentCalendar.FiscalYearEnd(fy), Status = GoalStatus.OnTrack };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? unitId, int? goalId, CancellationToken ct)
    {
        var posted = Input;
        if (await LoadAsync(unitId, goalId, ct) is { } notFound) return notFound;
        // The fiscal year of an existing goal never changes through the form.
        var fy = goalId is null ? posted.FiscalYear : Input.FiscalYear;
        if (fy is < 2000 or > 2100) fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Input = posted;
        Input.FiscalYear = fy;
        // DueDate and Weight are bound by MVC; a value it could not read arrives as null with a model error.
        var dueRaw = Request.Form["Input.DueDate"].ToString();
        var weightRaw = Request.Form["Input.Weight"].ToString();
        var result = await goals.SaveAsync(await HttpContext.ViewerAsync(ct), UnitId, fy, goalId, goalId is null ? null : posted.Version,
            new GoalInput(posted.Statement, posted.OwnerEmployeeId, posted.DueDate, posted.Weight, posted.Status, posted.MetricDefinitionId, posted.MetricTarget), ct);
        if (result.NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/goals/{result.GoalId}");
        var errors = new Dictionary<string, string>(result.Errors);
        if (dueRaw.Length > 0 && posted.DueDate is null) errors["DueDate"] = "Enter a date such as 2027-06-30.";
        if (weightRaw.Length > 0 && posted.Weight is null) errors["Weight"] = "The weight is a whole number from 0 to 100.";
        Errors = errors;
        Error = result.Error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int? unitId, int? goalId, CancellationToken ct)
    {
        if (goalId is { } id)
        {
            var goal = await db.UnitGoals.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (goal is null) return NotFound();
            unitId = goal.UnitId;
            GoalId = id;
            Input = new GoalForm
            {
                FiscalYear = goal.FiscalYear, Statement = goal.Statement, OwnerEmployeeId = goal.OwnerEmployeeId, DueDate = goal.DueDate, Weight = goal.Weight,
                Status = goal.Status, MetricDefinitionId = goal.MetricDefinitionId, MetricTarget = MetricFormatting.Plain(goal.MetricTarget), Version = goal.Version,
            };
        }
        if (unitId is null) return NotFound();
        var scope = await HttpContext.ViewerAsync(ct);
        if (!scope.ForMonth(unitId.Value).CanReview) return NotFound();
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return NotFound();
        UnitId = unit.Id;
        UnitName = unit.Name;
        var current = goalId is null ? null : await db.UnitGoals.Where(g => g.Id == goalId).Select(g => g.OwnerEmployeeId).SingleAsync(ct);
        Owners.AddRange((await goals.OwnerChoicesAsync(unit.Id, current, ct)).Select(o => new SelectListItem(o.Name, o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Metrics.AddRange(await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unit.Id && m.IsActive).OrderBy(m => m.SortOrder)
            .Select(m => new SelectListItem(m.Name, m.Id.ToString())).ToListAsync(ct));
        return null;
    }
}
