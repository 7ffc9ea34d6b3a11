using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

/// <summary>Which retired (inactive) metrics a series includes.</summary>
public enum RetiredMetrics
{
    /// <summary>A retired metric belongs to the months it was reported in: included when it has a value in the months asked for.</summary>
    WhenReported = 0,
    Exclude = 1,
    Include = 2,
}

/// <summary>
/// What to load: the metrics of some units or some metrics by id, over a range of months (both ends
/// included; null is open). Only approved submissions count unless <see cref="IncludeUnapproved"/>,
/// which only the history export asks for (it labels each row with its submission's state).
/// </summary>
public sealed record MetricSeriesRequest(DateOnly? From, DateOnly? To)
{
    public IReadOnlyCollection<int>? UnitIds { get; init; }
    public IReadOnlyCollection<int>? MetricIds { get; init; }
    public bool KeyOnly { get; init; }
    public bool IncludeInformational { get; init; } = true;
    public RetiredMetrics Retired { get; init; } = RetiredMetrics.WhenReported;
    public bool IncludeUnapproved { get; init; }
    /// <summary>Also load the month before <see cref="From"/>, so the first month has a previous value to compare with.</summary>
    public bool WithPreviousMonth { get; init; }
}

/// <summary>A fiscal year's target and its tolerance, in the metric's unit of measure.</summary>
public sealed record SeriesTarget(decimal Target, decimal Tolerance);

/// <summary>A metric as a series needs it: how it is written, which way is better, and its target per fiscal year.</summary>
public sealed record SeriesMetric(
    int Id, int UnitId, string Code, string Name, string? Description, UnitOfMeasure UnitOfMeasure, MetricDirection Direction, int Decimals,
    bool IsKey, bool IsActive, int SortOrder, IReadOnlyDictionary<int, SeriesTarget> Targets)
{
    public SeriesTarget? TargetFor(int fiscalYear) => Targets.GetValueOrDefault(fiscalYear);

    /// <summary>The target in force in a fiscal year: that year's, or else the latest set before it.</summary>
    public SeriesTarget? TargetInForce(int fiscalYear) =>
        TargetFor(fiscalYear) ?? Targets.Where(t => t.Key <= fiscalYear).OrderByDescending(t => t.Key).Select(t => t.Value).FirstOrDefault();

    public string Format(decimal? value) => MetricFormatting.Format(value, UnitOfMeasure, Decimals);

    public string TargetText(SeriesTarget? target) => StatusWords.TargetText(Direction, target?.Target, UnitOfMeasure, Decimals);

    /// <summary>How a value compares with a target, by the one rule (<see cref="StatusRules"/>).</summary>
    public MetricStatus StatusOf(decimal? value, SeriesTarget? target) => StatusRules.Evaluate(Direction, value, target?.Target, target?.Tolerance ?? 0);
}

/// <summary>
/// One month of a metric: the stored value (null when the month was approved without one, or when no
/// value was stored at all), the month's fiscal-year target and tolerance, and its status.
/// </summary>
public sealed record SeriesPoint(
    DateOnly Month, int FiscalYear, decimal? Value, string? Explanation, decimal? Target, decimal? Tolerance, MetricStatus Status, SubmissionStatus? Submission)
{
    public bool HasValue => Value is not null;
}

/// <summary>A metric's months: the ones with a stored value, oldest first, and a point for any month asked about.</summary>
public sealed class MetricSeries(SeriesMetric metric, IReadOnlyList<SeriesPoint> stored, IReadOnlyDictionary<DateOnly, decimal?> lookback)
{
    private readonly Dictionary<DateOnly, SeriesPoint> byMonth = stored.ToDictionary(p => p.Month);

    public SeriesMetric Metric { get; } = metric;

    /// <summary>Months in the range that have a stored value row (the value itself may be null), oldest first.</summary>
    public IReadOnlyList<SeriesPoint> Stored { get; } = stored;

    /// <summary>Months in the range with a value, oldest first.</summary>
    public IEnumerable<SeriesPoint> Values => Stored.Where(p => p.HasValue);

    /// <summary>
    /// The month's point; a missing month still carries its fiscal year's target, with no value and no
    /// status, so a gap reads as a gap rather than as the last known value.
    /// </summary>
    public SeriesPoint At(DateOnly month)
    {
        if (byMonth.TryGetValue(month, out var point)) return point;
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var target = Metric.TargetFor(fy);
        return new SeriesPoint(month, fy, null, null, target?.Target, target?.Tolerance, MetricStatus.None, null);
    }

