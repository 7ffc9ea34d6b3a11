using System.Globalization;

namespace OpsIntranet.Core.Metrics;

/// <summary>
/// What a value typed into the monthly form (or a CSV cell) must be: a number, within the metric's
/// range and decimals; percentages 0–100; counts whole and not negative. One place for the form and
/// the import, so both say the same thing about the same mistake.
/// </summary>
public static class MetricValueRules
{
    public const int MaxExplanationLength = 2000;

    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");

    public sealed record Parsed(decimal? Value, string? Error)
    {
        public bool Ok => Error is null;
    }

    /// <summary>Parses and checks one value; an empty entry is allowed here (a draft may be partial) and is null.</summary>
    public static Parsed Parse(MetricDefinition metric, string? raw)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) return new Parsed(null, null);
        if (text.Length > 40) return new Parsed(null, "Enter a number.");

        // People paste what they see: "85.2%", "$1,234", "1,234" are all fine.
        if (metric.UnitOfMeasure == UnitOfMeasure.Percent && text.EndsWith('%')) text = text[..^1].TrimEnd();
        if (metric.UnitOfMeasure == UnitOfMeasure.Dollars && text.StartsWith('$')) text = text[1..].TrimStart();
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, EnUs, out var value))
            return new Parsed(null, $"“{Shorten(raw!.Trim())}” is not a number.");
        return new Parsed(value, Check(metric, value));
    }

    /// <summary>The rule a number breaks, or null when it is acceptable.</summary>
    public static string? Check(MetricDefinition metric, decimal value)
    {
        var places = DecimalPlaces(value);
        if (metric.UnitOfMeasure == UnitOfMeasure.Count && places > 0) return "A count is a whole number.";
        if (places > metric.Decimals)
            return metric.Decimals == 0 ? "Use a whole number." : $"Use at most {metric.Decimals} decimal place{(metric.Decimals == 1 ? "" : "s")}.";
        if (metric.UnitOfMeasure == UnitOfMeasure.Count && value < 0) return "A count cannot be negative.";
        if (metric.UnitOfMeasure == UnitOfMeasure.Percent && (value < 0 || value > 100)) return "A percentage is between 0 and 100.";
        if (metric.MinValue is { } min && value < min) return $"The lowest allowed value is {MetricFormatting.Format(min, metric)}.";
        if (metric.MaxValue is { } max && value > max) return $"The highest allowed value is {MetricFormatting.Format(max, metric)}.";
        return null;
    }

    public static int DecimalPlaces(decimal value)
    {
        value /= 1.0000000000000000000000000000m; // drop trailing zeros: 85.50 has one decimal place
        return (decimal.GetBits(value)[3] >> 16) & 0xFF;
    }

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
