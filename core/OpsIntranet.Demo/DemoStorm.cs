using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using People = OpsIntranet.Core.People;

namespace OpsIntranet.Demo;

/// <summary>
/// The demo's storm: one hurricane, closed, that hit the Utility Contact Center and the Walk-In Unit five to six
/// weeks ago (its first shift day is 40 days before today, so it is always in the past and never active), with the
/// roster, three days of A/B shifts, check-ins, shift reports (one late), hours with a correction and the manager's
/// sign-off, and an after-action review whose first item is already an initiative. Written through the services as
/// the people would, then dated as it happened (the services stamp "now").
/// </summary>
public class DemoStorm(AppDbContext db, Viewers viewers, StormRosterService roster, StormEventService events, StormShiftService shifts,
    ShiftReportService reports, StormHoursService hours, AfterActionService afterAction, TimeProvider clock)
{
    public const string EventName = "Hurricane Delia";
    /// <summary>Days between the first shift day and today.</summary>
    public const int DaysAgo = 40;

    internal async Task AddAsync(DemoDataSeeder.People people, CancellationToken ct)
    {
        var accounts = await db.Users.Where(u => u.EmployeeId != null).ToDictionaryAsync(u => u.EmployeeId!.Value, u => u.Id, ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id, ct);
        async Task<Viewer> As(People.Employee e) => await viewers.ForUserAsync(accounts[e.Id], ct);
        static int Must(Outcome o, string what) => o.Succeeded ? o.Id!.Value : throw new InvalidOperationException($"Demo storm {what} failed: {o.Message} {string.Join("; ", o.Errors.Select(e => e.Key + ": " + e.Value))}");

        var maria = await As(people.ManagerA);
        var (ucc, wiu) = (units["UCC"], units["WIU"]);
        var dana = people.SupervisorsByUnit["UCC"][0];
        var marcus = people.SupervisorsByUnit["UCC"][1];
        var omar = people.SupervisorsByUnit["WIU"][0];
        var supervisorIds = people.SupervisorsByUnit.Values.SelectMany(s => s).Select(s => s.Id).ToHashSet();
        var uccStaff = await db.Employees.Where(e => e.UnitId == ucc && e.IsActive).OrderBy(e => e.Id).ToListAsync(ct);
        uccStaff.RemoveAll(e => supervisorIds.Contains(e.Id));
        var wiuStaff = await db.Employees.Where(e => e.UnitId == wiu && e.IsActive).OrderBy(e => e.Id).ToListAsync(ct);
        wiuStaff.RemoveAll(e => supervisorIds.Contains(e.Id));

        // The roster (numbers in the 555-01xx range, reserved for fiction).
        var phone = 100;
        foreach (var (unit, person, role) in new[] { (ucc, dana, StormRole.Lead), (ucc, marcus, StormRole.Lead), (wiu, omar, StormRole.Lead) }
                     .Concat(uccStaff.Select(e => (ucc, e, StormRole.CallTaker))).Concat(wiuStaff.Select(e => (wiu, e, StormRole.WalkIn))))
            Must(await roster.SaveAsync(maria, unit, person.Id, $"555-201-{phone++:D4}", role, ct: ct), "roster line");

        // The storm's days, in Eastern time: monitored two days ahead, activated the day before landfall.
        var day0 = DepartmentCalendar.Today(clock).AddDays(-DaysAgo);
        DateTimeOffset At(int day, int hour, int minute = 0) => StormTime.FromEastern(day0.AddDays(day), new TimeOnly(hour, minute));
        var id = Must(await events.OpenAsync(maria, new StormEventInput(EventName, StormKind.Hurricane, ActivationLevel.Monitoring, At(-1, 12), At(0, 18), [ucc, wiu]), ct), "event");
        Must(await events.MoveAsync(maria, id, await VersionAsync(id, ct), StormState.Activated, ActivationLevel.Full, "Landfall expected tomorrow evening; all essential staff called in.", ct), "activation");

        Must(await shifts.LayoutAsync(maria, id, day0, new TimeOnly(7, 0), 3,
            [new(ucc, StormRole.Lead, 1), new(ucc, StormRole.CallTaker, 2), new(wiu, StormRole.Lead, 1), new(wiu, StormRole.WalkIn, 1)], ct), "shifts");
        var shiftRows = await db.StormShifts.AsNoTracking().Where(s => s.EventId == id).OrderBy(s => s.StartsAt).ToListAsync(ct);
        for (var i = 0; i < shiftRows.Count; i++)
        {
            var s = shiftRows[i];
            var day = s.Label == "A";
            // Days: Dana leads the contact center, Omar the walk-in. Nights: Marcus, and no walk-in lead (a gap the board shows).
            var crew = day
                ? new[] { (ucc, dana, StormRole.Lead), (ucc, uccStaff[0], StormRole.CallTaker), (ucc, uccStaff[1], StormRole.CallTaker), (wiu, omar, StormRole.Lead), (wiu, wiuStaff[0], StormRole.WalkIn) }
                : new[] { (ucc, marcus, StormRole.Lead), (ucc, uccStaff[2], StormRole.CallTaker), (ucc, uccStaff[3 % uccStaff.Count], StormRole.CallTaker), (wiu, wiuStaff[1 % wiuStaff.Count], StormRole.WalkIn) };
            foreach (var (unit, person, role) in crew)
            {
                var assignment = Must(await shifts.AssignAsync(maria, s.Id, person.Id, unit, role, ct), "assignment");
                var version = await db.ShiftAssignments.Where(a => a.Id == assignment).Select(a => a.Version).SingleAsync(ct);
                // The second night one call taker's street flooded: evacuated, so that shift runs one short.
                var evacuated = i == 3 && person.Id == uccStaff[3 % uccStaff.Count].Id;
                Must(await shifts.CheckInAsync(maria, assignment, version, evacuated ? Availability.Evacuated : Availability.Available,
                    evacuated ? "Street flooded; staying with family inland." : null, ct), "check-in");
            }
        }

        // Each unit's report per shift, from the lead where there was one (nights at the walk-in: the manager).
        var offered = new[] { 2350, 4120, 6890, 5210, 3480, 1960 };
        var late = (Shift: shiftRows[4].Id, Unit: ucc);
        for (var i = 0; i < shiftRows.Count; i++)
        {
            var s = shiftRows[i];
            var day = s.Label == "A";
            var o = offered[i];
            var abandoned = o * (i is 2 or 3 ? 14 : 6) / 100;
            Must(await reports.FileAsync(await As(day ? dana : marcus), s.Id, ucc, null, new ShiftReportInput(
                $"{o}", $"{o - abandoned}", $"{abandoned}", $"{(i is 2 or 3 ? 412 : 95 + 20 * i)}", $"{o * 3 / 5}", $"{(i is 2 or 3 ? 340 : 60 + 10 * i)}", false,
                i == 3 ? "One call taker evacuated; ran the night one short." : null,
                i == 2 ? "Landfall at 17:40. Outage line overflowed to voicemail for 25 minutes." : null), ct), "UCC report");
            var walkIns = day ? 40 + 25 * i : 0;
            Must(await reports.FileAsync(day ? await As(omar) : maria, s.Id, wiu, null, new ShiftReportInput(
                $"{walkIns / 2}", $"{walkIns / 2}", "0", "20", $"{walkIns / 4}", "0", day && i != 2,
                day ? null : "No walk-in lead on nights; the manager covered by phone.",
                i == 2 ? "Lobby closed from 14:00 for the storm surge warning." : null), ct), "walk-in report");
        }

        Must(await events.MoveAsync(maria, id, await VersionAsync(id, ct), StormState.Recovery, null, "Winds below tropical-storm force; restoring normal staffing.", ct), "recovery");
        Must(await hours.RecordFromShiftsAsync(maria, id, ct), "hours");
        // Dana stayed on after the landfall shift to hand over the outage backlog.
        var stayed = await db.StormHours.Where(h => h.EventId == id && h.EmployeeId == dana.Id && h.StartsAt == shiftRows[2].StartsAt).SingleAsync(ct);
        Must(await hours.CorrectAsync(maria, stayed.Id, stayed.Version, stayed.StartsAt, stayed.EndsAt.AddMinutes(90), null, "Stayed 90 minutes to hand over the outage callback backlog.", ct), "correction");
        Must(await hours.SignOffAsync(maria, id, await VersionAsync(id, ct), ct), "sign-off");

        var review = Must(await afterAction.SaveAsync(maria, id, null,
            "Call-out list reached every essential person within two hours; night crews were full except for one evacuation; shift reports came in on time but one.",
            "The outage line overflowed at landfall; the walk-in had no night lead; callbacks waited up to two days.",
            [new(null, "Add overflow routing for the outage line to the Transportation Contact Center", dana.Id),
             new(null, "Name a second walk-in lead for night shifts", omar.Id)], ct), "after-action review");
        var first = await db.AfterActionItems.Where(i => i.ReviewId == review).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
        Must(await afterAction.MakeInitiativeAsync(maria, first, ct), "initiative from the review");
        Must(await events.MoveAsync(maria, id, await VersionAsync(id, ct), StormState.Closed, null, "Recovery complete; hours signed off.", ct), "close");

        await DateAsItHappenedAsync(id, shiftRows, late, At, ct);
    }

    private Task<uint> VersionAsync(int id, CancellationToken ct) => db.StormEvents.Where(e => e.Id == id).Select(e => e.Version).SingleAsync(ct);

    /// <summary>The services stamped every step with the load's "now"; the record should read as the storm happened.</summary>
    private async Task DateAsItHappenedAsync(int id, IReadOnlyList<StormShift> shiftRows, (int Shift, int Unit) late, Func<int, int, int, DateTimeOffset> at, CancellationToken ct)
    {
        var e = await db.StormEvents.Include(x => x.Steps).SingleAsync(x => x.Id == id, ct);
        var opened = at(-2, 9, 0);
        e.CreatedAt = opened;
        var times = new Dictionary<StormState, DateTimeOffset>
        {
            [StormState.Monitoring] = opened, [StormState.Activated] = at(-1, 12, 0), [StormState.Recovery] = at(3, 7, 0), [StormState.Closed] = at(5, 16, 30),
        };
        foreach (var step in e.Steps) step.At = times[step.ToState];
        e.ClosedAt = times[StormState.Closed];
        e.HoursSignedOffAt = at(5, 15, 0);
        e.HoursChangedAt = at(4, 10, 0);
        foreach (var s in shiftRows)
        {
            await db.ShiftAssignments.Where(a => a.ShiftId == s.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.CheckedInAt, s.StartsAt.AddHours(-3)), ct);
            await db.ShiftReports.Where(r => r.ShiftId == s.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.FiledAt, s.EndsAt.AddMinutes(40)), ct);
        }
        // One report came in the next morning: it shows as late.
        var lateEnd = shiftRows.Single(s => s.Id == late.Shift).EndsAt;
        await db.ShiftReports.Where(r => r.ShiftId == late.Shift && r.UnitId == late.Unit).ExecuteUpdateAsync(u => u.SetProperty(r => r.FiledAt, lateEnd.AddHours(3)), ct);
        await db.StormHours.Where(h => h.EventId == id && h.CorrectedAt != null).ExecuteUpdateAsync(u => u.SetProperty(h => h.CorrectedAt, at(4, 10, 0)), ct);
        await db.AfterActionReviews.Where(r => r.EventId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.UpdatedAt, at(5, 14, 0)), ct);
        await db.SaveChangesAsync(ct);
    }
}
