using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Tests.Core;

public class CycleDefaultsTests
{
    [Theory]
    [InlineData("2026-10-01", 2026, "2025-10-01", "2026-09-30", "2026-11-29")] // 60 days after the year closed
    [InlineData("2026-10-10", 2026, "2025-10-01", "2026-09-30", "2026-11-29")]
    [InlineData("2026-11-15", 2026, "2025-10-01", "2026-09-30", "2026-12-15")] // at least 30 days from today
    [InlineData("2026-12-31", 2026, "2025-10-01", "2026-09-30", "2027-01-30")]
    [InlineData("2027-02-28", 2026, "2025-10-01", "2026-09-30", "2027-03-30")] // six months after the period: the limit
    [InlineData("2027-03-01", 2027, "2026-10-01", "2027-09-30", "2027-11-29")] // past it: the current year
    [InlineData("2027-09-30", 2027, "2026-10-01", "2027-09-30", "2027-11-29")]
    [InlineData("2028-02-29", 2027, "2026-10-01", "2027-09-30", "2028-03-30")]
    public void DefaultCycle_IsAnnual_NeverDueInThePast_AndWithinSixMonthsOfItsPeriod(string today, int fy, string from, string to, string due)
    {
        var d = DefaultsOf(today);
        Assert.Equal($"FY{fy} annual evaluations", d.Name);
        Assert.Equal(CycleKind.Annual, d.Kind);
        Assert.Equal(Date(from), d.PeriodStart);
        Assert.Equal(Date(to), d.PeriodEnd);
        Assert.Equal(Date(due), d.DueDate);
    }

    private static CycleDefaults DefaultsOf(string today) => EvaluationService.DefaultCycle(Date(today));

    private static DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
