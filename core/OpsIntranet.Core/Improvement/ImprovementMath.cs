using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Improvement;

/// <summary>A window's average from approved months; months without an approved value are simply absent.</summary>
public sealed record WindowAverage(DateOnly From, DateOnly To, decimal? Average, int Months);

/// <summary>
/// The initiative's numbers. Better is measured in the metric's own direction: for "lower is better"
/// a fall is an improvement. Informational metrics report the change without calling it better or worse.
/// </summary>
public sealed record InitiativeResult(WindowAverage Baseline, WindowAverage After, decimal? Change, decimal? ChangePercent, bool? Better, bool? TargetMet)
{
    public bool HasResult => Baseline.Average is not null && After.Average is not null;
}

public static class ImprovementMath
{
    public static WindowAverage Average(IReadOnlyDictionary<DateOnly, decimal> approved, DateOnly from, DateOnly to, int decimals)
    {
        var months = approved.Where(kv => kv.Key >= from && kv.Key <= to).Select(kv => kv.Value).ToList();
        return new WindowAverage(from, to, months.Count == 0 ? null : Math.Round(months.Average(), decimals + 1, MidpointRounding.AwayFromZero), months.Count);
    }

    /// <summary>
    /// Baseline over its window; "after" is every approved month after the start month up to
    /// <paramref name="through"/> (the change needs a whole month to show).
    /// </summary>
    public static InitiativeResult Result(IReadOnlyDictionary<DateOnly, decimal> approved, MetricDirection direction, int decimals,
        DateOnly baselineFrom, DateOnly baselineTo, DateOnly startDate, DateOnly through, decimal? target)
    {
        var afterFrom = new DateOnly(startDate.Year, startDate.Month, 1).AddMonths(1);
        // The baseline is what came before the change: never the start month or later.
        var baseline = Average(approved, baselineFrom, baselineTo < afterFrom.AddMonths(-1) ? baselineTo : afterFrom.AddMonths(-2), decimals);
        var after = Average(approved, afterFrom, through, decimals);
        if (baseline.Average is not { } b || after.Average is not { } a) return new InitiativeResult(baseline, after, null, null, null, null);
        var change = a - b;
        decimal? percent = b == 0 ? null : Math.Round(change / Math.Abs(b) * 100, 1, MidpointRounding.AwayFromZero);
        bool? better = direction switch
        {
            MetricDirection.HigherIsBetter => change > 0,
            MetricDirection.LowerIsBetter => change < 0,
            _ => null,
        };
        if (change == 0 && better is not null) better = false;
        bool? met = target is not { } t ? null : direction switch
        {
            MetricDirection.LowerIsBetter => a <= t,
            _ => a >= t,
        };
        return new InitiativeResult(baseline, after, change, percent, better, met);
    }
}
