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

    public static string TargetText(MetricDefinition metric, MetricTarget? target)
    {
        if (metric.Direction == MetricDirection.Informational || target is null) return "—";
        var op = metric.Direction == MetricDirection.HigherIsBetter ? "≥ " : "≤ ";
        return op + Format(target.Target, metric);
    }

    public static string Label(MetricStatus status) => status switch
    {
        MetricStatus.Green => "Meets target",
        MetricStatus.Amber => "Within tolerance",
        MetricStatus.Red => "Off target",
        _ => "Not rated",
    };

    /// <summary>Says why a value has no colour: informational metric, no value yet, or no target for the year.</summary>
    public static string Label(MetricStatus status, MetricDirection direction, bool hasValue, bool hasTarget) =>
        status != MetricStatus.None ? Label(status)
        : direction == MetricDirection.Informational ? "Informational"
        : !hasValue ? "No data"
        : !hasTarget ? "No target"
        : Label(status);

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
