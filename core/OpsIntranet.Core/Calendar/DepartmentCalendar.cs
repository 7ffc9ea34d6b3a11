namespace OpsIntranet.Core.Calendar;

/// <summary>
/// The department's calendar rules: everything a person sees is in America/New_York; the fiscal
/// year runs 1 October – 30 September and is named by the year it ends (FY2027 = Oct 2026 – Sep 2027).
/// </summary>
public static class DepartmentCalendar
{
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public const int FiscalYearFirstMonth = 10;

    public static int FiscalYearOf(DateOnly date) => date.Month >= FiscalYearFirstMonth ? date.Year + 1 : date.Year;

    public static DateOnly FiscalYearStart(int fiscalYear) => new(fiscalYear - 1, FiscalYearFirstMonth, 1);

    public static DateOnly FiscalYearEnd(int fiscalYear) => new(fiscalYear, FiscalYearFirstMonth - 1, 30);

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow()));

    /// <summary>Midnight Eastern at the start of the day, as a UTC instant (for filtering stored timestamps by local day).</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The last month that has fully ended in the department's time zone.</summary>
    public static DateOnly PreviousMonth(TimeProvider clock) => MonthOf(Today(clock)).AddMonths(-1);

    public static DateOnly EndOfMonth(DateOnly month) => new(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));

    public static string MonthKey(DateOnly month) => $"{month.Year:D4}-{month.Month:D2}";

    public static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseMonthKey(string? key, out DateOnly month)
    {
        month = default;
        if (key is null || key.Length != 7 || key[4] != '-') return false;
        if (!int.TryParse(key.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)) return false;
        if (!int.TryParse(key.AsSpan(5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)) return false;
        if (year < 2000 || year > 2100 || m < 1 || m > 12) return false;
        month = new DateOnly(year, m, 1);
        return true;
    }
}