    /// <summary>The value of the month before, including the extra month loaded by <see cref="MetricSeriesRequest.WithPreviousMonth"/>.</summary>
    public decimal? PreviousValue(DateOnly month)
    {
        var previous = month.AddMonths(-1);
        return byMonth.TryGetValue(previous, out var point) ? point.Value : lookback.GetValueOrDefault(previous);
    }

    /// <summary>Every calendar month from <paramref name="from"/> to <paramref name="to"/>, missing months included.</summary>
    public IReadOnlyList<SeriesPoint> Months(DateOnly from, DateOnly to)
    {
        var points = new List<SeriesPoint>();
        for (var m = from; m <= to; m = m.AddMonths(1)) points.Add(At(m));
        return points;
    }

    /// <summary>Approved values by month (months without a value left out), for averages over windows.</summary>
    public IReadOnlyDictionary<DateOnly, decimal> ValueByMonth() => Values.ToDictionary(p => p.Month, p => p.Value!.Value);
}

/// <summary>
/// The one query behind every use of approved metric values — scorecards, signals, evaluation
/// evidence, goal attainment, initiative results and the history export: units or metrics × months
/// → value, fiscal-year target, tolerance and status. Three round trips whatever the size.
/// </summary>
public class MetricSeriesQuery(AppDbContext db)
{
    public async Task<IReadOnlyList<MetricSeries>> LoadAsync(MetricSeriesRequest request, CancellationToken ct = default)
    {
        if (request.UnitIds is null && request.MetricIds is null) throw new ArgumentException("Name the units or the metrics of the series.", nameof(request));
        var from = request.From;
        var to = request.To;
        var loadFrom = request.WithPreviousMonth && from is { } f ? f.AddMonths(-1) : from;
        var approvedOnly = !request.IncludeUnapproved;

        var metrics = db.MetricDefinitions.AsNoTracking();
        if (request.UnitIds is { } unitIds) metrics = metrics.Where(m => unitIds.Contains(m.UnitId));
        if (request.MetricIds is { } metricIds) metrics = metrics.Where(m => metricIds.Contains(m.Id));
        if (request.KeyOnly) metrics = metrics.Where(m => m.IsKey);
        if (!request.IncludeInformational) metrics = metrics.Where(m => m.Direction != MetricDirection.Informational);
        metrics = request.Retired switch
        {
            RetiredMetrics.Exclude => metrics.Where(m => m.IsActive),
            RetiredMetrics.WhenReported => metrics.Where(m => m.IsActive || db.MetricValues.Any(v => v.MetricDefinitionId == m.Id && v.Value != null
                && (!approvedOnly || v.Submission!.Status == SubmissionStatus.Approved)
                && (from == null || v.Submission!.Month >= from) && (to == null || v.Submission!.Month <= to))),
            _ => metrics,
        };
        var rows = await metrics.OrderBy(m => m.SortOrder).ThenBy(m => m.Name).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.UnitId, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals, m.IsKey, m.IsActive, m.SortOrder,
                Targets = m.Targets.Select(t => new { t.FiscalYear, t.Target, t.Tolerance }).ToList(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(m => m.Id).ToList();

        var values = await db.MetricValues.AsNoTracking()
            .Where(v => ids.Contains(v.MetricDefinitionId) && (!approvedOnly || v.Submission!.Status == SubmissionStatus.Approved)
                        && (loadFrom == null || v.Submission!.Month >= loadFrom) && (to == null || v.Submission!.Month <= to))
            .Select(v => new { v.MetricDefinitionId, v.Submission!.Month, v.Submission.Status, v.Value, v.Explanation })
            .ToListAsync(ct);
        var valuesByMetric = values.ToLookup(v => v.MetricDefinitionId);

        return rows.Select(m =>
        {
            var metric = new SeriesMetric(m.Id, m.UnitId, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals, m.IsKey, m.IsActive, m.SortOrder,
                m.Targets.ToDictionary(t => t.FiscalYear, t => new SeriesTarget(t.Target, t.Tolerance)));
            var inRange = new List<SeriesPoint>();
            var lookback = new Dictionary<DateOnly, decimal?>();
            foreach (var v in valuesByMetric[m.Id].OrderBy(v => v.Month))
            {
                if (from is { } start && v.Month < start) { lookback[v.Month] = v.Value; continue; }
                var fy = DepartmentCalendar.FiscalYearOf(v.Month);
                var target = metric.TargetFor(fy);
                inRange.Add(new SeriesPoint(v.Month, fy, v.Value, v.Explanation, target?.Target, target?.Tolerance, metric.StatusOf(v.Value, target), v.Status));
            }
            return new MetricSeries(metric, inRange, lookback);
        }).ToList();
    }
}
