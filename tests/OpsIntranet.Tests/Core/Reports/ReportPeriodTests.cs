using OpsIntranet.Core.Reports;

namespace OpsIntranet.Tests.Core.Reports;

public class ReportPeriodTests
{
    [Fact]
    public void Quarter_FirstOfTheFiscalYear_IsOctoberToDecember_AfterTheFourthOfTheYearBefore()
    {
        var q1 = ReportPeriod.Quarter(2027, 1);
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 1)), (q1.From, q1.To));
        Assert.Equal("Q1 FY2027 (October – December 2026)", q1.Label);
        Assert.Equal("FY2027-Q1", q1.Key);
        Assert.Equal((new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 1)), (q1.Previous.From, q1.Previous.To));
        Assert.Equal(2026, q1.Previous.FiscalYear);
        Assert.Equal(ReportPeriod.Quarter(2027, 2), ReportPeriod.QuarterOf(new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void FiscalYearToDate_RunsFromOctober_AndIsComparedWithTheSameMonthsOfTheYearBefore()
    {
        var ytd = ReportPeriod.FiscalYearToDate(new DateOnly(2027, 3, 1));
        Assert.Equal((new DateOnly(2026, 10, 1), 6), (ytd.From, ytd.MonthCount));
        Assert.Equal("FY2027 to date (October 2026 – March 2027)", ytd.Label);
        // October–March against October–March of FY2026, not against FY2026's April–September.
        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2026, 3, 1)), (ytd.Previous.From, ytd.Previous.To));
        Assert.Equal("FY2026-YTD-2026-03", ytd.Previous.Key);
        Assert.Equal("FY2027-YTD-2027-03", ytd.Key);
        // A whole fiscal year is compared with the whole year before.
        var year = ReportPeriod.FiscalYearToDate(new DateOnly(2026, 9, 1));
        Assert.Equal(("FY2026, the whole year (October 2025 – September 2026)", "FY2026"), (year.Label, year.ShortLabel));
        Assert.Equal("FY2027 through March 2027", ytd.ShortLabel);
        Assert.Equal((new DateOnly(2024, 10, 1), new DateOnly(2025, 9, 1)), (year.Previous.From, year.Previous.To));
    }

    [Theory]
    [InlineData("2026-10", "October 2026")]
    [InlineData("FY2027-Q4", "Q4 FY2027 (July – September 2027)")]
    [InlineData("fy2027-q2", "Q2 FY2027 (January – March 2027)")]
    [InlineData("FY2027-YTD-2026-10", "FY2027 to date (October 2026)")]
    public void TryParse_ReadsEachKind(string key, string label)
    {
        Assert.True(ReportPeriod.TryParse(key, out var period));
        Assert.Equal(label, period.Label);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("FY2027-Q5")]
    [InlineData("FY2027-YTD-2027-10")] // October 2027 is in FY2028
    [InlineData("FY20x7-Q1")]
    [InlineData("<script>")]
    public void TryParse_RefusesAnythingElse(string? key) => Assert.False(ReportPeriod.TryParse(key, out _));
}
