using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Core;

public class ImprovementMathTests
{
    private static Dictionary<DateOnly, decimal> Months(params (int Year, int Month, decimal Value)[] values) =>
        values.ToDictionary(v => new DateOnly(v.Year, v.Month, 1), v => v.Value);

    [Fact]
    public void LowerIsBetter_AFall_IsAnImprovement_AndTheWindowCrossesTheFiscalYear()
    {
        // Average wait (minutes, 1 decimal). Baseline Aug–Nov 2026 crosses FY2026 → FY2027:
        // (11.0 + 12.0 + 12.5 + 12.1) / 4 = 47.6 / 4 = 11.9.
        // The change starts 2026-12-03, so "after" is Jan–Mar 2027: (10.2 + 9.8 + 9.6) / 3 = 29.6 / 3 = 9.8667 → 9.87 (decimals + 1).
        var approved = Months((2026, 7, 20.0m), (2026, 8, 11.0m), (2026, 9, 12.0m), (2026, 10, 12.5m), (2026, 11, 12.1m), (2026, 12, 10.9m),
            (2027, 1, 10.2m), (2027, 2, 9.8m), (2027, 3, 9.6m));
        var r = ImprovementMath.Result(approved, MetricDirection.LowerIsBetter, 1, new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 3), new DateOnly(2027, 3, 1), target: 10m);
        Assert.Equal(11.9m, r.Baseline.Average);
        Assert.Equal(4, r.Baseline.Months);
        Assert.Equal(9.87m, r.After.Average);
        Assert.Equal(3, r.After.Months);
        Assert.Equal(-2.03m, r.Change);
        // −2.03 / 11.9 = −17.06 % → −17.1
        Assert.Equal(-17.1m, r.ChangePercent);
        Assert.True(r.Better);
        Assert.True(r.TargetMet);
    }

    [Fact]
    public void HigherIsBetter_ARiseShortOfTheTarget_IsBetterButNotMet()
    {
        // Service level (%, 1 decimal): baseline (78.0 + 76.0 + 77.0) / 3 = 77.0; after (79.0 + 80.0) / 2 = 79.5.
        var approved = Months((2026, 1, 78.0m), (2026, 2, 76.0m), (2026, 3, 77.0m), (2026, 4, 90.0m), (2026, 5, 79.0m), (2026, 6, 80.0m));
        var r = ImprovementMath.Result(approved, MetricDirection.HigherIsBetter, 1, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 20), new DateOnly(2026, 6, 1), target: 80m);
        Assert.Equal(77.0m, r.Baseline.Average);
        Assert.Equal(79.5m, r.After.Average);
        Assert.Equal(2.5m, r.Change);
        Assert.Equal(3.2m, r.ChangePercent); // 2.5 / 77 = 3.247 %
        Assert.True(r.Better);
        Assert.False(r.TargetMet);
    }

    [Fact]
    public void MonthsWithoutApprovedValues_AreLeftOut_AndNoAfterMonthsMeansNoResultYet()
    {
        var approved = Months((2026, 1, 10m), (2026, 3, 20m));
        var r = ImprovementMath.Result(approved, MetricDirection.LowerIsBetter, 0, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 15), new DateOnly(2026, 4, 1), target: null);
        Assert.Equal(15m, r.Baseline.Average);
        Assert.Equal(2, r.Baseline.Months);
        Assert.Null(r.After.Average);
        Assert.False(r.HasResult);
        Assert.Null(r.Better);
    }

    [Fact]
    public void ABaselineReachingIntoTheChange_IsCutAtTheMonthBeforeIt()
    {
        // Baseline asked for Jan–Mar, but the change starts in March: only Jan–Feb count, (10 + 12) / 2 = 11.
        var approved = Months((2026, 1, 10m), (2026, 2, 12m), (2026, 3, 30m), (2026, 4, 8m));
        var r = ImprovementMath.Result(approved, MetricDirection.LowerIsBetter, 0, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 10), new DateOnly(2026, 4, 1), target: null);
        Assert.Equal(11m, r.Baseline.Average);
        Assert.Equal(8m, r.After.Average);
        Assert.True(r.Better);
    }

    [Fact]
    public void NoChange_IsNotBetter_AndInformationalMetricsAreNeverCalledBetter()
    {
        var flat = Months((2026, 1, 5m), (2026, 3, 5m));
        Assert.False(ImprovementMath.Result(flat, MetricDirection.HigherIsBetter, 0, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1), null).Better);
        var info = ImprovementMath.Result(Months((2026, 1, 100m), (2026, 3, 150m)), MetricDirection.Informational, 0, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1), null);
        Assert.Equal(50m, info.Change);
        Assert.Null(info.Better);
    }
}
