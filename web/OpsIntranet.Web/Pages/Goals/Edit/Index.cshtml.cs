using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Goals.Edit;

/// <summary>Creates a goal for a unit (/units/{unitId}/goals/new) or edits one (/goals/{goalId}/edit); <see cref="GoalService.EditingAsync"/> decides who may (the unit's managers).</summary>
public class IndexModel(GoalService goals, TimeProvider clock) : RecordPage
{
    [BindProperty] public GoalForm Input { get; set; } = new();
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public int? GoalId { get; private set; }
    public List<SelectListItem> Owners { get; } = [];
    public List<SelectListItem> Metrics { get; } = [];

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

    public async Task<IActionResult> OnGetAsync(int? unitId, int? goalId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(goals.EditingAsync(await HttpContext.ViewerAsync(ct), unitId, goalId, ct), editing =>
        {
            Keep(editing);
            if (editing.Goal is null)
            {
                var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
                Input = new GoalForm { FiscalYear = fy, DueDate = DepartmentCalendar.FiscalYearEnd(fy), Status = GoalStatus.OnTrack };
            }
        });

    public async Task<IActionResult> OnPostAsync(int? unitId, int? goalId, CancellationToken ct)
    {
        var posted = Input;
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await goals.EditingAsync(viewer, unitId, goalId, ct) is not { } editing) return NotFound();
        Keep(editing);
        // The fiscal year of an existing goal never changes through the form.
        var fy = goalId is null ? posted.FiscalYear : Input.FiscalYear;
        if (fy is < 2000 or > 2100) fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        Input = posted;
        Input.FiscalYear = fy;
        // DueDate and Weight are bound by MVC; a value it could not read arrives as null with a model error.
        var dueRaw = Request.Form["Input.DueDate"].ToString();
        var weightRaw = Request.Form["Input.Weight"].ToString();
        var result = await goals.SaveAsync(viewer, UnitId, fy, goalId, goalId is null ? null : posted.Version,
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

    private void Keep(GoalEditing editing)
    {
        UnitId = editing.UnitId;
        UnitName = editing.UnitName;
        if (editing.Goal is { } goal)
        {
            GoalId = goal.Id;
            Input = new GoalForm
            {
                FiscalYear = goal.FiscalYear, Statement = goal.Statement, OwnerEmployeeId = goal.OwnerEmployeeId, DueDate = goal.DueDate, Weight = goal.Weight,
                Status = goal.Status, MetricDefinitionId = goal.MetricDefinitionId, MetricTarget = MetricFormatting.Plain(goal.MetricTarget), Version = goal.Version,
            };
        }
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Owners.AddRange(editing.Owners.Select(o => new SelectListItem(o.Name, o.Id.ToString(invariant))));
        Metrics.AddRange(editing.Metrics.Select(m => new SelectListItem(m.Name, m.Id.ToString(invariant))));
    }
}
