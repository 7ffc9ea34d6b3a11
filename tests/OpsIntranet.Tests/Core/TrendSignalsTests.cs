using OpsIntranet.Core.Metrics;
using static OpsIntranet.Core.Metrics.TrendSignals;

namespace OpsIntranet.Tests.Core;

/// <summary>Trend signals against hand-worked examples.</summary>
public class TrendSignalsTests
{
    private static readonly DateOnly Start = new(2025, 7, 1);

    private static List<Point> Series(MetricDirection direction, decimal target, decimal tolerance, params double?[] values) =>
        values.Select((v, i) => new Point(Start.AddMonths(i), (decimal?)v,
            StatusRules.Evaluate(direction, (decimal?)v, target, tolerance))).ToList();

    [Fact]
    public void ThreeMonthsWorse_HigherIsBetter_FiresOnThreeFalls()
    {
        // 84 → 83 → 82 → 81: three falls in a row (all still green, so no red signal).
        var signals = Evaluate(MetricDirection.HigherIsBetter, Series(MetricDirection.HigherIsBetter, 80, 3, 84, 83, 82, 81));
        var s = Assert.Single(signals);
        Assert.Equal(SignalKind.ThreeMonthsWorse, s.Kind);
        Assert.Equal(new DateOnly(2025, 10, 1), s.Month);
    }

    [Fact]
    public void ThreeMonthsWorse_LowerIsBetter_FiresOnThreeRises_NotOnFalls()
    {
        Assert.Contains(Evaluate(MetricDirection.LowerIsBetter, Series(MetricDirection.LowerIsBetter, 60, 10, 40, 42, 45, 50)), x => x.Kind == SignalKind.ThreeMonthsWorse);
        Assert.DoesNotContain(Evaluate(MetricDirection.LowerIsBetter, Series(MetricDirection.LowerIsBetter, 60, 10, 50, 45, 42, 40)), x => x.Kind == SignalKind.ThreeMonthsWorse);
    }

    [Fact]
    public void ThreeMonthsWorse_NeedsThreeChanges_AndConsecutiveMonths()
    {
        Assert.Empty(Evaluate(MetricDirection.HigherIsBetter, Series(MetricDirection.HigherIsBetter, 80, 3, 84, 83, 82)));
        // A flat month breaks the run.
        Assert.Empty(Evaluate(MetricDirection.HigherIsBetter, Series(MetricDirection.HigherIsBetter, 80, 3, 84, 83, 83, 82)));
        // A month without an approved value breaks it too.
        var gap = Series(MetricDirection.HigherIsBetter, 80, 3, 84, 83, 82, 81);
        gap.RemoveAt(1);
        Assert.Empty(Evaluate(MetricDirection.HigherIsBetter, gap));
    }

    [Fact]
    public void Informational_NeverGetsDirectionalSignals()
    {
        Assert.Empty(Evaluate(MetricDirection.Informational, Series(MetricDirection.Informational, 0, 0, 100, 90, 80, 70)));
    }

    [Fact]
    public void Informational_NeverSignals_EvenOutsideItsControlLimits()
    {
        // The same series as the lower-is-better case below: 16 is above the upper limit ≈ 15.18.
        Assert.Empty(Evaluate(MetricDirection.Informational, Series(MetricDirection.Informational, 0, 0, 10, 12, 11, 13, 12, 10, 11, 12, 16)));
    }

    [Fact]
    public void RedThreeMonths_FiresOnlyOnThreeReds()
    {
        // Target ≥ 80, tolerance 3: 75, 76 and 74 are red; 78 is amber.
        var three = Evaluate(MetricDirection.HigherIsBetter, Series(MetricDirection.HigherIsBetter, 80, 3, 85, 75, 76, 74));
        Assert.Contains(three, s => s.Kind == SignalKind.RedThreeMonths);
        var broken = Evaluate(MetricDirection.HigherIsBetter, Series(MetricDirection.HigherIsBetter, 80, 3, 75, 78, 76, 74));
        Assert.DoesNotContain(broken, s => s.Kind == SignalKind.RedThreeMonths);
    }

    [Fact]
    public void Limits_XmR_HandWorked()
    {
        // Baseline 10, 12, 11, 13, 12, 10, 11, 12: mean 11.375; moving ranges 2,1,2,1,2,1,1 → mean 10/7.
        var limits = Limits([10, 12, 11, 13, 12, 10, 11, 12])!;
        Assert.Equal(11.375m, limits.Mean);
        Assert.Equal(1.4285714m, Math.Round(limits.AverageMovingRange, 7));
        Assert.Equal(15.175m, Math.Round(limits.Upper, 6));   // 11.375 + 2.66 × 10/7
        Assert.Equal(7.575m, Math.Round(limits.Lower, 6));    // 11.375 − 2.66 × 10/7
        Assert.Null(Limits([10, 12, 11, 13, 12, 10, 11]));
    }

    [Fact]
    public void OutsideControlLimits_LowerIsBetter_AboveTheUpperLimitIsForTheWorse()
    {
        // Upper limit ≈ 15.18; 16 is outside.
        var series = Series(MetricDirection.LowerIsBetter, 20, 2, 10, 12, 11, 13, 12, 10, 11, 12, 16);
        var s = Assert.Single(Evaluate(MetricDirection.LowerIsBetter, series), x => x.Kind == SignalKind.OutsideControlLimits);
        Assert.Contains("above the upper limit", s.Description);
        Assert.Contains("for the worse", s.Description);
    }

    [Fact]
    public void OutsideControlLimits_InsideTheLimits_DoesNotFire()
    {
        var series = Series(MetricDirection.LowerIsBetter, 20, 2, 10, 12, 11, 13, 12, 10, 11, 12, 14);
        Assert.DoesNotContain(Evaluate(MetricDirection.LowerIsBetter, series), x => x.Kind == SignalKind.OutsideControlLimits);
    }

    [Fact]
    public void OutsideControlLimits_AcrossAFiscalYearBoundary_UsesTheWholeBaseline()
    {
        // Jul 2025 … Mar 2026 crosses 1 October; the baseline is continuous regardless of the fiscal year.
        var series = Series(MetricDirection.HigherIsBetter, 80, 3, 82, 83, 82, 84, 83, 82, 83, 84, 76);
        Assert.Equal(new DateOnly(2026, 3, 1), series[^1].Month);
        var s = Assert.Single(Evaluate(MetricDirection.HigherIsBetter, series), x => x.Kind == SignalKind.OutsideControlLimits);
        Assert.Contains("below the lower limit", s.Description);
        Assert.Contains("for the worse", s.Description);
    }
}
