using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

/// <summary>One row of hours with its split, as the hours page and the payroll CSV list them.</summary>
/// <remarks><see cref="Unit"/> is the unit the hours were worked for: the shift assignment's, or the person's own for a row a manager added.</remarks>
public sealed record LaborRow(int Id, int EmployeeId, string Name, string Position, string Unit, DateOnly Day, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    decimal Hours, decimal Regular, decimal Overtime, bool FromShift, string? CorrectedByName, string? CorrectionNote, uint Version, decimal? OvertimeOverride = null);

public sealed record LaborDay(DateOnly Date, decimal Regular, decimal Overtime)
{
    public decimal Hours => Regular + Overtime;
}

/// <summary>One person's line of the labor summary: hours per day, and regular and overtime totals.</summary>
public sealed record LaborPerson(int EmployeeId, string Name, string Position, string Unit, IReadOnlyList<LaborDay> Days)
{
    public decimal Regular => Days.Sum(d => d.Regular);
    public decimal Overtime => Days.Sum(d => d.Overtime);
    public decimal Total => Regular + Overtime;
}

public sealed record LaborSignOff(string ByName, DateTimeOffset At);

/// <summary>
/// The labor summary in the shape public-assistance reimbursement asks for: name, position, dates, hours per day,
/// regular and overtime totals; every total is the sum of the rows it summarises. <see cref="SignedOff"/> is the
/// manager's sign-off, null until given and again after any correction.
/// </summary>
public sealed record LaborSummary(int EventId, string EventName, StormKind Kind, IReadOnlyList<DateOnly> Dates, IReadOnlyList<LaborPerson> People,
    IReadOnlyList<LaborRow> Rows, LaborSignOff? SignedOff, uint EventVersion, bool CanChange)
{
    public decimal Regular => People.Sum(p => p.Regular);
    public decimal Overtime => People.Sum(p => p.Overtime);
    public decimal Total => Regular + Overtime;
}

/// <summary>
/// Hours worked during an event, per person and Eastern day: recorded from the shift assignments of people who
/// checked in available (a shift across midnight gives one row per day), corrected by the manager, split into regular
/// and overtime by <see cref="OvertimeRule"/>, summarised for reimbursement and signed off. Any change to the hours
/// after a sign-off clears it, so a signed summary always matches its rows.
/// </summary>
public class StormHoursService(AppDbContext db, TimeProvider clock)
{
    public const int MaxNote = 500;

    /// <summary>Splits a stretch of time at Eastern midnights: (day, start, end) per calendar day it touches.</summary>
    public static IReadOnlyList<(DateOnly Day, DateTimeOffset Start, DateTimeOffset End)> SplitByDay(DateTimeOffset start, DateTimeOffset end)
    {
        var parts = new List<(DateOnly, DateTimeOffset, DateTimeOffset)>();
        var from = start.ToUniversalTime();
        while (from < end)
        {
            var day = DateOnly.FromDateTime(DepartmentCalendar.ToLocal(from));
            var midnight = DepartmentCalendar.StartOfDayUtc(day.AddDays(1));
            var to = midnight < end ? midnight : end.ToUniversalTime();
            parts.Add((day, from, to));
            from = to;
        }
        return parts;
    }

