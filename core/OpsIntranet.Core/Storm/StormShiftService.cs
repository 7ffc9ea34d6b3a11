using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

public sealed record RequirementInput(int UnitId, StormRole Role, int Required);

/// <summary>
/// One unit and role on one shift: required; assigned; of those, checked in available (<see cref="Available"/>) and
/// checked in unavailable or evacuated (<see cref="Out"/>); and the gap (never negative). A person assigned who has
/// not checked in yet counts as covering: people check in for the shift ahead, so counting only check-ins would show
/// every shift beyond the next few hours as empty. Only someone who says they cannot come opens a gap.
/// </summary>
public sealed record CoverageLine(int UnitId, string UnitName, StormRole Role, int Required, int Assigned, int Available, int Out)
{
    /// <summary>Assigned and not checked in unavailable or evacuated.</summary>
    public int Covering => Assigned - Out;
    public int Gap => Math.Max(0, Required - Covering);
}

public sealed record ShiftCoverage(int ShiftId, string Label, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<CoverageLine> Lines)
{
    public decimal Hours => (decimal)(EndsAt - StartsAt).TotalHours;
    public int Required => Lines.Sum(l => l.Required);
    public int Available => Lines.Sum(l => l.Available);
    public int Covering => Lines.Sum(l => l.Covering);
    public int Gap => Lines.Sum(l => l.Gap);
    public bool HasGap => Gap > 0;
}

public sealed record AssignmentLine(int Id, int UnitId, string UnitName, int EmployeeId, string Name, StormRole Role, Availability Availability, string? Reason, DateTimeOffset? CheckedInAt, uint Version);

public sealed record ShiftDetails(StormShift Shift, string EventName, IReadOnlyList<AssignmentLine> Assignments, ShiftCoverage Coverage, StormSteps Can);

/// <summary>A shift of an event with its people and coverage, as the shifts page lists it.</summary>
public sealed record EventShift(StormShift Shift, IReadOnlyList<AssignmentLine> Assignments, ShiftCoverage Coverage);

/// <summary>An event's shifts for one viewer: its units (in their order) and the steps the viewer may take.</summary>
public sealed record EventShifts(StormEvent Event, IReadOnlyList<(int Id, string Name)> Units, StormSteps Can, IReadOnlyList<EventShift> Shifts);

/// <summary>An event's coverage board: the event, its units in their order (each shift's report links) and every shift's coverage.</summary>
public sealed record CoverageBoard(int EventId, string EventName, IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<ShiftCoverage> Shifts);

/// <summary>An assignment of the viewer's, for the phone-width check-in page; a lead's shift says when its unit's report was filed.</summary>
public sealed record MyShift(int AssignmentId, int EventId, string EventName, int ShiftId, string Label, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string UnitName, StormRole Role, Availability Availability, string? Reason, uint Version,
    int UnitId = 0, DateTimeOffset? ReportFiledAt = null);

/// <summary>
/// An event's shifts: the default 12-hour A/B rotation laid out from a local start time, edited afterwards; the
/// staff each shift needs per unit and role; who is assigned; their check-ins; and the coverage that follows.
/// A shift is its UTC start and end, so the night shift across the November change is 13 hours and the March one 11.
/// </summary>
public class StormShiftService(AppDbContext db, TimeProvider clock)
{
    public const int MaxLabel = 40;
    public const int MaxReason = 500;
    public const int MaxDays = 14;
    public const int MaxShiftHours = 24;
    public static readonly TimeSpan RotationLength = TimeSpan.FromHours(12);
    /// <summary>The form kinds of <see cref="FormSubmissions"/> for the two forms that create rows.</summary>
    public const string LayoutFormKind = "StormShiftLayout";
    public const string AssignFormKind = "StormShiftAssignment";

    /// <summary>
    /// Lays out <paramref name="days"/> days of A (from <paramref name="startTime"/>) and B (twelve wall-clock hours
    /// later) shifts from <paramref name="firstDay"/>, Eastern, each needing <paramref name="required"/>. Each shift
    /// ends when the next one starts on the wall clock, so a daylight-saving night is 13 or 11 real hours.
    /// </summary>
    public Task<Outcome> LayoutAsync(Viewer viewer, int eventId, DateOnly? firstDay, TimeOnly? startTime, int? days, IReadOnlyList<RequirementInput> required, CancellationToken ct = default) =>
        // Once per form: a double click answers with the shifts the first click laid out, not with "they would overlap".
        db.OnceAsync(LayoutFormKind, () => DoLayoutAsync(viewer, eventId, firstDay, startTime, days, required, ct), ct);

