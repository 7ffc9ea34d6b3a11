using System.Globalization;

namespace OpsIntranet.Core.Metrics;

/// <summary>How values are written for people: the metric's decimals and its unit of measure.</summary>
public static class MetricFormatting
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    public static string Format(decimal? value, UnitOfMeasure unit, int decimals)
    {
        if (value is null) return "—";
        var number = value.Value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);
        return unit switch
        {
            UnitOfMeasure.Percent => number + "%",
            UnitOfMeasure.Dollars => "$" + number,
            UnitOfMeasure.Seconds => number + " s",
            UnitOfMeasure.Minutes => number + " min",
            UnitOfMeasure.Hours => number + " h",
            UnitOfMeasure.Days => number + " days",
            UnitOfMeasure.Kwh => number + " kWh",
            _ => number,
        };
    }

    /// <summary>A stored value as a person would type it back into a form: no thousands separators, no trailing zeros.</summary>
    public static string? Plain(decimal? value) => value?.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Format(decimal? value, MetricDefinition metric) => Format(value, metric.UnitOfMeasure, metric.Decimals);

    /// <summary>The target text of <see cref="StatusWords.TargetText"/> for a stored metric and target (the metric list and the demo goals).</summary>
    public static string TargetText(MetricDefinition metric, MetricTarget? target) =>
        StatusWords.TargetText(metric.Direction, target?.Target, metric.UnitOfMeasure, metric.Decimals);

    public static string UnitLabel(UnitOfMeasure unit) => unit switch
    {
        UnitOfMeasure.Percent => "%",
        UnitOfMeasure.Dollars => "$",
        UnitOfMeasure.Seconds => "seconds",
        UnitOfMeasure.Minutes => "minutes",
        UnitOfMeasure.Hours => "hours",
        UnitOfMeasure.Days => "days",
        UnitOfMeasure.Kwh => "kWh",
        _ => "count",
    };
}
