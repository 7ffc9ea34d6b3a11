using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

/// <summary>The shift report form as typed: numbers as text, so "12a" gets a message instead of a zero.</summary>
public sealed record ShiftReportInput(string? CallsOffered, string? CallsAnswered, string? CallsAbandoned, string? AverageSpeedOfAnswerSeconds,
    string? OutageReportsTaken, string? CallbacksPending, bool? LobbyOpen, string? StaffingProblems, string? Notes);

/// <summary>A unit's report slot on a shift: the report when filed, whether it is late, and whether the viewer may file it.</summary>
public sealed record ShiftReportSlot(int ShiftId, string ShiftLabel, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int UnitId, string UnitName, ShiftReport? Report, bool Late, bool CanFile, int EventId = 0)
{
    /// <summary>The shift is over, so a report not yet filed is missing (late, too, once <see cref="ShiftReportService.Grace"/> has passed).</summary>
    public bool Ended(DateTimeOffset now) => EndsAt <= now;
    /// <summary>A report is filed once the shift has started (<see cref="ShiftReportService"/> refuses one before).</summary>
    public bool Started(DateTimeOffset now) => StartsAt <= now;
}

/// <summary>
/// Shift reports: one per shift and unit (unique in the database), filed by the shift's lead from a phone, checked
/// like the monthly form (every message next to its field, nothing saved while one is wrong, answered + abandoned
/// never more than offered). A report is late when filed more than <see cref="Grace"/> after its shift ended; a
/// missing one is late once that time has passed.
/// </summary>
public class ShiftReportService(AppDbContext db, TimeProvider clock)
{
    /// <summary>How long after a shift ends its report is still on time.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(2);
    public const int MaxText = 2000;
    /// <summary>More calls than any one shift of the department could take: a typo guard, not a rule.</summary>
    public const int MaxCount = 1_000_000;
    public const int MaxAsaSeconds = 86_400;

    public static bool IsLate(DateTimeOffset shiftEnd, DateTimeOffset? filedAt, DateTimeOffset now) =>
        (filedAt ?? now) > shiftEnd + Grace;

    /// <summary>Every shift × unit slot of the event with its report and late flag; null when out of scope.</summary>
    public async Task<IReadOnlyList<ShiftReportSlot>?> SlotsAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var now = clock.GetUtcNow();
        var shifts = await db.StormShifts.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var ids = shifts.Select(s => s.Id).ToList();
        var reports = await db.ShiftReports.AsNoTracking().Where(r => ids.Contains(r.ShiftId)).ToListAsync(ct);
        var leads = await LeadShiftsAsync(viewer, ids, ct);
        var units = await db.Units.AsNoTracking().Where(u => scope.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        return shifts.SelectMany(s => units.Select(u =>
        {
            var report = reports.SingleOrDefault(r => r.ShiftId == s.Id && r.UnitId == u.Id);
            // A shift not yet ended has nothing late about it.
            var late = s.EndsAt <= now && IsLate(s.EndsAt, report?.FiledAt, now);
            var canFile = scope.Event.State != StormState.Closed && StormAccess.CanFileReport(viewer, scope.UnitIds, leads.Contains((s.Id, u.Id)));
            return new ShiftReportSlot(s.Id, s.Label, s.StartsAt, s.EndsAt, u.Id, u.Name, report, late, canFile, eventId);
        })).ToList();
    }

