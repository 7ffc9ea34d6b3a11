using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Tests.Templates;

/// <summary>Hand-made scorecards for template tests that need no database.</summary>
public static class DocumentSamples
{
    public static readonly DateOnly Month = new(2026, 10, 1);

    public static UnitScorecard Unit(string unitName = "Utility Contact Center", string metricName = "Service level", string? explanation = null, int months = 24)
    {
        var metric = new MetricResult(1, "service_level", metricName, null, UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1,
            76.5m, 81.2m, 80m, 3m, MetricStatus.Red, explanation);
        var asa = new MetricResult(2, "asa", "Average speed of answer", null, UnitOfMeasure.Seconds, MetricDirection.LowerIsBetter, 0,
            52m, 58m, 60m, 10m, MetricStatus.Green, null);
        var points = Enumerable.Range(0, months).Select(i =>
        {
            var m = Month.AddMonths(i - months + 1);
            var v = 80m + (decimal)Math.Sin(i / 2.0) * 4;
            return new TrendPoint(m, v, 80m, StatusRules.Evaluate(MetricDirection.HigherIsBetter, v, 80m, 3m));
        }).ToList();
        return new UnitScorecard(1, unitName, "UCC", Month, 2027, SubmissionStatus.Approved, [metric, asa],
            [new MetricTrend(metric, points), new MetricTrend(asa, points.Select(p => p with { Value = 50 + p.Value / 10, Target = 60 }).ToList())]);
    }
}
