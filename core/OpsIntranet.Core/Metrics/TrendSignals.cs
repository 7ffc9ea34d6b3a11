namespace OpsIntranet.Core.Metrics;

public enum SignalKind
{
    /// <summary>Three month-to-month changes in a row, each in the bad direction.</summary>
    ThreeMonthsWorse = 0,
    /// <summary>The month falls outside the XmR chart's natural process limits (special-cause variation).</summary>
    OutsideControlLimits = 1,
    /// <summary>Red three months running.</summary>
    RedThreeMonths = 2,
}

public sealed record Signal(SignalKind Kind, DateOnly Month, string Description);

/// <summary>An XmR (individuals and moving range) chart's centre line and natural process limits.</summary>
public sealed record ControlLimits(decimal Mean, decimal AverageMovingRange, decimal Lower, decimal Upper);

/// <summary>
/// Signals that a metric is moving the wrong way, computed from approved monthly values only. The
/// caller passes a metric's consecutive months, oldest first; a gap (a month without an approved
/// value) breaks a run, because "three months running" means three calendar months.
/// </summary>
public static class TrendSignals
{
    /// <summary>Moving-range constant for individuals charts (3 / d2, d2 = 1.128 for n = 2).</summary>
    public const decimal XmrFactor = 2.66m;

    /// <summary>Months of history, before the month judged, that the limits are computed from.</summary>
    public const int BaselineMonths = 24;

    /// <summary>Fewer points than this give limits too loose or too noisy to mean anything.</summary>
    public const int MinimumBaseline = 8;

    public sealed record Point(DateOnly Month, decimal? Value, MetricStatus Status);

    /// <summary>
    /// The signals that fire for the last month of <paramref name="series"/>. An informational metric
    /// never signals: with no better or worse, a change in it is not a problem to act on.
    /// </summary>
    public static IReadOnlyList<Signal> Evaluate(MetricDirection direction, IReadOnlyList<Point> series)
    {
        var signals = new List<Signal>();
        if (direction == MetricDirection.Informational || series.Count == 0 || series[^1].Value is null) return signals;
        var last = series[^1];

        if (Tail(series, 4) is { } four)
        {
            var worse = true;
            for (var i = 1; i < four.Count; i++) worse &= IsWorse(direction, four[i - 1].Value!.Value, four[i].Value!.Value);
            if (worse) signals.Add(new Signal(SignalKind.ThreeMonthsWorse, last.Month, "Worse three months running."));
        }

        if (Tail(series, 3) is { } three && three.All(p => p.Status == MetricStatus.Red))
            signals.Add(new Signal(SignalKind.RedThreeMonths, last.Month, "Off target (red) three months running."));

        var baseline = series.Take(series.Count - 1).Where(p => p.Value is not null).TakeLast(BaselineMonths).Select(p => p.Value!.Value).ToList();
        if (Limits(baseline) is { } limits && (last.Value < limits.Lower || last.Value > limits.Upper))
        {
            var high = last.Value > limits.Upper;
            var bad = high == (direction == MetricDirection.LowerIsBetter);
            var side = high ? "above the upper" : "below the lower";
            var tail = bad ? " — an unusual change for the worse." : " — an unusual change for the better.";
            signals.Add(new Signal(SignalKind.OutsideControlLimits, last.Month, $"Outside its control limits ({side} limit){tail}"));
        }
        return signals;
    }

    /// <summary>XmR limits of a baseline, or null when it is too short.</summary>
    public static ControlLimits? Limits(IReadOnlyList<decimal> baseline)
    {
        if (baseline.Count < MinimumBaseline) return null;
        var mean = baseline.Average();
        var mr = Enumerable.Range(1, baseline.Count - 1).Select(i => Math.Abs(baseline[i] - baseline[i - 1])).Average();
        return new ControlLimits(mean, mr, mean - XmrFactor * mr, mean + XmrFactor * mr);
    }

    public static bool IsWorse(MetricDirection direction, decimal before, decimal after) => direction switch
    {
        MetricDirection.HigherIsBetter => after < before,
        MetricDirection.LowerIsBetter => after > before,
        _ => false,
    };

    /// <summary>The last <paramref name="n"/> points if they are consecutive calendar months with values, else null.</summary>
    private static List<Point>? Tail(IReadOnlyList<Point> series, int n)
    {
        if (series.Count < n) return null;
        var tail = series.Skip(series.Count - n).ToList();
        for (var i = 0; i < tail.Count; i++)
        {
            if (tail[i].Value is null) return null;
            if (i > 0 && tail[i].Month != tail[i - 1].Month.AddMonths(1)) return null;
        }
        return tail;
    }
}
