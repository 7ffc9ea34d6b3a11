using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>Hours from shifts (split at Eastern midnight, true length across the November change), the weekly overtime rule, the labor summary and its sign-off.</summary>
public class StormHoursTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;

    public StormHoursTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 25, 9);
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>An activated event over the unit with a rotation laid out, the given people on the given shifts (by index), all checked in available.</summary>
    private async Task<(int EventId, List<StormShift> Shifts)> StormAsync(BuiltUnit unit, DateOnly first, int days, params (Employee Person, int Shift)[] crew)
    {
        var id = await app.Data.StormEvent("Storm over " + unit.Name, w.Manager).For(unit).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, id, first, new TimeOnly(7, 0), days, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        var shifts = await db.StormShifts.Where(s => s.EventId == id).OrderBy(s => s.StartsAt).ToListAsync();
        foreach (var (person, index) in crew)
        {
            var a = await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[index].Id, person.Id, unit.Id, StormRole.CallTaker), "assignment");
            var version = await db.ShiftAssignments.Where(x => x.Id == a).Select(x => x.Version).SingleAsync();
            await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.CheckInAsync(v, a, version, Availability.Available, null), "check-in");
        }
        return (id, shifts);
    }

    private Task<LaborSummary?> Summary(BuiltUser who, int id) => app.Data.TryAsAsync<StormHoursService, LaborSummary?>(who, (s, v) => s.LaborSummaryAsync(v, id));

    [Fact]
    public async Task NightShiftAcrossTheNovemberChange_Counts13Hours_SplitAtMidnight()
    {
        var ana = await app.Data.Employee("Ana", "Reyes").InUnit(w.WalkIn).BuildAsync();
        // Shift 1 is the B shift of Saturday 31 October: 19:00 EDT to 07:00 EST.
        var (id, _) = await StormAsync(w.WalkIn, new DateOnly(2026, 10, 31), 1, (ana, 1));
        clock.Now = StormWorld.Eastern(2026, 11, 1, 9);

        var recorded = await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.RecordFromShiftsAsync(v, id));
        Assert.Equal("2 rows of hours recorded.", recorded.Message);

        var summary = (await Summary(w.Manager, id))!;
        // Saturday 19:00–24:00 EDT is 5 hours; Sunday 00:00 EDT to 07:00 EST is 8 (the 01:00 hour happens twice).
        Assert.Equal([(new DateOnly(2026, 10, 31), 5m), (new DateOnly(2026, 11, 1), 8m)], summary.Rows.Select(r => (r.Day, r.Hours)));
        var person = Assert.Single(summary.People);
        Assert.Equal((13m, 0m, 13m), (person.Regular, person.Overtime, person.Total));
    }

    [Fact]
    public async Task WeeklyOvertime_AndTheLaborSummary_MatchTheHandWorkedFigures()
    {
        var pat = await app.Data.Employee("Pat", "Quinn").InUnit(w.ContactCenter).Position("Customer Service Representative II").BuildAsync();
        var rae = await app.Data.Employee("Rae", "Diaz").InUnit(w.ContactCenter).Position("Customer Service Representative I").BuildAsync();
        var sam = await app.Data.Employee("Sam", "Ortiz").InUnit(w.ContactCenter).BuildAsync();
        // Saturday 7 to Thursday 12 November: shifts 0, 2, 4, 6, 8, 10 are the A shifts (07:00–19:00), shift 1 the first night.
        var (id, shifts) = await StormAsync(w.ContactCenter, new DateOnly(2026, 11, 7), 6, (pat, 0), (pat, 2), (pat, 4), (pat, 6), (pat, 8), (pat, 10), (rae, 1));
        // Sam was assigned but never checked in: no hours.
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[3].Id, sam.Id, w.ContactCenter.Id, StormRole.CallTaker), "assignment");
        clock.Now = StormWorld.Eastern(2026, 11, 14, 9);

        Assert.Equal("8 rows of hours recorded.", (await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.RecordFromShiftsAsync(v, id))).Message);
        Assert.Equal("No new hours to record.", (await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.RecordFromShiftsAsync(v, id))).Message);

        // Worked by hand. Pat: Saturday 7th is the week of 1 November (12 regular). The week of Sunday 8th: Sun 12, Mon 12,
        // Tue 12 (36 so far), Wed 4 regular + 8 overtime (48), Thu 12 overtime (60): 52 regular, 20 overtime.
        // Rae: Saturday 19:00–24:00 (5, week of the 1st), Sunday 00:00–07:00 (7, week of the 8th): 12 regular.
        var summary = (await Summary(w.Manager, id))!;
        static IEnumerable<(string, DateOnly, decimal, decimal)> Days(LaborSummary s) => s.People.SelectMany(p => p.Days.Select(d => (p.Name, d.Date, d.Regular, d.Overtime)));
        Assert.Equal(
            [("Rae Diaz", new DateOnly(2026, 11, 7), 5m, 0m), ("Rae Diaz", new DateOnly(2026, 11, 8), 7m, 0m),
             ("Pat Quinn", new DateOnly(2026, 11, 7), 12m, 0m), ("Pat Quinn", new DateOnly(2026, 11, 8), 12m, 0m), ("Pat Quinn", new DateOnly(2026, 11, 9), 12m, 0m),
             ("Pat Quinn", new DateOnly(2026, 11, 10), 12m, 0m), ("Pat Quinn", new DateOnly(2026, 11, 11), 4m, 8m), ("Pat Quinn", new DateOnly(2026, 11, 12), 0m, 12m)],
            Days(summary));
        Assert.Equal([("Rae Diaz", "Customer Service Representative I", 12m, 0m), ("Pat Quinn", "Customer Service Representative II", 52m, 20m)],
            summary.People.Select(p => (p.Name, p.Position, p.Regular, p.Overtime)));
        Assert.Equal((64m, 20m, 84m), (summary.Regular, summary.Overtime, summary.Total));
        Assert.Equal(summary.Total, summary.Rows.Sum(r => r.Hours));
        Assert.Equal(6, summary.Dates.Count);

        // Sign-off, then a correction clears it: Rae's Sunday was a call-back on a rest day, paid as overtime.
        Assert.Equal(OutcomeKind.Conflict, (await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.SignOffAsync(v, id, summary.EventVersion + 1))).Kind);
        Assert.True((await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.SignOffAsync(v, id, summary.EventVersion))).Succeeded);
        var signed = (await Summary(w.Leadership, id))!;
        Assert.Equal(("Mae Ross", clock.Now), (signed.SignedOff!.ByName, signed.SignedOff.At));

        var sunday = summary.Rows.Single(r => r.Name == "Rae Diaz" && r.Day == new DateOnly(2026, 11, 8));
        var noNote = await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.CorrectAsync(v, sunday.Id, sunday.Version, sunday.StartsAt, sunday.EndsAt, 7m, null));
        Assert.Equal("Say why the hours are corrected (it goes on the record).", noNote.Errors["Note"]);
        var tooLong = await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.CorrectAsync(v, sunday.Id, sunday.Version, sunday.StartsAt, sunday.EndsAt.AddHours(18), null, "x"));
        Assert.Equal("A row covers one day: end it at midnight and add the rest as a row of the next day.", tooLong.Errors["EndsAt"]);
        Assert.True((await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.CorrectAsync(v, sunday.Id, sunday.Version, sunday.StartsAt, sunday.EndsAt, 7m, "Call-back on a rest day"))).Succeeded);

        var corrected = (await Summary(w.Manager, id))!;
        Assert.Null(corrected.SignedOff);
        Assert.Equal([("Rae Diaz", 5m, 7m), ("Pat Quinn", 52m, 20m)], corrected.People.Select(p => (p.Name, p.Regular, p.Overtime)));
        Assert.Equal((57m, 27m, 84m), (corrected.Regular, corrected.Overtime, corrected.Total));
        // The summary read before the correction can no longer be signed.
        Assert.Equal(OutcomeKind.Conflict, (await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Manager, (s, v) => s.SignOffAsync(v, id, signed.EventVersion))).Kind);
        Assert.True((await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Administrator, (s, v) => s.SignOffAsync(v, id, corrected.EventVersion))).Succeeded);

        // Hours are payroll records: leadership reads them but signs nothing; the unit's supervisor and other units see none.
        Assert.Equal(OutcomeKind.Conflict, (await app.Data.TryAsAsync<StormHoursService, Outcome>(w.Leadership, (s, v) => s.SignOffAsync(v, id, corrected.EventVersion))).Kind);
        Assert.Null(await Summary(w.Supervisor, id));
        Assert.Null(await Summary(w.OtherManager, id));
    }

    [Fact]
    public void OvertimeRule_CountsInTheOrderWorked_AndAnOverrideStillCountsTowardsForty()
    {
        static DateTimeOffset T(int day, int hour) => new(2026, 11, day, hour, 0, 0, TimeSpan.Zero);
        // Week of Sunday 8 November, in the order worked: 10, 10, then 10 with 2 set as overtime by hand (30 so far, all counting),
        // then Wednesday's 12 crosses forty: 10 regular, 2 overtime; Saturday's 6 are all overtime.
        var split = OvertimeRule.Split([
            new WorkedTime(4, new DateOnly(2026, 11, 11), T(11, 12), 12m, null),
            new WorkedTime(1, new DateOnly(2026, 11, 8), T(8, 12), 10m, null),
            new WorkedTime(2, new DateOnly(2026, 11, 9), T(9, 12), 10m, null),
            new WorkedTime(3, new DateOnly(2026, 11, 10), T(10, 12), 10m, 2m),
            // Saturday 14th is the same week; Sunday 15th starts a new one.
            new WorkedTime(5, new DateOnly(2026, 11, 14), T(14, 12), 6m, null),
            new WorkedTime(6, new DateOnly(2026, 11, 15), T(15, 12), 6m, null),
        ]).ToDictionary(s => s.Id, s => (s.Regular, s.Overtime));

        Assert.Equal((10m, 0m), split[1]);
        Assert.Equal((10m, 0m), split[2]);
        Assert.Equal((8m, 2m), split[3]);
        Assert.Equal((10m, 2m), split[4]);
        Assert.Equal((0m, 6m), split[5]);
        Assert.Equal((6m, 0m), split[6]);
    }
}
