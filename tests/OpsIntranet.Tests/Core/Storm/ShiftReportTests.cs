using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>Shift reports: checked like the monthly form, one per shift and unit, filed by the shift's lead, late after the grace period.</summary>
public class ShiftReportTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;
    private List<StormShift> shifts = [];

    public ShiftReportTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 9, 6);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Ice storm Ezra", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 9), new TimeOnly(7, 0), 1, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        shifts = await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync();
        // Lin leads the Contact Center on the A shift (07:00–19:00 EST, 12:00–00:00 UTC).
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[0].Id, w.Lead.Employee.Id, w.ContactCenter.Id, StormRole.Lead), "lead");
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[0].Id, w.CallTaker.Employee.Id, w.ContactCenter.Id, StormRole.CallTaker), "call taker");
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private static ShiftReportInput Good => new("1,200", "1110", "90", "48", "310", "25", true, null, "Quiet after 15:00.");

    private Task<Outcome> File(BuiltUser who, int shift, BuiltUnit unit, ShiftReportInput input, uint? version = null) =>
        app.Data.TryAsAsync<ShiftReportService, Outcome>(who, (s, v) => s.FileAsync(v, shift, unit.Id, version, input));

    private async Task<int> ReportCount()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.ShiftReports.CountAsync();
    }

    [Fact]
    public async Task BadFigures_GetAMessageEach_AndNothingIsSaved()
    {
        clock.Now = StormWorld.Eastern(2026, 11, 9, 18);
        var wrong = await File(w.Lead, shifts[0].Id, w.ContactCenter, new ShiftReportInput("100", "90", "20", "-5", "12a", "", null, null, new string('x', 2001)));

        Assert.Equal(OutcomeKind.Invalid, wrong.Kind);
        Assert.Equal("Answered (90) and abandoned (20) add up to 110, more than the 100 offered; check the three figures.", wrong.Errors["CallsAbandoned"]);
        Assert.Equal("The average speed of answer in seconds cannot be negative.", wrong.Errors["AverageSpeedOfAnswerSeconds"]);
        Assert.Equal("Give outage reports taken as a whole number, e.g. 120.", wrong.Errors["OutageReportsTaken"]);
        Assert.Equal("Give callbacks pending (0 if none).", wrong.Errors["CallbacksPending"]);
        Assert.Equal("Say whether the walk-in lobby was open or closed.", wrong.Errors["LobbyOpen"]);
        Assert.Equal("Keep this under 2,000 characters (it has 2,001).", wrong.Errors["Notes"]);
        Assert.Equal(0, await ReportCount());

        // Before the shift starts there is nothing to report.
        var early = await File(w.Manager, shifts[1].Id, w.ContactCenter, Good);
        Assert.Equal("This shift has not started yet; file its report during or after it.", early.Errors["Shift"]);
    }

    [Fact]
    public async Task GoodReport_IsFiledOnce_WithItsAbandonRate_AndCorrectedWithItsVersion()
    {
        clock.Now = StormWorld.Eastern(2026, 11, 9, 18, 30);
        var filed = await File(w.Lead, shifts[0].Id, w.ContactCenter, Good);
        Assert.True(filed.Succeeded, filed.Message);

        var slot = (await app.Data.TryAsAsync<ShiftReportService, ShiftReportSlot?>(w.Supervisor, (s, v) => s.SlotAsync(v, shifts[0].Id, w.ContactCenter.Id)))!;
        // 90 abandoned of 1,200 offered = 7.5%.
        Assert.Equal((1200, 1110, 90, 7.5m, "Lin Park"), (slot.Report!.CallsOffered, slot.Report.CallsAnswered, slot.Report.CallsAbandoned, slot.Report.AbandonRate, slot.Report.FiledByName));
        Assert.False(slot.CanFile); // Dee reads it; the lead and the managers file

        var again = await File(w.Manager, shifts[0].Id, w.ContactCenter, Good);
        Assert.Equal("Lin Park already filed this report; open it to correct it.", again.Message);
        Assert.Equal(Outcome.Stale, await File(w.Lead, shifts[0].Id, w.ContactCenter, Good with { CallsOffered = "1300" }, slot.Report.Version + 1));
        Assert.True((await File(w.Manager, shifts[0].Id, w.ContactCenter, Good with { CallsOffered = "1300" }, slot.Report.Version)).Succeeded);
        Assert.Equal(1, await ReportCount());

        // The database keeps it one per shift and unit even past the service.
        await using var db = app.Factory.CreateDbContext();
        db.ShiftReports.Add(new ShiftReport { ShiftId = shifts[0].Id, UnitId = w.ContactCenter.Id, FiledAt = clock.Now, FiledByName = "past the service" });
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, Assert.IsType<Npgsql.PostgresException>(e.InnerException).SqlState);
    }

    [Fact]
    public async Task WhoFiles_TheShiftLeadAndTheManagers_NotACallTakerNorAnotherUnit()
    {
        clock.Now = StormWorld.Eastern(2026, 11, 9, 19, 5);
        Assert.Equal(OutcomeKind.Conflict, (await File(w.CallTaker, shifts[0].Id, w.ContactCenter, Good)).Kind);
        Assert.Equal(OutcomeKind.Conflict, (await File(w.Supervisor, shifts[0].Id, w.ContactCenter, Good)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await File(w.OtherSupervisor, shifts[0].Id, w.ContactCenter, Good)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await File(w.Manager, shifts[0].Id, w.Billing, Good)).Kind);
        // Lin leads the Contact Center on this shift, not the Walk-In.
        Assert.Equal(OutcomeKind.Conflict, (await File(w.Lead, shifts[0].Id, w.WalkIn, Good)).Kind);
        Assert.True((await File(w.Lead, shifts[0].Id, w.ContactCenter, Good)).Succeeded);
        Assert.True((await File(w.Administrator, shifts[0].Id, w.WalkIn, Good with { CallsOffered = "0", CallsAnswered = "0", CallsAbandoned = "0" })).Succeeded);
    }

    [Fact]
    public async Task Late_WhenFiledOrStillMissingMoreThanTwoHoursAfterTheShiftEnds()
    {
        // The A shift ends at 19:00 EST; on time until 21:00.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 20, 59);
        Assert.True((await File(w.Lead, shifts[0].Id, w.ContactCenter, Good)).Succeeded);
        clock.Now = StormWorld.Eastern(2026, 11, 9, 21, 1);
        Assert.True((await File(w.Manager, shifts[0].Id, w.WalkIn, Good)).Succeeded);

        clock.Now = StormWorld.Eastern(2026, 11, 10, 8);
        var slots = (await app.Data.TryAsAsync<ShiftReportService, IReadOnlyList<ShiftReportSlot>?>(w.Leadership, (s, v) => s.SlotsAsync(v, eventId)))!;
        Assert.Equal(
            [("A", "Contact Center", true, false), ("A", "Walk-In", true, true), ("B", "Contact Center", false, false), ("B", "Walk-In", false, false)],
            slots.Select(s => (s.ShiftLabel, s.UnitName, s.Report is not null, s.Late)));
        // The B shift ended at 07:00: its missing reports are late from 09:00.
        clock.Now = StormWorld.Eastern(2026, 11, 10, 9, 1);
        slots = (await app.Data.TryAsAsync<ShiftReportService, IReadOnlyList<ShiftReportSlot>?>(w.Leadership, (s, v) => s.SlotsAsync(v, eventId)))!;
        Assert.All(slots.Skip(2), s => Assert.True(s.Late));
        Assert.Equal(TimeSpan.FromHours(2), ShiftReportService.Grace);
    }
}
