using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Core;

/// <summary>The validation matrix of the monthly form and the import: one case per rule.</summary>
public class MetricValueRulesTests
{
    private static MetricDefinition Metric(UnitOfMeasure uom, int decimals, decimal? min = null, decimal? max = null) =>
        new() { Name = "M", Code = "m", UnitOfMeasure = uom, Decimals = decimals, MinValue = min, MaxValue = max };

    [Theory]
    [InlineData("abc", "“abc” is not a number.")]
    [InlineData("12..5", "“12..5” is not a number.")]
    [InlineData("1e5", "“1e5” is not a number.")]
    [InlineData("=1+1", "“=1+1” is not a number.")]
    public void Parse_NotANumber_SaysSo(string raw, string message) =>
        Assert.Equal(message, MetricValueRules.Parse(Metric(UnitOfMeasure.Percent, 1), raw).Error);

    [Theory]
    [InlineData("100.1")]
    [InlineData("-0.5")]
    public void Parse_PercentOutside0To100_IsRefused(string raw) =>
        Assert.Equal("A percentage is between 0 and 100.", MetricValueRules.Parse(Metric(UnitOfMeasure.Percent, 1), raw).Error);

    [Fact]
    public void Parse_CountWithDecimals_IsRefused() =>
        Assert.Equal("A count is a whole number.", MetricValueRules.Parse(Metric(UnitOfMeasure.Count, 0), "12.5").Error);

    [Fact]
    public void Parse_NegativeCount_IsRefused() =>
        Assert.Equal("A count cannot be negative.", MetricValueRules.Parse(Metric(UnitOfMeasure.Count, 0), "-3").Error);

    [Fact]
    public void Parse_TooManyDecimals_IsRefused() =>
        Assert.Equal("Use at most 1 decimal place.", MetricValueRules.Parse(Metric(UnitOfMeasure.Percent, 1), "85.25").Error);

    [Fact]
    public void Parse_TrailingZerosAreNotExtraDecimals() =>
        Assert.Equal(85.5m, MetricValueRules.Parse(Metric(UnitOfMeasure.Percent, 1), "85.50").Value);

    [Fact]
    public void Parse_OutsideTheMetricsRange_IsRefused()
    {
        var metric = Metric(UnitOfMeasure.Seconds, 0, min: 0, max: 3600);
        Assert.Equal("The highest allowed value is 3,600 s.", MetricValueRules.Parse(metric, "4000").Error);
        Assert.Equal("The lowest allowed value is 0 s.", MetricValueRules.Parse(metric, "-1").Error);
    }

    [Theory]
    [InlineData(UnitOfMeasure.Percent, 1, "85.2%", 85.2)]
    [InlineData(UnitOfMeasure.Dollars, 0, "$1,234,567", 1234567)]
    [InlineData(UnitOfMeasure.Count, 0, " 52,000 ", 52000)]
    [InlineData(UnitOfMeasure.Seconds, 0, "0", 0)]
    public void Parse_WhatPeoplePaste_IsAccepted(UnitOfMeasure uom, int decimals, string raw, double expected)
    {
        var parsed = MetricValueRules.Parse(Metric(uom, decimals), raw);
        Assert.Null(parsed.Error);
        Assert.Equal((decimal)expected, parsed.Value);
    }

    [Fact]
    public void Parse_Empty_IsNoValueAndNoError()
    {
        var parsed = MetricValueRules.Parse(Metric(UnitOfMeasure.Percent, 1), "  ");
        Assert.Null(parsed.Value);
        Assert.Null(parsed.Error);
    }
}