    /// <summary>
    /// Records the hours of every assignment whose shift has ended and whose person checked in available, once (rows
    /// already recorded, corrected or not, are left alone). Returns the event's id; the count added is in the message.
    /// </summary>
    public async Task<Outcome> RecordFromShiftsAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        // Hours are payroll records: a reader of the event who may not read them gets the same 404 as for any other event.
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return Outcome.NotFound;
        if (!scope.Steps.CanKeepHours) return Outcome.Conflict("The managers of the event's units keep its hours.");
        var now = clock.GetUtcNow();
        var worked = await db.ShiftAssignments.AsNoTracking()
            .Where(a => a.Shift!.EventId == eventId && a.Availability == Availability.Available && a.Shift.EndsAt <= now)
            .Select(a => new { a.Id, a.EmployeeId, a.Shift!.StartsAt, a.Shift.EndsAt }).ToListAsync(ct);
        var ids = worked.Select(w => w.Id).ToList();
        var recorded = (await db.StormHours.AsNoTracking().Where(h => h.AssignmentId != null && ids.Contains(h.AssignmentId.Value)).Select(h => h.AssignmentId!.Value).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var a in worked.Where(w => !recorded.Contains(w.Id)))
            foreach (var (day, start, end) in SplitByDay(a.StartsAt, a.EndsAt))
            {
                db.StormHours.Add(new StormHours { EventId = eventId, EmployeeId = a.EmployeeId, AssignmentId = a.Id, Day = day, StartsAt = start, EndsAt = end });
                added++;
            }
        if (added == 0) return new Outcome(OutcomeKind.Ok, eventId, new Dictionary<string, string>(), "No new hours to record.");
        ClearSignOff(scope.Event, clock.GetUtcNow());
        var saved = await db.SaveOutcomeAsync(() => eventId, ct, Outcome.Conflict("Someone else recorded these hours at the same moment; reload to see them."));
        return saved.Succeeded ? saved with { Message = $"{added} rows of hours recorded." } : saved;
    }

    /// <summary>A manager's correction of one row: start and end (within one Eastern day), an overtime override (null: the weekly rule), a note.</summary>
    public async Task<Outcome> CorrectAsync(Viewer viewer, int hoursId, uint version, DateTimeOffset? startsAt, DateTimeOffset? endsAt, decimal? overtimeOverride, string? note, CancellationToken ct = default)
    {
        var row = await db.StormHours.SingleOrDefaultAsync(h => h.Id == hoursId, ct);
        if (row is null || await StormScope.LoadAsync(db, viewer, row.EventId, track: true, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return Outcome.NotFound;
        if (!scope.Steps.CanKeepHours) return Outcome.Conflict("The managers of the event's units correct its hours; you may read them.");
        if (row.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        var day = Validate(startsAt, endsAt, overtimeOverride, errors);
        var clean = TextRules.Required(errors, "Note", note, MaxNote, "Say why the hours are corrected (it goes on the record).");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        row.StartsAt = startsAt!.Value.ToUniversalTime();
        row.EndsAt = endsAt!.Value.ToUniversalTime();
        row.Day = day!.Value;
        row.OvertimeOverride = overtimeOverride;
        row.CorrectedByName = viewer.Actor.Name;
        row.CorrectedAt = clock.GetUtcNow();
        row.CorrectionNote = clean;
        ClearSignOff(scope.Event, clock.GetUtcNow());
        return await db.SaveOutcomeAsync(() => row.Id, ct);
    }

    /// <summary>Adds hours a person worked outside a shift (a call-back, an early start), as a manager's row.</summary>
    public async Task<Outcome> AddAsync(Viewer viewer, int eventId, int employeeId, DateTimeOffset? startsAt, DateTimeOffset? endsAt, decimal? overtimeOverride, string? note, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return Outcome.NotFound;
        if (!scope.Steps.CanKeepHours) return Outcome.Conflict("The managers of the event's units keep its hours.");
        var errors = new Dictionary<string, string>();
        if (!await People.UnitPeople.In(db, scope.UnitIds.ToList()).AnyAsync(e => e.Id == employeeId, ct)) errors["EmployeeId"] = "Choose an active person of the event's units.";
        var day = Validate(startsAt, endsAt, overtimeOverride, errors);
        var clean = TextRules.Required(errors, "Note", note, MaxNote, "Say what the hours were for (it goes on the record).");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var row = new StormHours
        {
            EventId = eventId, EmployeeId = employeeId, Day = day!.Value, StartsAt = startsAt!.Value.ToUniversalTime(), EndsAt = endsAt!.Value.ToUniversalTime(),
            OvertimeOverride = overtimeOverride, CorrectedByName = viewer.Actor.Name, CorrectedAt = clock.GetUtcNow(), CorrectionNote = clean,
        };
        db.StormHours.Add(row);
        ClearSignOff(scope.Event, clock.GetUtcNow());
        return await db.SaveOutcomeAsync(() => row.Id, ct);
    }

    public async Task<Outcome> DeleteAsync(Viewer viewer, int hoursId, uint version, CancellationToken ct = default)
    {
        var row = await db.StormHours.SingleOrDefaultAsync(h => h.Id == hoursId, ct);
        if (row is null || await StormScope.LoadAsync(db, viewer, row.EventId, track: true, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return Outcome.NotFound;
        if (!scope.Steps.CanKeepHours) return Outcome.Conflict("The managers of the event's units keep its hours.");
        if (row.Version != version) return Outcome.Stale;
        db.StormHours.Remove(row);
        ClearSignOff(scope.Event, clock.GetUtcNow());
        return await db.SaveOutcomeAsync(() => row.EventId, ct);
    }

    /// <summary>The manager signs the labor summary as read (the event's version from the summary): refused when the hours moved since.</summary>
    public async Task<Outcome> SignOffAsync(Viewer viewer, int eventId, uint eventVersion, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return Outcome.NotFound;
        if (!scope.Steps.CanKeepHours) return Outcome.Conflict("The managers of the event's units sign off its hours; you may read them.");
        var e = scope.Event;
        if (e.Version != eventVersion) return Outcome.Conflict("The hours or the event changed since you opened the summary; reload it and check before signing.");
        if (e.HoursSignedOffAt is not null) return Outcome.Conflict($"{e.HoursSignedOffByName} already signed off these hours.");
        if (!await db.StormHours.AnyAsync(h => h.EventId == eventId, ct)) return Outcome.Conflict("There are no hours to sign off yet; record them from the shifts first.");
        e.HoursSignedOffAt = clock.GetUtcNow();
        e.HoursSignedOffByUserId = viewer.UserId;
        e.HoursSignedOffByName = viewer.Actor.Name;
        return await db.SaveOutcomeAsync(() => e.Id, ct);
    }

    /// <summary>The labor summary of an event; null when the viewer may not read its hours.</summary>
    public async Task<LaborSummary?> LaborSummaryAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope || !StormAccess.CanReadHours(viewer, scope.UnitIds)) return null;
        var rows = await db.StormHours.AsNoTracking().Where(h => h.EventId == eventId)
            .Select(h => new { h.Id, h.EmployeeId, h.Employee!.FirstName, h.Employee.LastName, h.Employee.Position, Unit = h.Assignment != null ? h.Assignment.Unit!.Name : h.Employee.Unit != null ? h.Employee.Unit.Name : "", h.Day, h.StartsAt, h.EndsAt, h.OvertimeOverride, h.AssignmentId, h.CorrectedByName, h.CorrectionNote, h.Version })
            .ToListAsync(ct);
        var split = rows.GroupBy(r => r.EmployeeId)
            .SelectMany(g => OvertimeRule.Split(g.Select(r => new WorkedTime(r.Id, r.Day, r.StartsAt, Hours(r.StartsAt, r.EndsAt), r.OvertimeOverride))))
            .ToDictionary(s => s.Id);
        var lines = rows.OrderBy(r => r.LastName).ThenBy(r => r.FirstName).ThenBy(r => r.EmployeeId).ThenBy(r => r.StartsAt)
            .Select(r => new LaborRow(r.Id, r.EmployeeId, $"{r.FirstName} {r.LastName}", r.Position, r.Unit, r.Day, r.StartsAt, r.EndsAt, Hours(r.StartsAt, r.EndsAt),
                split[r.Id].Regular, split[r.Id].Overtime, r.AssignmentId is not null, r.CorrectedByName, r.CorrectionNote, r.Version, r.OvertimeOverride))
            .ToList();
        var dates = lines.Select(l => l.Day).Distinct().Order().ToList();
        var people = lines.GroupBy(l => l.EmployeeId).Select(g => new LaborPerson(g.Key, g.First().Name, g.First().Position, string.Join(", ", g.Select(l => l.Unit).Distinct().Order(StringComparer.Ordinal)),
            g.GroupBy(l => l.Day).OrderBy(d => d.Key).Select(d => new LaborDay(d.Key, d.Sum(l => l.Regular), d.Sum(l => l.Overtime))).ToList())).ToList();
        var e = scope.Event;
        var signed = e.HoursSignedOffAt is { } at ? new LaborSignOff(e.HoursSignedOffByName ?? "", at) : null;
        return new LaborSummary(e.Id, e.Name, e.Kind, dates, people, lines, signed, e.Version, scope.Steps.CanKeepHours);
    }

    private static decimal Hours(DateTimeOffset start, DateTimeOffset end) => Math.Round((decimal)(end - start).TotalHours, 2);

    private static DateOnly? Validate(DateTimeOffset? startsAt, DateTimeOffset? endsAt, decimal? overtime, Dictionary<string, string> errors)
    {
        if (startsAt is null) errors["StartsAt"] = "Give the start (Eastern).";
        if (endsAt is null) errors["EndsAt"] = "Give the end (Eastern).";
        if (startsAt is not { } s || endsAt is not { } e) return null;
        if (e <= s) { errors["EndsAt"] = "The end must be after the start."; return null; }
        var day = DateOnly.FromDateTime(DepartmentCalendar.ToLocal(s));
        // One row is one Eastern day, so hours per day add up; time past midnight is a row of the next day.
        if (e > DepartmentCalendar.StartOfDayUtc(day.AddDays(1))) { errors["EndsAt"] = "A row covers one day: end it at midnight and add the rest as a row of the next day."; return null; }
        var hours = Hours(s, e);
        if (overtime is { } ot && (ot < 0 || ot > hours)) errors["OvertimeOverride"] = $"Overtime is between 0 and the row's {hours:0.##} hours; leave it empty for the weekly rule.";
        return day;
    }

    /// <summary>Any change to the hours: the sign-off no longer holds, and the event's row (so its version) moves, so a summary read before cannot be signed.</summary>
    private static void ClearSignOff(StormEvent e, DateTimeOffset now)
    {
        e.HoursChangedAt = now;
        e.HoursSignedOffAt = null;
        e.HoursSignedOffByUserId = null;
        e.HoursSignedOffByName = null;
    }
}
