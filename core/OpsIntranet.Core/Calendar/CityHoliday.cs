namespace OpsIntranet.Core.Calendar;

/// <summary>A day the City is closed (kept by administrators). Business-day rules skip it: schedules on the Nth business day, due-date reminders, escalations.</summary>
public class CityHoliday
{
    public int Id { get; set; }
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
}

/// <summary>Weekdays that are not City holidays, in the department's calendar.</summary>
public static class BusinessDays
{
    public static bool IsBusinessDay(DateOnly day, IReadOnlySet<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    /// <summary>The Nth business day (1-based) of the month <paramref name="month"/> falls in; null when the month has fewer.</summary>
    public static DateOnly? NthOfMonth(DateOnly month, int n, IReadOnlySet<DateOnly> holidays)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "Business days are counted from 1.");
        var first = DepartmentCalendar.MonthOf(month);
        var count = 0;
        for (var d = first; d.Month == first.Month; d = d.AddDays(1))
            if (IsBusinessDay(d, holidays) && ++count == n) return d;
        return null;
    }

    /// <summary>The business day <paramref name="days"/> business days after <paramref name="from"/> (0: <paramref name="from"/> itself if it is one, else the next).</summary>
    public static DateOnly Add(DateOnly from, int days, IReadOnlySet<DateOnly> holidays)
    {
        if (days < 0) throw new ArgumentOutOfRangeException(nameof(days), days, "Counts forward only.");
        var d = from;
        while (!IsBusinessDay(d, holidays)) d = d.AddDays(1);
        for (var i = 0; i < days; i++)
        {
            d = d.AddDays(1);
            while (!IsBusinessDay(d, holidays)) d = d.AddDays(1);
        }
        return d;
    }
}
