using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>The A/B rotation and its true lengths across the November change, coverage per shift and role, and check-ins moving it.</summary>
public class StormShiftTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;

    public StormShiftTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 29, 9);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private Task<int> Layout(DateOnly first, int days, params RequirementInput[] required) =>
        app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, first, new TimeOnly(7, 0), days, required), "shifts");

    private async Task<List<StormShift>> ShiftsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync();
    }

    [Fact]
    public async Task Rotation_AcrossTheNovemberChange_MakesTheNightShift13Hours()
    {
        await Layout(new DateOnly(2026, 10, 31), 2, new RequirementInput(w.ContactCenter.Id, StormRole.CallTaker, 2));

        var shifts = await ShiftsAsync();
        // 07:00 and 19:00 on the wall clock; clocks go back at 02:00 on Sunday 1 November.
        Assert.Equal(
            [("A", new DateTimeOffset(2026, 10, 31, 11, 0, 0, TimeSpan.Zero), 12m),   // 07:00 EDT → 19:00 EDT
             ("B", new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), 13m),   // 19:00 EDT → 07:00 EST
             ("A", new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), 12m),    // 07:00 EST → 19:00 EST
             ("B", new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), 12m)],    // 19:00 EST → 07:00 EST
            shifts.Select(s => (s.Label, s.StartsAt, s.Hours)));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero), shifts[^1].EndsAt);
        Assert.Equal("Sat Oct 31, 19:00 EDT", StormTime.Describe(shifts[1].StartsAt));
        Assert.Equal("Sun Nov 1, 07:00 EST", StormTime.Describe(shifts[1].EndsAt));

        // Laying out the same days again would overlap them.
        var again = await app.Data.TryAsAsync<StormShiftService, Outcome>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 1), new TimeOnly(7, 0), 1, []));
        Assert.Equal("These shifts would overlap shifts the event already has; edit those or start after them.", again.Errors["FirstDay"]);
    }

    [Fact]
    public async Task Coverage_CountsAssignedLessThoseWhoCannotCome_AndCheckInsMoveIt()
    {
        await Layout(new DateOnly(2026, 10, 30), 1,
            new RequirementInput(w.ContactCenter.Id, StormRole.Lead, 1), new RequirementInput(w.ContactCenter.Id, StormRole.CallTaker, 3), new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1));
        var shift = (await ShiftsAsync())[0];
        var people = new List<int>();
        foreach (var name in new[] { "Ana", "Ben", "Cy", "Di" })
            people.Add((await app.Data.Employee(name, "Staff").InUnit(w.ContactCenter).BuildAsync()).Id);
        Task<int> Assign(int employee, StormRole role) => app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shift.Id, employee, w.ContactCenter.Id, role), "assignment");
        async Task<Outcome> CheckIn(BuiltUser who, int assignment, Availability availability, string? reason = null)
        {
            await using var db = app.Factory.CreateDbContext();
            var version = await db.ShiftAssignments.Where(a => a.Id == assignment).Select(a => a.Version).SingleAsync();
            return await app.Data.TryAsAsync<StormShiftService, Outcome>(who, (s, v) => s.CheckInAsync(v, assignment, version, availability, reason));
        }
        // required, assigned, checked in available, checked in unavailable or evacuated, covering, gap.
        async Task<IReadOnlyList<(string, StormRole, int, int, int, int, int, int)>> Coverage() =>
            (await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<ShiftCoverage>?>(w.Supervisor, (s, v) => s.CoverageAsync(v, eventId)))![0].Lines
                .Select(l => (l.UnitName, l.Role, l.Required, l.Assigned, l.Available, l.Out, l.Covering, l.Gap)).ToList();

        var lead = await Assign(w.Lead.Employee.Id, StormRole.Lead);
        var a = await Assign(people[0], StormRole.CallTaker);
        var b = await Assign(people[1], StormRole.CallTaker);
        var c = await Assign(people[2], StormRole.CallTaker);
        var cal = await Assign(w.CallTaker.Employee.Id, StormRole.Other);
        Assert.True((await CheckIn(w.Lead, lead, Availability.Available)).Succeeded);
        Assert.True((await CheckIn(w.Manager, a, Availability.Available)).Succeeded);
        var noReason = await CheckIn(w.Manager, b, Availability.Unavailable);
        Assert.Equal("Say why you cannot come (e.g. no power, road closed, caring for family).", noReason.Errors["Reason"]);
        Assert.True((await CheckIn(w.Manager, b, Availability.Unavailable, "No power, road closed")).Succeeded);
        // c has not checked in: assigned, so counted as covering until he says otherwise.

        // Worked by hand: call takers 3 needed, 3 assigned (a available, b unavailable, c not checked in) → 2 covering, 1 short.
        Assert.Equal(
            [("Contact Center", StormRole.CallTaker, 3, 3, 1, 1, 2, 1), ("Contact Center", StormRole.Lead, 1, 1, 1, 0, 1, 0), ("Contact Center", StormRole.Other, 0, 1, 0, 0, 1, 0),
             ("Walk-In", StormRole.WalkIn, 1, 0, 0, 0, 0, 1)],
            await Coverage());

        // Cal checks in himself; c checks in available; a is evacuated.
        Assert.True((await CheckIn(w.CallTaker, cal, Availability.Available)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await CheckIn(w.CallTaker, c, Availability.Available)).Kind); // not his
        Assert.True((await CheckIn(w.Manager, c, Availability.Available)).Succeeded);
        Assert.True((await CheckIn(w.Manager, a, Availability.Evacuated, "Mandatory evacuation zone B")).Succeeded);
        // a evacuated and b unavailable: 1 of 3 call takers covering → 2 short.
        Assert.Equal(
            [("Contact Center", StormRole.CallTaker, 3, 3, 1, 2, 1, 2), ("Contact Center", StormRole.Lead, 1, 1, 1, 0, 1, 0), ("Contact Center", StormRole.Other, 0, 1, 1, 0, 1, 0),
             ("Walk-In", StormRole.WalkIn, 1, 0, 0, 0, 0, 1)],
            await Coverage());
        Assert.True((await CheckIn(w.Manager, b, Availability.Available)).Succeeded);
        var total = (await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<ShiftCoverage>?>(w.Manager, (s, v) => s.CoverageAsync(v, eventId)))![0];
        // Required 3+1+0+1 = 5; covering 2+1+1+0 = 4; available 2+1+1+0 = 4; short 1 call taker + 1 walk-in = 2.
        Assert.Equal((5, 4, 4, 2, true), (total.Required, total.Covering, total.Available, total.Gap, total.HasGap));

        // Changing the requirement moves the gap too; a person is on a shift once.
        Assert.True((await app.Data.TryAsAsync<StormShiftService, Outcome>(w.Manager, (s, v) => s.SetRequirementAsync(v, shift.Id, w.ContactCenter.Id, StormRole.CallTaker, 2))).Succeeded);
        Assert.Equal(("Contact Center", StormRole.CallTaker, 2, 3, 2, 1, 2, 0), (await Coverage())[0]);
        var twice = await app.Data.TryAsAsync<StormShiftService, Outcome>(w.Manager, (s, v) => s.AssignAsync(v, shift.Id, people[0], w.ContactCenter.Id, StormRole.Lead));
        Assert.Equal("This person is already on this shift.", twice.Errors["EmployeeId"]);

        // The call taker sees his own shift on the check-in page.
        var mine = Assert.Single(await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<MyShift>>(w.CallTaker, (s, v) => s.MyShiftsAsync(v)));
        Assert.Equal((Availability.Available, "Contact Center", StormRole.Other), (mine.Availability, mine.UnitName, mine.Role));
    }

    [Fact]
    public async Task Next48Hours_HoldsTheRunningShiftAndThoseStartingWithinTwoDays()
    {
        await Layout(new DateOnly(2026, 10, 30), 3, new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1));
        // Saturday 31 October 10:00 EDT: the A shift of the 31st is running; 48 real hours later is Monday 09:00 EST, the clocks having gone back.
        clock.Now = StormWorld.Eastern(2026, 10, 31, 10);

        var next = (await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<ShiftCoverage>?>(w.CallTaker, (s, v) => s.Next48HoursAsync(v, eventId)))!;

        Assert.Equal(["Sat Oct 31, 07:00 EDT", "Sat Oct 31, 19:00 EDT", "Sun Nov 1, 07:00 EST", "Sun Nov 1, 19:00 EST"], next.Select(s => StormTime.Describe(s.StartsAt)));
        Assert.All(next, s => Assert.Equal(1, s.Gap));
    }
}