    private async Task<Outcome> DoLayoutAsync(Viewer viewer, int eventId, DateOnly? firstDay, TimeOnly? startTime, int? days, IReadOnlyList<RequirementInput> required, CancellationToken ct)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanChange) return NotYours(scope);
        var errors = new Dictionary<string, string>();
        if (firstDay is null) errors["FirstDay"] = "Give the first day of the rotation.";
        if (startTime is null) errors["StartTime"] = "Give the time the A shift starts, e.g. 07:00.";
        if (days is null or < 1 or > MaxDays) errors["Days"] = $"Lay out between 1 and {MaxDays} days; add more later.";
        CheckRequirements(scope, required, errors);
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var shifts = new List<StormShift>();
        for (var d = 0; d < days!.Value; d++)
        {
            var day = firstDay!.Value.AddDays(d);
            var aStart = day.ToDateTime(startTime!.Value);
            foreach (var (label, offset) in new[] { ("A", 0), ("B", 12) })
            {
                var localStart = aStart.AddHours(offset);
                var start = StormTime.FromEastern(DateOnly.FromDateTime(localStart), TimeOnly.FromDateTime(localStart));
                var localEnd = localStart.AddHours(12);
                var end = StormTime.FromEastern(DateOnly.FromDateTime(localEnd), TimeOnly.FromDateTime(localEnd));
                var shift = new StormShift { EventId = eventId, Label = label, StartsAt = start, EndsAt = end };
                foreach (var r in required.Where(r => r.Required > 0)) shift.Requirements.Add(new ShiftRequirement { UnitId = r.UnitId, Role = r.Role, Required = r.Required });
                shifts.Add(shift);
            }
        }
        var (first, last) = (shifts[0].StartsAt, shifts[^1].EndsAt);
        if (await db.StormShifts.AnyAsync(s => s.EventId == eventId && s.StartsAt < last && s.EndsAt > first, ct))
            return Outcome.Invalid(new Dictionary<string, string> { ["FirstDay"] = "These shifts would overlap shifts the event already has; edit those or start after them." });
        db.StormShifts.AddRange(shifts);
        return await db.SaveOutcomeAsync(() => eventId, ct);
    }

    /// <summary>Changes a shift's label, start or end (UTC instants; pages convert the Eastern times typed).</summary>
    public async Task<Outcome> EditShiftAsync(Viewer viewer, int shiftId, uint version, string? label, DateTimeOffset? startsAt, DateTimeOffset? endsAt, CancellationToken ct = default)
    {
        var shift = await db.StormShifts.SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || await StormScope.LoadAsync(db, viewer, shift.EventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanChange) return NotYours(scope);
        if (shift.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Required(errors, "Label", label, MaxLabel, "Give the shift a short name, e.g. A.");
        if (startsAt is null) errors["StartsAt"] = "Give the start.";
        if (endsAt is null) errors["EndsAt"] = "Give the end.";
        else if (startsAt is { } s && endsAt <= s) errors["EndsAt"] = "The shift must end after it starts.";
        else if (startsAt is { } s2 && endsAt - s2 > TimeSpan.FromHours(MaxShiftHours)) errors["EndsAt"] = $"A shift is at most {MaxShiftHours} hours; split a longer one.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var (start, end) = (startsAt!.Value.ToUniversalTime(), endsAt!.Value.ToUniversalTime());
        if (await db.StormShifts.AnyAsync(o => o.EventId == shift.EventId && o.Id != shift.Id && o.Label == clean && o.StartsAt < end && o.EndsAt > start, ct))
            return Outcome.Invalid(new Dictionary<string, string> { ["StartsAt"] = $"Another {clean} shift overlaps these times." });
        shift.Label = clean!;
        shift.StartsAt = start;
        shift.EndsAt = end;
        return await db.SaveOutcomeAsync(() => shift.Id, ct);
    }

    /// <summary>Sets how many people of a role a unit needs on a shift (0 removes the line).</summary>
    public async Task<Outcome> SetRequirementAsync(Viewer viewer, int shiftId, int unitId, StormRole role, int? required, CancellationToken ct = default)
    {
        var shift = await db.StormShifts.Include(s => s.Requirements).SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || await StormScope.LoadAsync(db, viewer, shift.EventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanChange) return NotYours(scope);
        var errors = new Dictionary<string, string>();
        if (required is null) errors["Required"] = "Give how many people are needed (0 for none).";
        CheckRequirements(scope, [new RequirementInput(unitId, role, required ?? 0)], errors);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var line = shift.Requirements.SingleOrDefault(r => r.UnitId == unitId && r.Role == role);
        if (required == 0) { if (line is not null) shift.Requirements.Remove(line); }
        else if (line is null) shift.Requirements.Add(new ShiftRequirement { UnitId = unitId, Role = role, Required = required!.Value });
        else line.Required = required!.Value;
        return await db.SaveOutcomeAsync(() => shift.Id, ct, Outcome.Conflict("Someone else set this line at the same moment; reload to see it."));
    }

    private static void CheckRequirements(StormScope scope, IReadOnlyList<RequirementInput> lines, Dictionary<string, string> errors)
    {
        foreach (var r in lines)
        {
            if (!scope.UnitIds.Contains(r.UnitId)) errors["Requirements"] = "Staff can only be required for the event's units.";
            else if (!Enum.IsDefined(r.Role)) errors["Requirements"] = "Choose a role for each line.";
            else if (r.Required is < 0 or > 500) errors["Required"] = "Give a number of people from 0 to 500.";
        }
        if (lines.GroupBy(r => (r.UnitId, r.Role)).Any(g => g.Count() > 1)) errors["Requirements"] = "Each unit and role once, please.";
    }

    /// <summary>Assigns a person of one of the event's units to a shift in a role (once per shift).</summary>
    public Task<Outcome> AssignAsync(Viewer viewer, int shiftId, int employeeId, int unitId, StormRole role, CancellationToken ct = default) =>
        db.OnceAsync(AssignFormKind, () => DoAssignAsync(viewer, shiftId, employeeId, unitId, role, ct), ct);

    private async Task<Outcome> DoAssignAsync(Viewer viewer, int shiftId, int employeeId, int unitId, StormRole role, CancellationToken ct)
    {
        var shift = await db.StormShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || await StormScope.LoadAsync(db, viewer, shift.EventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanChange) return NotYours(scope);
        var errors = new Dictionary<string, string>();
        if (!scope.UnitIds.Contains(unitId)) errors["UnitId"] = "Choose one of the event's units.";
        else if (!await People.UnitPeople.In(db, [unitId]).AnyAsync(e => e.Id == employeeId, ct)) errors["EmployeeId"] = "Choose an active person of that unit.";
        if (!Enum.IsDefined(role)) errors["Role"] = "Choose the role on this shift.";
        if (errors.Count == 0 && await db.ShiftAssignments.AnyAsync(a => a.ShiftId == shiftId && a.EmployeeId == employeeId, ct)) errors["EmployeeId"] = "This person is already on this shift.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var a = new ShiftAssignment { ShiftId = shiftId, EmployeeId = employeeId, UnitId = unitId, Role = role, Availability = Availability.NotCheckedIn };
        db.ShiftAssignments.Add(a);
        return await db.SaveOutcomeAsync(() => a.Id, ct, Outcome.Invalid(new Dictionary<string, string> { ["EmployeeId"] = "This person is already on this shift." }));
    }

    public async Task<Outcome> UnassignAsync(Viewer viewer, int assignmentId, CancellationToken ct = default)
    {
        var a = await db.ShiftAssignments.Include(x => x.Shift).SingleOrDefaultAsync(x => x.Id == assignmentId, ct);
        if (a is null || await StormScope.LoadAsync(db, viewer, a.Shift!.EventId, track: false, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.Steps.CanChange) return NotYours(scope);
        if (await db.StormHours.AnyAsync(h => h.AssignmentId == assignmentId, ct)) return Outcome.Conflict("Hours are recorded from this assignment; correct the hours instead of removing it.");
        db.ShiftAssignments.Remove(a);
        return await db.SaveOutcomeAsync(() => a.ShiftId, ct);
    }

    /// <summary>A person's check-in for a shift: available, unavailable (with a reason) or evacuated. Themselves, or the event's managers.</summary>
    public async Task<Outcome> CheckInAsync(Viewer viewer, int assignmentId, uint version, Availability availability, string? reason, CancellationToken ct = default)
    {
        var a = await db.ShiftAssignments.Include(x => x.Shift).SingleOrDefaultAsync(x => x.Id == assignmentId, ct);
        if (a is null) return Outcome.NotFound;
        var units = await db.StormEventUnits.Where(u => u.EventId == a.Shift!.EventId).Select(u => u.UnitId).ToListAsync(ct);
        var own = await StormScope.OwnUnitAsync(db, viewer, ct);
        var self = viewer.EmployeeId == a.EmployeeId;
        if (!self && !StormAccess.CanRead(viewer, units, own)) return Outcome.NotFound;
        if (!StormAccess.CanCheckIn(viewer, units, a)) return Outcome.Conflict("People check in for themselves; the event's managers may check in for them.");
        if (a.Version != version) return Outcome.Stale;
        var state = await db.StormEvents.Where(e => e.Id == a.Shift!.EventId).Select(e => e.State).SingleAsync(ct);
        if (state == StormState.Closed) return Outcome.Conflict("The event is closed; check-ins are kept as they were.");
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(availability) || availability == Availability.NotCheckedIn) errors["Availability"] = "Choose available, unavailable or evacuated.";
        var clean = TextRules.Optional(errors, "Reason", reason, MaxReason);
        if (availability == Availability.Unavailable && clean is null && !errors.ContainsKey("Reason")) errors["Reason"] = "Say why you cannot come (e.g. no power, road closed, caring for family).";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        a.Availability = availability;
        a.UnavailableReason = availability == Availability.Available ? null : clean;
        a.CheckedInAt = clock.GetUtcNow();
        return await db.SaveOutcomeAsync(() => a.Id, ct);
    }

    /// <summary>The viewer's own assignments in events that are not closed, from shifts not yet ended, soonest first.</summary>
    public async Task<IReadOnlyList<MyShift>> MyShiftsAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.EmployeeId is not { } me) return [];
        var now = clock.GetUtcNow();
        return await MineAsync(db.ShiftAssignments.Where(a => a.EmployeeId == me && a.Shift!.EndsAt > now && a.Shift.Event!.State != StormState.Closed)
            .OrderBy(a => a.Shift!.StartsAt), ct);
    }

    /// <summary>How many ended shifts "My storm shifts" lists: enough for a lead to find the report still to file after a long night.</summary>
    public const int EndedShown = 6;

    /// <summary>
    /// The viewer's own shifts that have ended, in events not closed, latest first: a lead files the report once the
    /// shift is over, when it has left <see cref="MyShiftsAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<MyShift>> MyEndedShiftsAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.EmployeeId is not { } me) return [];
        var now = clock.GetUtcNow();
        return await MineAsync(db.ShiftAssignments.Where(a => a.EmployeeId == me && a.Shift!.EndsAt <= now && a.Shift.Event!.State != StormState.Closed)
            .OrderByDescending(a => a.Shift!.StartsAt).Take(EndedShown), ct);
    }

    private Task<List<MyShift>> MineAsync(IQueryable<ShiftAssignment> mine, CancellationToken ct) =>
        mine.AsNoTracking()
            .Select(a => new MyShift(a.Id, a.Shift!.EventId, a.Shift.Event!.Name, a.ShiftId, a.Shift.Label, a.Shift.StartsAt, a.Shift.EndsAt, a.Unit!.Name, a.Role, a.Availability, a.UnavailableReason, a.Version,
                a.UnitId, db.ShiftReports.Where(r => r.ShiftId == a.ShiftId && r.UnitId == a.UnitId).Select(r => (DateTimeOffset?)r.FiledAt).FirstOrDefault()))
            .ToListAsync(ct);

    /// <summary>One shift with its people and coverage; null when out of scope.</summary>
    public async Task<ShiftDetails?> ShiftAsync(Viewer viewer, int shiftId, CancellationToken ct = default)
    {
        var shift = await db.StormShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || await StormScope.LoadAsync(db, viewer, shift.EventId, track: false, ct) is not { } scope) return null;
        var rows = await db.ShiftAssignments.AsNoTracking().Where(a => a.ShiftId == shiftId)
            .Select(a => new { a.Unit!.SortOrder, a.Employee!.LastName, Line = new AssignmentLine(a.Id, a.UnitId, a.Unit.Name, a.EmployeeId, a.Employee.FirstName + " " + a.Employee.LastName, a.Role, a.Availability, a.UnavailableReason, a.CheckedInAt, a.Version) })
            .ToListAsync(ct);
        var people = rows.OrderBy(r => r.SortOrder).ThenBy(r => StormRosterService.RoleOrder(r.Line.Role)).ThenBy(r => r.LastName).Select(r => r.Line).ToList();
        var coverage = (await CoverageOfAsync(shift.EventId, s => s.Id == shiftId, ct)).Single();
        return new ShiftDetails(shift, scope.Event.Name, people, coverage, scope.Steps);
    }

    /// <summary>Every shift of the event in order, each with its people and coverage, for the shifts page; null when out of scope.</summary>
    public async Task<EventShifts?> ShiftsAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var shifts = await db.StormShifts.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var rows = await db.ShiftAssignments.AsNoTracking().Where(a => a.Shift!.EventId == eventId)
            .Select(a => new { a.ShiftId, a.Unit!.SortOrder, a.Employee!.LastName, Line = new AssignmentLine(a.Id, a.UnitId, a.Unit.Name, a.EmployeeId, a.Employee.FirstName + " " + a.Employee.LastName, a.Role, a.Availability, a.UnavailableReason, a.CheckedInAt, a.Version) })
            .ToListAsync(ct);
        var coverage = (await CoverageOfAsync(eventId, _ => true, ct)).ToDictionary(c => c.ShiftId);
        var units = await db.Units.AsNoTracking().Where(u => scope.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        return new EventShifts(scope.Event, [.. units.Select(u => (u.Id, u.Name))], scope.Steps,
            [.. shifts.Select(s => new EventShift(s,
                [.. rows.Where(r => r.ShiftId == s.Id).OrderBy(r => r.SortOrder).ThenBy(r => StormRosterService.RoleOrder(r.Line.Role)).ThenBy(r => r.LastName).Select(r => r.Line)],
                coverage[s.Id]))]);
    }

    /// <summary>Coverage of every shift of the event, in order; null when out of scope.</summary>
    public async Task<IReadOnlyList<ShiftCoverage>?> CoverageAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is null) return null;
        return await CoverageOfAsync(eventId, _ => true, ct);
    }

    /// <summary>The shifts running now or starting within the next 48 hours, with their coverage; null when out of scope.</summary>
    public async Task<IReadOnlyList<ShiftCoverage>?> Next48HoursAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is null) return null;
        var now = clock.GetUtcNow();
        var until = now.AddHours(48);
        return await CoverageOfAsync(eventId, s => s.EndsAt > now && s.StartsAt < until, ct);
    }

    /// <summary>A shift is on the "next 48 hours" list: running now, or starting within 48 hours (the rule of <see cref="Next48HoursAsync"/>).</summary>
    public static bool InNext48Hours(ShiftCoverage s, DateTimeOffset now) => s.EndsAt > now && s.StartsAt < now.AddHours(48);

    /// <summary>A shift is running: started and not yet ended.</summary>
    public static bool IsRunning(ShiftCoverage s, DateTimeOffset now) => s.StartsAt <= now && now < s.EndsAt;

    /// <summary>
    /// The coverage board of an event: its units and every shift's coverage, in two statements (the event with its units
    /// and the viewer's own unit; the shifts with their lines); null when missing or out of scope. The board is the same
    /// for every viewer who may read the event, so a page may keep it per event once <see cref="CanReadAsync"/> said yes.
    /// </summary>
    public async Task<CoverageBoard?> BoardAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await EventForReadingAsync(viewer, eventId, ct) is not { } e) return null;
        var shifts = await CoverageOfAsync(eventId, _ => true, e.Units, ct);
        return new CoverageBoard(e.Id, e.Name, [.. e.Units.OrderBy(u => u.SortOrder).Select(u => (u.Id, u.Name))], shifts);
    }

    /// <summary>The viewer may read the event (the rule of <see cref="StormAccess.CanRead"/>), in one statement; false when the event is missing too.</summary>
    public async Task<bool> CanReadAsync(Viewer viewer, int eventId, CancellationToken ct = default) => await EventForReadingAsync(viewer, eventId, ct) is not null;

    private sealed record EventRow(int Id, string Name, List<EventUnitRow> Units, int? Own);

    private sealed record EventUnitRow(int Id, string Name, int SortOrder);

    /// <summary>The event, its units and the viewer's own unit in one statement, or null when missing or not the viewer's to read.</summary>
    private async Task<EventRow?> EventForReadingAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        var me = viewer.EmployeeId;
        var e = await db.StormEvents.AsNoTracking().Where(x => x.Id == eventId)
            .Select(x => new EventRow(x.Id, x.Name, x.Units.Select(u => new EventUnitRow(u.UnitId, u.Unit!.Name, u.Unit.SortOrder)).ToList(),
                db.Employees.Where(p => (int?)p.Id == me).Select(p => p.UnitId).FirstOrDefault()))
            .SingleOrDefaultAsync(ct);
        return e is not null && StormAccess.CanRead(viewer, e.Units.Select(u => u.Id).ToList(), e.Own) ? e : null;
    }

    private async Task<IReadOnlyList<ShiftCoverage>> CoverageOfAsync(int eventId, System.Linq.Expressions.Expression<Func<StormShift, bool>> which, CancellationToken ct)
    {
        var units = await db.StormEventUnits.AsNoTracking().Where(u => u.EventId == eventId).Select(u => new EventUnitRow(u.UnitId, u.Unit!.Name, u.Unit.SortOrder)).ToListAsync(ct);
        return await CoverageOfAsync(eventId, which, units, ct);
    }

    private sealed record CoverageRow(int ShiftId, string Label, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? UnitId, StormRole? Role, int? Required, int? Assigned, int? Available, int? Out);

    /// <summary>
    /// The shifts and their lines in one statement: every unit and role either required or staffed on a shift (a role
    /// staffed without being asked for still shows), its requirement summed and its people counted by check-in.
    /// </summary>
    private async Task<IReadOnlyList<ShiftCoverage>> CoverageOfAsync(int eventId, System.Linq.Expressions.Expression<Func<StormShift, bool>> which, IReadOnlyList<EventUnitRow> units, CancellationToken ct)
    {
        var lines = db.ShiftRequirements.Where(r => r.Shift!.EventId == eventId)
            .Select(r => new { r.ShiftId, r.UnitId, r.Role, r.Required, Assigned = 0, Available = 0, Out = 0 })
            .Concat(db.ShiftAssignments.Where(a => a.Shift!.EventId == eventId)
                .Select(a => new { a.ShiftId, a.UnitId, a.Role, Required = 0, Assigned = 1, Available = a.Availability == Availability.Available ? 1 : 0,
                    Out = a.Availability == Availability.Unavailable || a.Availability == Availability.Evacuated ? 1 : 0 }))
            .GroupBy(x => new { x.ShiftId, x.UnitId, x.Role })
            .Select(g => new { g.Key.ShiftId, g.Key.UnitId, g.Key.Role, Required = g.Sum(x => x.Required), Assigned = g.Sum(x => x.Assigned), Available = g.Sum(x => x.Available), Out = g.Sum(x => x.Out) });
        var rows = await db.StormShifts.AsNoTracking().Where(s => s.EventId == eventId).Where(which)
            // Nullable casts: a shift with no line yet has NULLs on the joined side.
            .LeftJoin(lines, s => s.Id, l => l.ShiftId, (s, l) => new CoverageRow(s.Id, s.Label, s.StartsAt, s.EndsAt,
                (int?)l!.UnitId, (StormRole?)l.Role, (int?)l.Required, (int?)l.Assigned, (int?)l.Available, (int?)l.Out))
            .ToListAsync(ct);
        var unitName = units.ToDictionary(u => u.Id, u => u.Name);
        var unitOrder = units.ToDictionary(u => u.Id, u => u.SortOrder);
        return rows.GroupBy(r => r.ShiftId).OrderBy(g => g.First().StartsAt).ThenBy(g => g.Key).Select(g =>
        {
            var s = g.First();
            var lines = g.Where(r => r.UnitId is not null)
                .OrderBy(r => unitOrder.GetValueOrDefault(r.UnitId!.Value)).ThenBy(r => r.Role)
                .Select(r => new CoverageLine(r.UnitId!.Value, unitName.GetValueOrDefault(r.UnitId!.Value, "(unit no longer in the event)"), r.Role!.Value, r.Required ?? 0, r.Assigned ?? 0, r.Available ?? 0, r.Out ?? 0))
                .ToList();
            return new ShiftCoverage(s.ShiftId, s.Label, s.StartsAt, s.EndsAt, lines);
        }).ToList();
    }

    private static Outcome NotYours(StormScope scope) =>
        scope.Event.State == StormState.Closed && scope.CanChange
            ? Outcome.Conflict("The event is closed; its shifts are kept as they were.")
            : Outcome.Conflict("The managers of the event's units lay out and staff its shifts; you may read them.");
}
