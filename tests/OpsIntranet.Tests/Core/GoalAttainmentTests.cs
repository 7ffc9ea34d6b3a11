using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Core;

public class GoalAttainmentTests
{
    [Fact]
    public void Compute_HigherIsBetter_AverageAgainstTarget()
    {
        var metric = new MetricDefinition { Name = "Service level", Code = "sl", UnitOfMeasure = UnitOfMeasure.Percent, Direction = MetricDirection.HigherIsBetter, Decimals = 1 };
        // (81 + 83 + 79) / 3 = 81.0 against ≥ 82: not met, 81/82 = 98.8 %.
        var a = GoalService.Compute(metric, [81m, 83m, 79m], 82m);
        Assert.Equal(81.0m, a.Actual);
        Assert.False(a.Met);
        Assert.Equal(98.8m, a.Percent);
        Assert.Equal("81.0%", a.ActualText);
        Assert.Equal("≥ 82.0%", a.TargetText);
    }

    [Fact]
    public void Compute_LowerIsBetter_MetWhenAtOrBelowTarget()
    {
        var metric = new MetricDefinition { Name = "Wait", Code = "w", UnitOfMeasure = UnitOfMeasure.Minutes, Direction = MetricDirection.LowerIsBetter, Decimals = 1 };
        // (8 + 9) / 2 = 8.5 against ≤ 9: met, 9 / 8.5 = 105.9 %.
        var a = GoalService.Compute(metric, [8m, 9m], 9m);
        Assert.True(a.Met);
        Assert.Equal(105.9m, a.Percent);
    }
}
