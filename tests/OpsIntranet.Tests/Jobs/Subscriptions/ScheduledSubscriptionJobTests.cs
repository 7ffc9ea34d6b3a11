using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using static OpsIntranet.Tests.Jobs.Subscriptions.SubscriptionTestKit;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>
/// The entry job a subscription's recurring job calls, on a clock the test moves: the period comes from the latest
/// scheduled run at or before now, so triggering it by hand never takes a period that belongs to a later run.
/// </summary>
public class ScheduledSubscriptionJobTests : IAsyncLifetime
{
    private readonly MovableClock _clock = new();
    private readonly EmptyApp _app;
    private BuiltUnit _walkIn = null!;
    private BuiltUser _manager = null!;

    public ScheduledSubscriptionJobTests() => _app = new EmptyApp(_clock);

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _walkIn = await _app.Data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        _manager = await _app.Data.User("Maria", "Alvarez").ManagerOf(_walkIn).BuildAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private string Cs => _app.Factory.ConnectionString;

    private async Task<int> SubscribeAsync(SubscriptionInput input) =>
        TestData.Must(await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, input)), "a subscription");

    private async Task<ScheduledSubscriptionJob.Outcome> FireAsync(int id, DateTimeOffset at)
    {
        _clock.Now = at;
        await using var scope = _app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledSubscriptionJob>().ExecuteAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task TriggeredByHandOnThe1st_SendsLastMonthsScheduledPeriod_NotTheOneThatBelongsToThe12th()
    {
        var id = await SubscribeAsync(Valid(_walkIn.Id));

        // 1 December 2026: the latest run is 12 November (08:00 EST), which covers October.
        var early = await FireAsync(id, new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-10", early.PeriodKey);
        Assert.Equal(new DateTime(2026, 11, 12, 8, 0, 0), early.OccurrenceLocal);
        Assert.Equal([(id, "2026-10")], EnqueuedSends(Cs));

        // At the 12 December run itself: November.
        var onTime = await FireAsync(id, new DateTimeOffset(2026, 12, 12, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-11", onTime.PeriodKey);
        Assert.Equal([(id, "2026-10"), (id, "2026-11")], EnqueuedSends(Cs));
    }

    [Fact]
    public async Task QuarterlyRule_InOctober_SendsTheQuarterThatClosedTheFiscalYear()
    {
        var id = await SubscribeAsync(Valid(_walkIn.Id) with { PeriodRule = PeriodRule.PreviousQuarter, Day = 5 });
        Assert.Equal("FY2026-Q4", (await FireAsync(id, new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.Zero))).PeriodKey);
        // 4 October is before that month's run: the latest run is 5 September, whose previous quarter is Q3 FY2026 (April–June).
        Assert.Equal("FY2026-Q3", (await FireAsync(id, new DateTimeOffset(2026, 10, 4, 12, 0, 0, TimeSpan.Zero))).PeriodKey);
    }

    [Fact]
    public async Task BusinessDaySchedule_OnTheOtherWeekdays_DoesNothing_UnlessTheRunWasMissed()
    {
        await using (var db = _app.Factory.CreateDbContext())
        {
            db.CityHolidays.Add(new CityHoliday { Date = new DateOnly(2027, 1, 1), Name = "New Year's Day" });
            await db.SaveChangesAsync();
        }
        var input = Valid(_walkIn.Id) with { ScheduleKind = ScheduleKind.MonthlyOnBusinessDay, Day = 2, TimeOfDay = new TimeOnly(7, 30) };
        var id = await SubscribeAsync(input);
        var missed = await SubscribeAsync(input with { Name = "Second copy" });

        // Tuesday 5 January 2027 07:30 EST, the 2nd business day after the New Year's holiday: December's run.
        Assert.Equal("2026-12", (await FireAsync(id, new DateTimeOffset(2027, 1, 5, 12, 30, 0, TimeSpan.Zero))).PeriodKey);
        await using (var db = _app.Factory.CreateDbContext())
        {
            // The run the send job made of it (helper D's job makes this row; here it is written directly).
            db.ReportRuns.Add(new ReportRun
            {
                Report = ImprovementReportKind.KindKey, Scope = ReportSubscription.ScopeOf(id), Period = "2026-12", PeriodStart = new DateOnly(2026, 12, 1),
                PeriodEnd = new DateOnly(2026, 12, 1), Trigger = RunTrigger.Scheduled, SubscriptionId = id, CreatedAt = _clock.Now,
            });
            await db.SaveChangesAsync();
        }

        // Friday the 8th: the recurring job fires on every weekday; not a run day, and the run exists.
        var friday = new DateTimeOffset(2027, 1, 8, 12, 30, 0, TimeSpan.Zero);
        var quiet = await FireAsync(id, friday);
        Assert.Null(quiet.PeriodKey);
        Assert.Contains("not a run day", quiet.Message);
        // The copy whose run on the 5th never happened (servers down) makes it up now.
        Assert.Equal("2026-12", (await FireAsync(missed, friday)).PeriodKey);
        Assert.Equal([(id, "2026-12"), (missed, "2026-12")], EnqueuedSends(Cs));
    }

    [Fact]
    public async Task PausedOrGone_DoesNothing()
    {
        var id = await SubscribeAsync(Valid(_walkIn.Id));
        var version = await WithServiceAsync(_app.Factory, _manager, async (s, v) => (await s.GetAsync(v, id))!.Version);
        Assert.True((await WithServiceAsync(_app.Factory, _manager, (s, v) => s.PauseAsync(v, id, version))).Succeeded);

        Assert.Null((await FireAsync(id, new DateTimeOffset(2026, 12, 12, 13, 0, 0, TimeSpan.Zero))).PeriodKey);
        Assert.Null((await FireAsync(id + 1000, new DateTimeOffset(2026, 12, 12, 13, 0, 0, TimeSpan.Zero))).PeriodKey);
        Assert.Empty(EnqueuedSends(Cs));
    }
}
