using System.Globalization;
using OpsIntranet.Core.Calendar;

namespace OpsIntranet.Core.Reports;

public enum ReportPeriodKind
{
    Month = 0,
    /// <summary>A fiscal quarter: Q1 is October–December, Q4 July–September.</summary>
    Quarter = 1,
    /// <summary>From the first month of the fiscal year through a month of it.</summary>
    FiscalYearToDate = 2,
}

/// <summary>
/// The months a report covers (first days of months, both ends included). Every period lies inside one
/// fiscal year and is judged against that year's targets; the period it is compared with (<see cref="Previous"/>)
/// against its own year's. Written as a key ("2026-10", "FY2027-Q1", "FY2027-YTD-2027-03") for links and job arguments.
/// </summary>
public sealed record ReportPeriod(ReportPeriodKind Kind, DateOnly From, DateOnly To)
{
    public int FiscalYear => DepartmentCalendar.FiscalYearOf(To);

    public int MonthCount => (To.Year - From.Year) * 12 + To.Month - From.Month + 1;

    public IEnumerable<DateOnly> Months()
    {
        for (var m = From; m <= To; m = m.AddMonths(1)) yield return m;
    }

    /// <summary>
    /// What this period is compared with: the month or quarter just before (September for October; Q4 of the year
    /// before for Q1), and for a year to date the same months of the fiscal year before (October–March of FY2026 for
    /// FY2027 through March): the months just before a year to date would be the previous year's other half.
    /// </summary>
    public ReportPeriod Previous => Kind == ReportPeriodKind.FiscalYearToDate
        ? new(Kind, From.AddYears(-1), To.AddYears(-1))
        : new(Kind, From.AddMonths(-MonthCount), From.AddMonths(-1));

    public static ReportPeriod Month(DateOnly month)
    {
        var m = DepartmentCalendar.MonthOf(month);
        return new ReportPeriod(ReportPeriodKind.Month, m, m);
    }

    /// <summary>Quarter 1–4 of a fiscal year.</summary>
    public static ReportPeriod Quarter(int fiscalYear, int quarter)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A fiscal year has quarters 1 to 4.");
        var from = DepartmentCalendar.FiscalYearStart(fiscalYear).AddMonths((quarter - 1) * 3);
        return new ReportPeriod(ReportPeriodKind.Quarter, from, from.AddMonths(2));
    }

    /// <summary>The fiscal quarter a month falls in.</summary>
    public static ReportPeriod QuarterOf(DateOnly month)
    {
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var index = ((month.Year - DepartmentCalendar.FiscalYearStart(fy).Year) * 12 + month.Month - DepartmentCalendar.FiscalYearFirstMonth) / 3 + 1;
        return Quarter(fy, index);
    }

    /// <summary>The fiscal year from its first month through <paramref name="through"/>.</summary>
    public static ReportPeriod FiscalYearToDate(DateOnly through)
    {
        var m = DepartmentCalendar.MonthOf(through);
        return new ReportPeriod(ReportPeriodKind.FiscalYearToDate, DepartmentCalendar.FiscalYearStart(DepartmentCalendar.FiscalYearOf(m)), m);
    }

    public int QuarterNumber => ((From.Year - DepartmentCalendar.FiscalYearStart(FiscalYear).Year) * 12 + From.Month - DepartmentCalendar.FiscalYearFirstMonth) / 3 + 1;

    /// <summary>As people read it: "October 2026", "Q1 FY2027 (October – December 2026)", "FY2027 to date (October 2026 – March 2027)".</summary>
    public string Label => Kind switch
    {
        ReportPeriodKind.Month => DepartmentCalendar.MonthName(From),
        ReportPeriodKind.Quarter => $"Q{QuarterNumber} FY{FiscalYear} ({Span})",
        _ => MonthCount == 12 ? $"FY{FiscalYear}, the whole year ({Span})" : $"FY{FiscalYear} to date ({Span})",
    };

    /// <summary>For titles and footers: "October 2026", "Q1 FY2027", "FY2026" (a whole year), "FY2027 through March 2027".</summary>
    public string ShortLabel => Kind switch
    {
        ReportPeriodKind.Month => DepartmentCalendar.MonthName(From),
        ReportPeriodKind.Quarter => $"Q{QuarterNumber} FY{FiscalYear}",
        _ => MonthCount == 12 ? $"FY{FiscalYear}" : $"FY{FiscalYear} through {DepartmentCalendar.MonthName(To)}",
    };

    /// <summary>The months spanned: "October – December 2026", "October 2026 – March 2027", or one month's name.</summary>
    public string Span => From == To ? DepartmentCalendar.MonthName(From)
        : From.Year == To.Year ? $"{Name(From)} – {DepartmentCalendar.MonthName(To)}"
        : $"{DepartmentCalendar.MonthName(From)} – {DepartmentCalendar.MonthName(To)}";

    public string Key => Kind switch
    {
        ReportPeriodKind.Month => DepartmentCalendar.MonthKey(From),
        ReportPeriodKind.Quarter => $"FY{FiscalYear}-Q{QuarterNumber}",
        _ => $"FY{FiscalYear}-YTD-{DepartmentCalendar.MonthKey(To)}",
    };

    /// <summary>Reads a <see cref="Key"/> back; false for anything else (a month out of its fiscal year included).</summary>
    public static bool TryParse(string? key, out ReportPeriod period)
    {
        period = default!;
        if (string.IsNullOrWhiteSpace(key)) return false;
        key = key.Trim();
        if (DepartmentCalendar.TryParseMonthKey(key, out var month)) { period = Month(month); return true; }
        if (!key.StartsWith("FY", StringComparison.OrdinalIgnoreCase) || key.Length < 9 || key[6] != '-') return false;
        if (!int.TryParse(key.AsSpan(2, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var fy) || fy < 2001 || fy > 2100) return false;
        var rest = key[7..];
        if (rest.Length == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] is >= '1' and <= '4')
        {
            period = Quarter(fy, rest[1] - '0');
            return true;
        }
        if (rest.StartsWith("YTD-", StringComparison.OrdinalIgnoreCase) && DepartmentCalendar.TryParseMonthKey(rest[4..], out var through)
            && DepartmentCalendar.FiscalYearOf(through) == fy)
        {
            period = FiscalYearToDate(through);
            return true;
        }
        return false;
    }

    private static string Name(DateOnly month) => month.ToString("MMMM", CultureInfo.InvariantCulture);
}
