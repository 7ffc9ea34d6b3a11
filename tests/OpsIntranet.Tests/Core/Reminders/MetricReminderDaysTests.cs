using OpsIntranet.Core.Reminders;

namespace OpsIntranet.Tests.Core.Reminders;

/// <summary>The days of a month's reminders, worked by hand from a 2026–2027 calendar (3 business days before, 2 after, 10 days' catch-up).</summary>
public class MetricReminderDaysTests
{
    private static readonly ReminderOptions Options = new();

    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // October 2026, due Tuesday 10 November: Thursday 5th, the 10th, Thursday 12th.
    [InlineData("2026-10-01", 10, "", "2026-11-10", "2026-11-05", "2026-11-10", "2026-11-12")]
    // A holiday on the due date: announced the Monday before; the two business days are Thursday and Friday.
    [InlineData("2026-10-01", 10, "2026-11-10", "2026-11-10", "2026-11-05", "2026-11-09", "2026-11-13")]
    // A holiday between (Veterans Day, Wednesday 11th): the escalation moves to Friday.
    [InlineData("2026-10-01", 10, "2026-11-11", "2026-11-10", "2026-11-05", "2026-11-10", "2026-11-13")]
    // Due on the 1st, a Sunday: announced Friday 30 October; counted from Monday 2nd, escalated Wednesday 4th.
    [InlineData("2026-10-01", 1, "", "2026-11-01", "2026-10-28", "2026-10-30", "2026-11-04")]
    // Due on the 28th of February 2027, a Sunday: Wednesday 24th, Friday 26th, then across the month end to Wednesday 3 March.
    [InlineData("2027-01-01", 28, "", "2027-02-28", "2027-02-24", "2027-02-26", "2027-03-03")]
    // December's due date in the next year, a Sunday (10 January 2027), with New Year's Day a holiday before it.
    [InlineData("2026-12-01", 10, "2027-01-01", "2027-01-10", "2027-01-06", "2027-01-08", "2027-01-13")]
    // Thanksgiving week: November 2026 due Thursday 10 December; no holiday near, so the plain count.
    [InlineData("2026-11-01", 10, "2026-11-26", "2026-12-10", "2026-12-07", "2026-12-10", "2026-12-14")]
    public void Days_AreCountedInBusinessDays(string month, int dueDay, string holiday, string due, string soon, string today, string escalation)
    {
        var holidays = holiday.Length == 0 ? new HashSet<DateOnly>() : [D(holiday)];
        var days = MetricReminderDays.For(D(month), dueDay, Options, holidays);
        Assert.Equal((D(due), D(soon), D(today), D(escalation)), (days.DueDate, days.DueSoon!.Value, days.DueToday, days.Escalation));
        Assert.Equal(D(escalation).AddDays(10), days.EscalationUntil);
    }

    [Fact]
    public void Owed_EachKindFromItsDayUntilTheNext_AndNothingAfterTheCatchUpWindow()
    {
        var days = MetricReminderDays.For(D("2026-10-01"), 10, Options, new HashSet<DateOnly>());
        Assert.Null(days.Owed(D("2026-11-04")));
        Assert.Equal(ReminderKinds.MetricsDueSoon, days.Owed(D("2026-11-05")));
        Assert.Equal(ReminderKinds.MetricsDueSoon, days.Owed(D("2026-11-09")));
        Assert.Equal(ReminderKinds.MetricsDueToday, days.Owed(D("2026-11-10")));
        Assert.Equal(ReminderKinds.MetricsDueToday, days.Owed(D("2026-11-11")));
        Assert.Equal(ReminderKinds.MetricsLateEscalation, days.Owed(D("2026-11-12")));
        Assert.Equal(ReminderKinds.MetricsLateEscalation, days.Owed(D("2026-11-22")));
        Assert.Null(days.Owed(D("2026-11-23")));
    }

    [Fact]
    public void DueSoonSwitchedOff_IsNeverOwed()
    {
        var days = MetricReminderDays.For(D("2026-10-01"), 10, new ReminderOptions { DueSoonBusinessDays = 0 }, new HashSet<DateOnly>());
        Assert.Null(days.DueSoon);
        Assert.Null(days.Owed(D("2026-11-09")));
    }
}