    /// <summary>The report of a shift and unit (null Report when not filed yet); null when out of scope.</summary>
    public async Task<ShiftReportSlot?> SlotAsync(Viewer viewer, int shiftId, int unitId, CancellationToken ct = default)
    {
        var shift = await db.StormShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null) return null;
        return (await SlotsAsync(viewer, shift.EventId, ct))?.SingleOrDefault(s => s.ShiftId == shiftId && s.UnitId == unitId);
    }

    /// <summary>
    /// Files (version null) or corrects (the version read) a unit's report for a shift. Refused with per-field messages
    /// and nothing saved when a figure is wrong; a second report for the same shift and unit is refused by the database.
    /// </summary>
    public async Task<Outcome> FileAsync(Viewer viewer, int shiftId, int unitId, uint? version, ShiftReportInput input, CancellationToken ct = default)
    {
        var shift = await db.StormShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || await StormScope.LoadAsync(db, viewer, shift.EventId, track: false, ct) is not { } scope || !scope.UnitIds.Contains(unitId)) return Outcome.NotFound;
        var isLead = (await LeadShiftsAsync(viewer, [shiftId], ct)).Contains((shiftId, unitId));
        if (!StormAccess.CanFileReport(viewer, scope.UnitIds, isLead)) return Outcome.Conflict("The shift's lead for this unit files its report; the event's managers may too.");
        if (scope.Event.State == StormState.Closed) return Outcome.Conflict("The event is closed; its shift reports are kept as they were.");
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string>();
        if (now < shift.StartsAt) errors["Shift"] = "This shift has not started yet; file its report during or after it.";
        var offered = Count(errors, "CallsOffered", input.CallsOffered, "calls offered");
        var answered = Count(errors, "CallsAnswered", input.CallsAnswered, "calls answered");
        var abandoned = Count(errors, "CallsAbandoned", input.CallsAbandoned, "calls abandoned");
        var asa = Seconds(errors, "AverageSpeedOfAnswerSeconds", input.AverageSpeedOfAnswerSeconds);
        var outages = Count(errors, "OutageReportsTaken", input.OutageReportsTaken, "outage reports taken");
        var callbacks = Count(errors, "CallbacksPending", input.CallbacksPending, "callbacks pending");
        if (offered is { } o && answered is { } a && abandoned is { } b && a + b > o)
            errors["CallsAbandoned"] = $"Answered ({a:N0}) and abandoned ({b:N0}) add up to {a + b:N0}, more than the {o:N0} offered; check the three figures.";
        if (input.LobbyOpen is null) errors["LobbyOpen"] = "Say whether the walk-in lobby was open or closed.";
        var problems = TextRules.Optional(errors, "StaffingProblems", input.StaffingProblems, MaxText);
        var notes = TextRules.Optional(errors, "Notes", input.Notes, MaxText);
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var report = await db.ShiftReports.SingleOrDefaultAsync(r => r.ShiftId == shiftId && r.UnitId == unitId, ct);
        if (report is null)
        {
            if (version is not null) return Outcome.Stale;
            report = new ShiftReport { ShiftId = shiftId, UnitId = unitId, FiledAt = now, FiledByUserId = viewer.UserId, FiledByName = viewer.Actor.Name };
            db.ShiftReports.Add(report);
        }
        else if (version is null) return Outcome.Conflict($"{report.FiledByName} already filed this report; open it to correct it.");
        else if (report.Version != version) return Outcome.Stale;
        else report.UpdatedAt = now;
        report.CallsOffered = offered!.Value;
        report.CallsAnswered = answered!.Value;
        report.CallsAbandoned = abandoned!.Value;
        report.AverageSpeedOfAnswerSeconds = asa!.Value;
        report.OutageReportsTaken = outages!.Value;
        report.CallbacksPending = callbacks!.Value;
        report.LobbyOpen = input.LobbyOpen!.Value;
        report.StaffingProblems = problems;
        report.Notes = notes;
        return await db.SaveOutcomeAsync(() => report.Id, ct, Outcome.Conflict("Someone else filed this report a moment ago; open it to see theirs and correct it if needed."));
    }

    private static int? Count(Dictionary<string, string> errors, string field, string? text, string what, int max = MaxCount)
    {
        var t = text?.Trim().Replace(",", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(t)) { errors[field] = $"Give {what} (0 if none)."; return null; }
        if (!int.TryParse(t, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            errors[field] = $"Give {what} as a whole number, e.g. 120.";
            return null;
        }
        if (n < 0) { errors[field] = $"{char.ToUpperInvariant(what[0])}{what[1..]} cannot be negative."; return null; }
        if (n > max) { errors[field] = $"{n:N0} is more than a shift could have ({max:N0}); check the figure."; return null; }
        return n;
    }

    /// <summary>
    /// The average speed of answer: whole seconds ("95"), or minutes and seconds as a wallboard shows it ("1:35").
    /// </summary>
    private static int? Seconds(Dictionary<string, string> errors, string field, string? text)
    {
        const string what = "the average speed of answer in seconds";
        var t = text?.Trim();
        if (t is null || !t.Contains(':', StringComparison.Ordinal)) return Count(errors, field, text, what, MaxAsaSeconds);
        var parts = t.Split(':');
        var style = System.Globalization.NumberStyles.None;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length != 2 || parts[1].Length != 2 || !int.TryParse(parts[0], style, invariant, out var m) || !int.TryParse(parts[1], style, invariant, out var s) || s > 59)
        {
            errors[field] = "Give the average speed of answer in seconds (e.g. 95) or as minutes:seconds (e.g. 1:35).";
            return null;
        }
        if (m > MaxAsaSeconds / 60) { errors[field] = $"{t} is more than a shift could have; check the figure."; return null; }
        return m * 60 + s;
    }

    /// <summary>(shift, unit) pairs on which the viewer is assigned as lead.</summary>
    private async Task<HashSet<(int ShiftId, int UnitId)>> LeadShiftsAsync(Viewer viewer, IReadOnlyList<int> shiftIds, CancellationToken ct)
    {
        if (viewer.EmployeeId is not { } me) return [];
        var rows = await db.ShiftAssignments.AsNoTracking().Where(a => a.EmployeeId == me && a.Role == StormRole.Lead && shiftIds.Contains(a.ShiftId))
            .Select(a => new { a.ShiftId, a.UnitId }).ToListAsync(ct);
        return rows.Select(r => (r.ShiftId, r.UnitId)).ToHashSet();
    }
}
