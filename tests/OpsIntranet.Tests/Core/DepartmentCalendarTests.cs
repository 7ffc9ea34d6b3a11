using Microsoft.Extensions.Time.Testing;
using OpsIntranet.Core.Calendar;

namespace OpsIntranet.Tests.Core;

public class DepartmentCalendarTests
{
    [Theory]
    [InlineData(2026, 9, 30, 2026)]
    [InlineData(2026, 10, 1, 2027)]  // FY2027 starts 1 October 2026
    [InlineData(2027, 1, 15, 2027)]
    [InlineData(2027, 9, 1, 2027)]
    public void FiscalYearOf_IsNamedByTheYearItEnds(int y, int m, int d, int expected) =>
        Assert.Equal(expected, DepartmentCalendar.FiscalYearOf(new DateOnly(y, m, d)));

    [Fact]
    public void FiscalYearBounds_AreOctoberToSeptember()
    {
        Assert.Equal(new DateOnly(2026, 10, 1), DepartmentCalendar.FiscalYearStart(2027));
        Assert.Equal(new DateOnly(2027, 9, 30), DepartmentCalendar.FiscalYearEnd(2027));
    }

    [Fact]
    public void PreviousMonth_UsesEasternTime_NotUtc()
    {
        // 1 December 02:00 UTC is still 30 November 21:00 in New York: last month is October.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 10, 1), DepartmentCalendar.PreviousMonth(clock));
    }

    [Theory]
    [InlineData("2026-10", true)]
    [InlineData("2026-13", false)]
    [InlineData("26-10", false)]
    [InlineData("abcd-ef", false)]
    [InlineData("", false)]
    [InlineData("2026-1O", false)]
    public void TryParseMonthKey_AcceptsOnlyYearDashMonth(string key, bool ok) =>
        Assert.Equal(ok, DepartmentCalendar.TryParseMonthKey(key, out _));
}
