using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Shifts;

/// <summary>
/// An event's shifts: the event's managers lay out the A/B rotation, move a shift's times, set the staff each unit and
/// role needs, and assign people from the essential-staff roster; everyone who reads the event sees the list. Times are
/// typed and shown in Eastern time and stored as instants, so a night across a daylight-saving change shows 13 or 11 h.
/// </summary>
public class IndexModel(StormShiftService shifts, StormRosterService roster, TimeProvider clock) : RecordPage
{
    public const int MaxRequired = 500;

    public EventShifts Data { get; private set; } = default!;
    public IReadOnlyList<RosterLine> Roster { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    /// <summary>The shift whose forms are shown open: the one just changed, or the one a link asked for.</summary>
    public int? Open { get; private set; }
    /// <summary>Which form the errors belong to: "layout", or "edit", "require", "assign" with <see cref="Open"/>.</summary>
    public string? PostedForm { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public TimeOnly StartTime { get; private set; } = new(7, 0);
    public int Days { get; private set; } = 3;
    /// <summary>The layout form's staff per unit and role: half of the roster's people (rounded up), since they split across A and B.</summary>
    public Dictionary<(int UnitId, StormRole Role), int> DefaultRequired { get; } = [];

    public static IReadOnlyList<StormRole> Roles { get; } = [StormRole.Lead, StormRole.CallTaker, StormRole.WalkIn, StormRole.DispatcherLiaison, StormRole.Other];

    public string PageUrl => $"/storm/{Data.Event.Id}/shifts";

    /// <summary>An error message for a field of one form; the page has a form per shift, so only the one posted shows its messages.</summary>
    public string? E(string form, string key, int? shiftId = null) => PostedForm == form && (shiftId is null || shiftId == Open) ? E(key) : null;

    public static string Field(StormRole role, int unitId) => $"need-{unitId}-{role}";

    public async Task<IActionResult> OnGetAsync(int eventId, int? open, CancellationToken ct)
    {
        Open = open;
        return await LoadAsync(await HttpContext.ViewerAsync(ct), eventId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostLayoutAsync(int eventId, DateOnly? firstDay, TimeOnly? startTime, int? days, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct)) return NotFound();
        // A cell that is not a whole number goes to the service as -1, which it refuses with the range, so every message shows at once.
        var required = Data.Units.SelectMany(u => Roles.Select(r => new RequirementInput(u.Id, r, ReadCount(Field(r, u.Id)) ?? -1))).ToList();
        PostedForm = "layout";
        var outcome = await shifts.LayoutAsync(viewer, eventId, firstDay, startTime, days, required, ct);
        if (Handle(outcome, _ => PageUrl + "#shifts", "Shifts laid out.") is { } done) return done;
        return await ReloadAsync(viewer, eventId, ct);
    }

    public async Task<IActionResult> OnPostEditAsync(int eventId, int shiftId, string? label, DateOnly? startDay, TimeOnly? startTime, DateOnly? endDay, TimeOnly? endTime, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct) || !HasShift(shiftId)) return NotFound();
        (PostedForm, Open) = ("edit", shiftId);
        DateTimeOffset? At(DateOnly? day, TimeOnly? time) => day is { } d && time is { } t ? StormTime.FromEastern(d, t) : null;
        var outcome = await shifts.EditShiftAsync(viewer, shiftId, PostedVersion(), label, At(startDay, startTime), At(endDay, endTime), ct);
        if (Handle(outcome, id => ShiftUrl(id), "Shift changed.") is { } done) return done;
        return await ReloadAsync(viewer, eventId, ct);
    }

