namespace OpsIntranet.Core.Metrics;

/// <summary>
/// The one place that decides green/amber/red. Green meets the target; amber misses it by no more
/// than the tolerance; red is worse. Direction decides which side of the target is "worse".
/// </summary>
public static class StatusRules
{
    public static MetricStatus Evaluate(MetricDirection direction, decimal? value, decimal? target, decimal tolerance)
    {
        if (direction == MetricDirection.Informational || value is null || target is null) return MetricStatus.None;

        // How far the value falls short of the target in the metric's "bad" direction (≤ 0 means met).
        var shortfall = direction == MetricDirection.HigherIsBetter ? target.Value - value.Value : value.Value - target.Value;
        if (shortfall <= 0) return MetricStatus.Green;
        return shortfall <= Math.Abs(tolerance) ? MetricStatus.Amber : MetricStatus.Red;
    }

    public static MetricStatus Evaluate(MetricDefinition metric, MetricTarget? target, decimal? value) =>
        Evaluate(metric.Direction, value, target?.Target, target?.Tolerance ?? 0);
}
