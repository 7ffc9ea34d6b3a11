using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Core;

public class StatusRulesTests
{
    // Service level ≥ 80 % with 3 points of tolerance.
    [Theory]
    [InlineData(85.0, MetricStatus.Green)]
    [InlineData(80.0, MetricStatus.Green)]   // exactly on target meets it
    [InlineData(79.9, MetricStatus.Amber)]
    [InlineData(77.0, MetricStatus.Amber)]   // exactly at the edge of tolerance
    [InlineData(76.9, MetricStatus.Red)]
    public void Evaluate_HigherIsBetter_ColoursByShortfall(double value, MetricStatus expected) =>
        Assert.Equal(expected, StatusRules.Evaluate(MetricDirection.HigherIsBetter, (decimal)value, 80m, 3m));

    // Average speed of answer ≤ 60 s with 10 s of tolerance.
    [Theory]
    [InlineData(45.0, MetricStatus.Green)]
    [InlineData(60.0, MetricStatus.Green)]
    [InlineData(60.5, MetricStatus.Amber)]
    [InlineData(70.0, MetricStatus.Amber)]
    [InlineData(70.1, MetricStatus.Red)]
    public void Evaluate_LowerIsBetter_ColoursByExcess(double value, MetricStatus expected) =>
        Assert.Equal(expected, StatusRules.Evaluate(MetricDirection.LowerIsBetter, (decimal)value, 60m, 10m));

    [Fact]
    public void Evaluate_Informational_IsNeverColoured() =>
        Assert.Equal(MetricStatus.None, StatusRules.Evaluate(MetricDirection.Informational, 52000m, 1m, 0m));

    [Fact]
    public void Evaluate_MissingValueOrTarget_IsNotRated()
    {
        Assert.Equal(MetricStatus.None, StatusRules.Evaluate(MetricDirection.HigherIsBetter, null, 80m, 3m));
        Assert.Equal(MetricStatus.None, StatusRules.Evaluate(MetricDirection.HigherIsBetter, 90m, null, 3m));
    }

    [Fact]
    public void Evaluate_ZeroTolerance_HasNoAmberBand()
    {
        Assert.Equal(MetricStatus.Green, StatusRules.Evaluate(MetricDirection.HigherIsBetter, 98.5m, 98.5m, 0m));
        Assert.Equal(MetricStatus.Red, StatusRules.Evaluate(MetricDirection.HigherIsBetter, 98.49m, 98.5m, 0m));
    }

    [Theory]
    [InlineData(MetricStatus.None, MetricDirection.Informational, true, false, "Informational")]
    [InlineData(MetricStatus.None, MetricDirection.HigherIsBetter, false, true, "No data")]
    [InlineData(MetricStatus.None, MetricDirection.HigherIsBetter, true, false, "No target")]
    [InlineData(MetricStatus.Red, MetricDirection.LowerIsBetter, true, true, "Off target")]
    public void Label_SaysWhyAValueIsNotColoured(MetricStatus status, MetricDirection direction, bool hasValue, bool hasTarget, string expected) =>
        Assert.Equal(expected, StatusWords.Label(status, direction, hasValue, hasTarget));

    [Theory]
    [InlineData(79.94, UnitOfMeasure.Percent, 1, "79.9%")]
    [InlineData(3950000, UnitOfMeasure.Dollars, 0, "$3,950,000")]
    [InlineData(47, UnitOfMeasure.Seconds, 0, "47 s")]
    [InlineData(1450000, UnitOfMeasure.Kwh, 0, "1,450,000 kWh")]
    public void Format_UsesDecimalsAndUnit(double value, UnitOfMeasure unit, int decimals, string expected) =>
        Assert.Equal(expected, MetricFormatting.Format((decimal)value, unit, decimals));
}
