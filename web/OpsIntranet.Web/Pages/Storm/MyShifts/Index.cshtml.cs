using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.MyShifts;

/// <summary>
/// "My storm shifts", made for a phone: the signed-in person's assignments in open events (running and upcoming
/// first), each with its check-in (available, unavailable with a reason, evacuated), and a lead's link to the unit's
/// shift report. Only the person's own listed shifts can be checked in from here; anything else answers 404.
/// </summary>
public class IndexModel(StormShiftService shifts, TimeProvider clock) : RecordPage
{
    public IReadOnlyList<MyShift> Upcoming { get; private set; } = [];
    public IReadOnlyList<MyShift> Ended { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The assignment a refused check-in was for, so its card shows the messages and what was chosen.</summary>
    public int? PostedAssignmentId { get; private set; }
    [BindProperty] public Availability? Availability { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCheckInAsync(int assignmentId, CancellationToken ct)
    {
        await LoadAsync(ct);
        // Someone else's assignment, an ended shift or a closed event is not on this page, so it is not found here.
        if (Upcoming.SingleOrDefault(s => s.AssignmentId == assignmentId) is not { } shift) return NotFound();
        var outcome = await shifts.CheckInAsync(await HttpContext.ViewerAsync(ct), assignmentId, PostedVersion(), Availability ?? Core.Storm.Availability.NotCheckedIn, Reason, ct);
        var done = $"Checked in as {StormTime.Label(Availability ?? Core.Storm.Availability.NotCheckedIn).ToLowerInvariant()} for the {shift.Label} shift of {shift.EventName} ({ShiftWhen.Describe(shift.StartsAt, shift.EndsAt)}).";
        if (Handle(outcome, id => $"/storm/my-shifts#assignment-{id}", done) is { } answer) return answer;
        PostedAssignmentId = assignmentId;
        if (ReferenceEquals(outcome, Outcome.Stale))
        {
            // The list was just read again, so the card already shows the check-in saved meanwhile.
            Error = "Your check-in for this shift was changed by someone else (a manager, or you on another device) after you opened this page; nothing was saved. The card shows the latest now; choose again if it is not right.";
            PostedAssignmentId = null;
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Now = clock.GetUtcNow();
        Upcoming = await shifts.MyShiftsAsync(viewer, ct);
        Ended = await shifts.MyEndedShiftsAsync(viewer, ct);
    }

    /// <summary>The choice a card shows: what was just posted when its check-in was refused, else what is saved.</summary>
    public Availability Chosen(MyShift s) => PostedAssignmentId == s.AssignmentId && Availability is { } posted ? posted : s.Availability;

    public string? ReasonShown(MyShift s) => PostedAssignmentId == s.AssignmentId ? Reason : s.Reason;

    public string? FieldError(MyShift s, string field) => PostedAssignmentId == s.AssignmentId ? E(field) : null;

    public static string ReportUrl(MyShift s) => $"/storm/shifts/{s.ShiftId}/units/{s.UnitId}/report";

    public bool ReportLate(MyShift s) => s.EndsAt <= Now && ShiftReportService.IsLate(s.EndsAt, s.ReportFiledAt, Now);
}