    public async Task<IActionResult> OnPostRequireAsync(int eventId, int shiftId, int? unitId, StormRole? role, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct) || !HasShift(shiftId)) return NotFound();
        (PostedForm, Open) = ("require", shiftId);
        var posted = Request.Form["required"].ToString();
        // Empty stays "not given" (the service asks for a number); anything else not a whole number is out of range.
        int? required = string.IsNullOrWhiteSpace(posted) ? null : ReadCount("required") ?? -1;
        var outcome = await shifts.SetRequirementAsync(viewer, shiftId, unitId ?? 0, role ?? (StormRole)(-1), required, ct);
        if (Handle(outcome, id => ShiftUrl(id), "Staff required set.") is { } done) return done;
        return await ReloadAsync(viewer, eventId, ct);
    }

    public async Task<IActionResult> OnPostAssignAsync(int eventId, int shiftId, int? rosterId, StormRole? role, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct) || !HasShift(shiftId)) return NotFound();
        (PostedForm, Open) = ("assign", shiftId);
        // The roster line gives the person, their unit and (unless another is chosen) their event role; the service checks them.
        var line = Roster.SingleOrDefault(l => l.Id == rosterId);
        var outcome = await shifts.AssignAsync(viewer, shiftId, line?.EmployeeId ?? 0, line?.UnitId ?? 0, role ?? line?.Role ?? StormRole.CallTaker, ct);
        if (outcome.Kind == OutcomeKind.Invalid)
        {
            var errors = outcome.Errors.ToDictionary();
            errors.Remove("UnitId", out var unit);
            if (line is null) errors["EmployeeId"] = "Choose a person from the roster.";
            else if (unit is not null) errors.TryAdd("EmployeeId", unit);
            outcome = outcome with { Errors = errors };
        }
        var who = line?.Name ?? "The person";
        if (Handle(outcome, _ => ShiftUrl(shiftId), $"{who} assigned.") is { } done) return done;
        return await ReloadAsync(viewer, eventId, ct);
    }

    public async Task<IActionResult> OnPostUnassignAsync(int eventId, int assignmentId, int? shiftId, int? employeeId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!await LoadAsync(viewer, eventId, ct)) return NotFound();
        var shift = Data.Shifts.FirstOrDefault(s => s.Assignments.Any(a => a.Id == assignmentId));
        if (shift is null && shiftId is { } posted && HasShift(posted) && Data.Can.CanChange)
        {
            // "Take off" pressed twice (or in two tabs): the first press did it; say so rather than "not found".
            var who = Roster.FirstOrDefault(l => l.EmployeeId == employeeId)?.Name ?? "That person";
            Message = $"{who} is already off this shift.";
            return Redirect(ShiftUrl(posted));
        }
        if (shift is null) return NotFound();
        Open = shift.Shift.Id;
        var name = shift.Assignments.Single(a => a.Id == assignmentId).Name;
        var outcome = await shifts.UnassignAsync(viewer, assignmentId, ct);
        if (Handle(outcome, id => ShiftUrl(id), $"{name} taken off the shift.") is { } done) return done;
        return await ReloadAsync(viewer, eventId, ct);
    }

    private string ShiftUrl(int shiftId) => $"{PageUrl}?open={shiftId}#shift-{shiftId}";

    private bool HasShift(int shiftId) => Data.Shifts.Any(s => s.Shift.Id == shiftId);

    private int? ReadCount(string name) =>
        int.TryParse(Request.Form[name].ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxRequired ? n
        : string.IsNullOrWhiteSpace(Request.Form[name]) ? 0 : null;

    /// <summary>Shown again after a refused post: the list as it now stands (nothing was saved), with the typed values kept by the view.</summary>
    private async Task<IActionResult> ReloadAsync(Viewer viewer, int eventId, CancellationToken ct) =>
        await LoadAsync(viewer, eventId, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        if (await shifts.ShiftsAsync(viewer, eventId, ct) is not { } data) return false;
        Data = data;
        Now = clock.GetUtcNow();
        if (!data.Can.CanChange) return true;
        Roster = await roster.ForEventAsync(viewer, eventId, ct) ?? [];
        foreach (var g in Roster.GroupBy(l => (l.UnitId, l.Role))) DefaultRequired[g.Key] = (g.Count() + 1) / 2;
        // The next rotation starts where the last shift ends (on the wall clock), so a continuation lines up; else today at 07:00.
        if (data.Shifts.Count > 0)
        {
            var end = StormTime.ToEastern(data.Shifts.Max(s => s.Shift.EndsAt));
            (FirstDay, StartTime) = (DateOnly.FromDateTime(end), TimeOnly.FromDateTime(end));
        }
        else FirstDay = DepartmentCalendar.Today(clock);
        return true;
    }
}
