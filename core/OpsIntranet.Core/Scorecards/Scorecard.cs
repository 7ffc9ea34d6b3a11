using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Scorecards;

/// <summary>One metric's result for one month, judged against that month's fiscal-year target.</summary>
public sealed record MetricResult(
    int MetricId, string Code, string Name, string? Description, UnitOfMeasure UnitOfMeasure, MetricDirection Direction, int Decimals,
    decimal? Value, decimal? PreviousValue, decimal? Target, decimal? Tolerance, MetricStatus Status, string? Explanation)
{
    public string ValueText => MetricFormatting.Format(Value, UnitOfMeasure, Decimals);
    public string StatusLabel => StatusWords.Label(Status, Direction, Value is not null, Target is not null);
    public string PreviousText => MetricFormatting.Format(PreviousValue, UnitOfMeasure, Decimals);
    public string TargetText => StatusWords.TargetText(Direction, Target, UnitOfMeasure, Decimals);
}

public sealed record UnitScorecardRow(int UnitId, string UnitName, string UnitCode, SubmissionStatus? SubmissionStatus, IReadOnlyList<MetricResult> Metrics);

public sealed record DepartmentScorecard(DateOnly Month, int FiscalYear, IReadOnlyList<UnitScorecardRow> Units)
{
    public int Count(MetricStatus status) => Units.Sum(u => u.Metrics.Count(m => m.Status == status));
}

public sealed record TrendPoint(DateOnly Month, decimal? Value, decimal? Target, MetricStatus Status);

public sealed record MetricTrend(MetricResult Metric, IReadOnlyList<TrendPoint> Points);

public sealed record UnitScorecard(
    int UnitId, string UnitName, string UnitCode, DateOnly Month, int FiscalYear, SubmissionStatus? SubmissionStatus,
    IReadOnlyList<MetricResult> Metrics, IReadOnlyList<MetricTrend> Trends)
{
    public int Count(MetricStatus status) => Metrics.Count(m => m.Status == status);
}
