using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Goals;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Goals.Details;

/// <summary>A goal, its attainment and its dated progress updates, as <see cref="GoalService.DetailsAsync"/> reads them for the signed-in person.</summary>
public class IndexModel(GoalService goals, TimeProvider clock) : RecordPage
{
    public GoalDetails Details { get; private set; } = default!;
    public GoalRow Goal => Details.Goal;
    public IReadOnlyList<GoalUpdate> Updates => Details.Updates;
    public GoalSteps Can => Details.Can;
    [BindProperty] public DateOnly? UpdateDate { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public GoalStatus UpdateStatus { get; set; }

    public async Task<IActionResult> OnGetAsync(int goalId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(goals.DetailsAsync(await HttpContext.ViewerAsync(ct), goalId, ct), details =>
        {
            Details = details;
            UpdateDate = DepartmentCalendar.Today(clock);
            UpdateStatus = details.Goal.Status;
        });

    public async Task<IActionResult> OnPostAsync(int goalId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await goals.DetailsAsync(viewer, goalId, ct) is not { } details) return NotFound();
        Details = details;
        var result = await goals.AddUpdateAsync(viewer, goalId, UpdateDate, Note, UpdateStatus, ct);
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
}
