using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Tests.Core.Subscriptions;

/// <summary>
/// Next and latest runs of each schedule kind in America/New_York. Expected instants are worked by hand:
/// EST is UTC−5, EDT UTC−4; clocks spring forward at 02:00 on 8 March 2026 and 14 March 2027 (02:00–02:59
/// does not exist: a run set inside it runs at 03:00 EDT, the first instant after the gap) and fall back at
/// 02:00 on 1 November 2026 and 7 November 2027 (01:00–01:59 happens twice: a run set inside it runs once,
/// at the first, EDT).
/// </summary>
public class SubscriptionScheduleTests
{
    private static readonly HashSet<DateOnly> NoHolidays = [];
    private const string Eastern = "America/New_York";

    private static SubscriptionSchedule Schedule(ScheduleKind kind, int? day = null, DayOfWeek? weekday = null, string time = "08:00", string? cron = null,
        IReadOnlySet<DateOnly>? holidays = null, string zone = Eastern)
    {
        var (schedule, errors) = SubscriptionSchedule.TryCreate(new ScheduleSpec(kind, day, weekday, TimeOnly.Parse(time), cron, zone), holidays ?? NoHolidays, Utc(2026, 1, 1, 0, 0));
        Assert.True(schedule is not null, string.Join(" ", errors.Values));
        return schedule!;
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static void AssertRuns(IReadOnlyList<Occurrence> runs, params DateTimeOffset[] expected) =>
        Assert.Equal(expected, runs.Select(r => r.Utc).ToArray());

    [Fact]
    public void MonthlyOnDay_AtHalfPastTwo_RunsOnTheSpringForwardDayRightAfterTheGap_2026()
    {
        var runs = Schedule(ScheduleKind.MonthlyOnDay, day: 8, time: "02:30").Next(Utc(2026, 2, 15, 0, 0), 3);
        // 8 Feb is past; 8 March 02:30 does not exist → 03:00 EDT = 07:00 UTC; 8 April 02:30 EDT = 06:30 UTC.
        AssertRuns(runs, Utc(2026, 3, 8, 7, 0), Utc(2026, 4, 8, 6, 30), Utc(2026, 5, 8, 6, 30));
        Assert.Equal(new DateTime(2026, 3, 8, 3, 0, 0), runs[0].Local);
    }

    [Fact]
    public void MonthlyOnDay_AtHalfPastOne_RunsOnceOnTheFallBackDay_2026()
    {
        var schedule = Schedule(ScheduleKind.MonthlyOnDay, day: 1, time: "01:30");
        // 1 November 01:30 happens twice (EDT then EST): one run, at 05:30 UTC; then 1 December 01:30 EST = 06:30 UTC.
        AssertRuns(schedule.Next(Utc(2026, 10, 15, 0, 0), 3), Utc(2026, 11, 1, 5, 30), Utc(2026, 12, 1, 6, 30), Utc(2027, 1, 1, 6, 30));
        // Asked between the two 01:30s (06:00 UTC = 01:00 EST, the second time round), it is not run again.
        Assert.Equal(Utc(2026, 12, 1, 6, 30), schedule.Next(Utc(2026, 11, 1, 6, 0), 1).Single().Utc);
    }

    [Fact]
    public void Weekly_OnSundays_CrossesBothChangesOf2027_NeitherSkippingNorDoubling()
    {
        var spring = Schedule(ScheduleKind.Weekly, weekday: DayOfWeek.Sunday, time: "02:30").Next(Utc(2027, 3, 1, 0, 0), 3);
        AssertRuns(spring, Utc(2027, 3, 7, 7, 30), Utc(2027, 3, 14, 7, 0), Utc(2027, 3, 21, 6, 30));

        var autumn = Schedule(ScheduleKind.Weekly, weekday: DayOfWeek.Sunday, time: "01:30").Next(Utc(2027, 10, 25, 0, 0), 3);
        AssertRuns(autumn, Utc(2027, 10, 31, 5, 30), Utc(2027, 11, 7, 5, 30), Utc(2027, 11, 14, 6, 30));
        Assert.Equal([new DateTime(2027, 10, 31, 1, 30, 0), new DateTime(2027, 11, 7, 1, 30, 0), new DateTime(2027, 11, 14, 1, 30, 0)], autumn.Select(r => r.Local));
    }

    [Fact]
    public void Cron_Daily_CrossesBothChangesOf2026_AndSpringOf2027()
    {
        AssertRuns(Schedule(ScheduleKind.Cron, cron: "30 2 * * *").Next(Utc(2026, 3, 7, 0, 0), 3),
            Utc(2026, 3, 7, 7, 30), Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 9, 6, 30));
        AssertRuns(Schedule(ScheduleKind.Cron, cron: "30 1 * * *").Next(Utc(2026, 10, 31, 0, 0), 3),
            Utc(2026, 10, 31, 5, 30), Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30));
        AssertRuns(Schedule(ScheduleKind.Cron, cron: "30 2 14 3 *").Next(Utc(2027, 1, 1, 0, 0), 1), Utc(2027, 3, 14, 7, 0));
        AssertRuns(Schedule(ScheduleKind.Cron, cron: "30 1 7 11 *").Next(Utc(2027, 1, 1, 0, 0), 2), Utc(2027, 11, 7, 5, 30), Utc(2028, 11, 7, 6, 30));
    }

    [Fact]
    public void BusinessDay_FallsOnTheChangeDays_OnlyWhenTheyAreWeekdays()
    {
        // The changes fall on Sundays, never business days: the 1st business day of November 2026 is Monday the 2nd (EST).
        AssertRuns(Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 1, time: "01:30").Next(Utc(2026, 10, 15, 0, 0), 2),
            Utc(2026, 11, 2, 6, 30), Utc(2026, 12, 1, 6, 30));
        // The 10th business day of March 2027 is Friday the 12th (EST), of April Wednesday the 14th (EDT).
        AssertRuns(Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 10, time: "02:30").Next(Utc(2027, 3, 1, 0, 0), 2),
            Utc(2027, 3, 12, 7, 30), Utc(2027, 4, 14, 6, 30));
    }

    [Fact]
    public void BusinessDay_SkipsACityHoliday()
    {
        // 1 January 2027 is a Friday. Without holidays the 2nd business day is Monday 4 January; with New Year's Day off, Tuesday the 5th.
        var plain = Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 2, time: "07:30").Next(Utc(2026, 12, 20, 0, 0), 1).Single();
        Assert.Equal(new DateTime(2027, 1, 4, 7, 30, 0), plain.Local);
        var schedule = Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 2, time: "07:30", holidays: new HashSet<DateOnly> { new(2027, 1, 1) });
        var withHoliday = schedule.Next(Utc(2026, 12, 20, 0, 0), 2);
        AssertRuns(withHoliday, Utc(2027, 1, 5, 12, 30), Utc(2027, 2, 2, 12, 30));
        // The Hangfire cron fires every weekday; only the real day counts.
        Assert.Equal("30 7 * * 1-5", schedule.HangfireCron);
        Assert.False(schedule.IsScheduledDay(new DateOnly(2027, 1, 4)));
        Assert.True(schedule.IsScheduledDay(new DateOnly(2027, 1, 5)));
    }

    [Fact]
    public void BusinessDay_InAMonthWithFewerThanN_RunsOnItsLastBusinessDay()
    {
        // February 2027 has exactly 20 weekdays; one holiday (Presidents' Day, 15 Feb) leaves 19, so the 20th runs on the last, Friday the 26th.
        var schedule = Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 20, holidays: new HashSet<DateOnly> { new(2027, 2, 15) });
        Assert.Equal(new DateTime(2027, 2, 26, 8, 0, 0), schedule.Next(Utc(2027, 2, 1, 0, 0), 1).Single().Local);
    }

    [Theory]
    [InlineData(31, 2027, 28)]
    [InlineData(31, 2028, 29)]
    [InlineData(30, 2027, 28)]
    [InlineData(30, 2028, 29)]
    [InlineData(29, 2027, 28)]
    [InlineData(29, 2028, 29)]
    public void MonthlyOnDay_BeyondFebruary_RunsOnItsLastDay(int day, int year, int expectedDay)
    {
        var runs = Schedule(ScheduleKind.MonthlyOnDay, day: day).Next(new DateTimeOffset(year, 1, 31, 23, 0, 0, TimeSpan.Zero), 2);
        Assert.Equal(new DateTime(year, 2, expectedDay, 8, 0, 0), runs[0].Local);
        // and on the day itself in a month that has it
        Assert.Equal(new DateTime(year, 3, day, 8, 0, 0), runs[1].Local);
    }

    [Fact]
    public void MonthlyOnDay31_RunsOnEveryMonthsLastDay()
    {
        var runs = Schedule(ScheduleKind.MonthlyOnDay, day: 31).Next(Utc(2028, 3, 1, 0, 0), 4);
        Assert.Equal([new DateOnly(2028, 3, 31), new DateOnly(2028, 4, 30), new DateOnly(2028, 5, 31), new DateOnly(2028, 6, 30)], runs.Select(r => r.LocalDate));
    }

    [Fact]
    public void Latest_IsTheLastRunAtOrBeforeTheInstant_AndFixesThePeriod()
    {
        var schedule = Schedule(ScheduleKind.MonthlyOnDay, day: 12);
        // Triggered by hand on 1 December: the latest run is 12 November (08:00 EST = 13:00 UTC), which sends October, not November.
        var onFirst = schedule.Latest(Utc(2026, 12, 1, 16, 0))!;
        Assert.Equal(Utc(2026, 11, 12, 13, 0), onFirst.Utc);
        Assert.Equal("2026-10", PeriodRules.For(PeriodRule.PreviousMonth, onFirst.LocalDate).Key);
        // At the run itself (inclusive) it is that run: November's report on 12 December.
        var onTwelfth = schedule.Latest(Utc(2026, 12, 12, 13, 0))!;
        Assert.Equal(Utc(2026, 12, 12, 13, 0), onTwelfth.Utc);
        Assert.Equal("2026-11", PeriodRules.For(PeriodRule.PreviousMonth, onTwelfth.LocalDate).Key);
        // A minute before, still November's run.
        Assert.Equal(Utc(2026, 11, 12, 13, 0), schedule.Latest(Utc(2026, 12, 12, 12, 59))!.Utc);
    }

    [Fact]
    public void Latest_OfABusinessDaySchedule_SkipsTheCandidateDaysThatAreNotRuns()
    {
        var schedule = Schedule(ScheduleKind.MonthlyOnBusinessDay, day: 2, time: "07:30", holidays: new HashSet<DateOnly> { new(2027, 1, 1) });
        // Friday 8 January 2027 at noon: the candidate cron last fired that morning, the last real run was Tuesday the 5th.
        var at = Utc(2027, 1, 8, 17, 0);
        Assert.Equal(Utc(2027, 1, 8, 12, 30), schedule.LatestFiring(at));
        Assert.Equal(Utc(2027, 1, 5, 12, 30), schedule.Latest(at)!.Utc);
    }

    [Fact]
    public void Latest_OfARareCron_LooksBackFarEnough()
    {
        // 29 February only: on 1 March 2031 the latest is 29 February 2028 (EST).
        var schedule = Schedule(ScheduleKind.Cron, cron: "0 8 29 2 *");
        Assert.Equal(Utc(2028, 2, 29, 13, 0), schedule.Latest(Utc(2031, 3, 1, 0, 0))!.Utc);
    }

    [Theory]
    // A run in October sends the year that ended in September: Q4 and the whole of FY2026.
    [InlineData(PeriodRule.PreviousMonth, 2026, 10, 12, "2026-09")]
    [InlineData(PeriodRule.PreviousQuarter, 2026, 10, 12, "FY2026-Q4")]
    [InlineData(PeriodRule.FiscalYearToDate, 2026, 10, 12, "FY2026-YTD-2026-09")]
    // In November the new year has one month; its first quarter has not ended, so the previous quarter is still Q4 FY2026.
    [InlineData(PeriodRule.PreviousQuarter, 2026, 11, 12, "FY2026-Q4")]
    [InlineData(PeriodRule.FiscalYearToDate, 2026, 11, 12, "FY2027-YTD-2026-10")]
    [InlineData(PeriodRule.PreviousQuarter, 2027, 1, 5, "FY2027-Q1")]
    public void PeriodOfARun_AcrossTheFiscalYearBoundary(PeriodRule rule, int y, int m, int d, string expected)
    {
        var run = Schedule(ScheduleKind.MonthlyOnDay, day: d).Latest(new DateTimeOffset(y, m, d, 23, 0, 0, TimeSpan.Zero))!;
        Assert.Equal(new DateOnly(y, m, d), run.LocalDate);
        Assert.Equal(expected, PeriodRules.For(rule, run.LocalDate).Key);
    }

    [Fact]
    public void PeriodOfARun_UsesTheLocalDate_NotUtc()
    {
        // 31 October 22:00 Eastern (EDT) is 1 November 02:00 UTC: still October where the subscription lives, so September is sent.
        var run = Schedule(ScheduleKind.MonthlyOnDay, day: 31, time: "22:00").Latest(Utc(2026, 11, 1, 3, 0))!;
        Assert.Equal(Utc(2026, 11, 1, 2, 0), run.Utc);
        Assert.Equal(new DateOnly(2026, 10, 31), run.LocalDate);
        Assert.Equal("2026-09", PeriodRules.For(PeriodRule.PreviousMonth, run.LocalDate).Key);
    }

    [Theory]
    [InlineData(ScheduleKind.Cron, null, null, "0 8 30 2 *", Eastern, "Cron", "never runs")]
    [InlineData(ScheduleKind.Cron, null, null, "0 8 31 4 *", Eastern, "Cron", "never runs")]
    [InlineData(ScheduleKind.Cron, null, null, "61 8 * * *", Eastern, "Cron", "is not a valid cron")]
    [InlineData(ScheduleKind.Cron, null, null, "0 8 * *", Eastern, "Cron", "not a five-field cron")]
    [InlineData(ScheduleKind.Cron, null, null, "0 0 8 12 * *", Eastern, "Cron", "not a five-field cron")]
    [InlineData(ScheduleKind.Cron, null, null, "", Eastern, "Cron", "Write the cron expression")]
    [InlineData(ScheduleKind.MonthlyOnDay, 0, null, null, Eastern, "Day", "1 to 31")]
    [InlineData(ScheduleKind.MonthlyOnDay, 32, null, null, Eastern, "Day", "1 to 31")]
    [InlineData(ScheduleKind.MonthlyOnDay, null, null, null, Eastern, "Day", "1 to 31")]
    [InlineData(ScheduleKind.MonthlyOnBusinessDay, 21, null, null, Eastern, "Day", "1 to 20")]
    [InlineData(ScheduleKind.Weekly, null, null, null, Eastern, "Weekday", "day of the week")]
    [InlineData(ScheduleKind.MonthlyOnDay, 12, null, null, "Mars/Olympus_Mons", "TimeZone", "is not a time zone")]
    [InlineData(ScheduleKind.MonthlyOnDay, 12, null, null, "", "TimeZone", "Choose a time zone")]
    public void Invalid_SaysWhichFieldAndWhy(ScheduleKind kind, int? day, DayOfWeek? weekday, string? cron, string zone, string field, string message)
    {
        var (schedule, errors) = SubscriptionSchedule.TryCreate(new ScheduleSpec(kind, day, weekday, new TimeOnly(8, 0), cron, zone), NoHolidays, Utc(2026, 11, 15, 17, 0));
        Assert.Null(schedule);
        Assert.Contains(message, errors[field]);
    }

    [Theory]
    [InlineData(ScheduleKind.MonthlyOnDay, 12, null, "08:00", null, Eastern, "Monthly on the 12th at 08:00 Eastern")]
    [InlineData(ScheduleKind.MonthlyOnDay, 31, null, "08:00", null, Eastern, "Monthly on the last day at 08:00 Eastern")]
    [InlineData(ScheduleKind.MonthlyOnBusinessDay, 2, null, "07:30", null, Eastern, "2nd business day of the month at 07:30 Eastern")]
    [InlineData(ScheduleKind.MonthlyOnBusinessDay, 11, null, "07:30", null, "America/Chicago", "11th business day of the month at 07:30 Central")]
    [InlineData(ScheduleKind.Weekly, null, DayOfWeek.Monday, "09:15", null, Eastern, "Every Monday at 09:15 Eastern")]
    [InlineData(ScheduleKind.Cron, null, null, "00:00", "0 8 12 * *", Eastern, "Cron \"0 8 12 * *\" (Eastern)")]
    public void Describe_InWords(ScheduleKind kind, int? day, DayOfWeek? weekday, string time, string? cron, string zone, string expected) =>
        Assert.Equal(expected, SubscriptionSchedule.Describe(new ScheduleSpec(kind, day, weekday, TimeOnly.Parse(time), cron, zone)));
}
