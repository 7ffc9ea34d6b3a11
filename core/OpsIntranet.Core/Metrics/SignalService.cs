using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

public sealed record MetricSignal(int UnitId, string UnitName, int MetricId, string MetricName, Signal Signal);

/// <summary>Trend signals for the units in scope as of a month, from approved data, in a fixed number of queries.</summary>
public class SignalService(AppDbContext db, Scorecards.ScorecardCache cache)
{
    /// <summary>Signals are computed from these tables only; the data version moves with each of them.</summary>
    public static readonly Scorecards.CachedRead SignalsRead = new("signals", typeof(Units.Unit), typeof(MetricDefinition), typeof(MetricTarget), typeof(MetricSubmission), typeof(MetricValue));

    public Task<IReadOnlyList<MetricSignal>> ForMonthAsync(Viewer scope, DateOnly month, int? unitId = null, CancellationToken ct = default) =>
        cache.GetOrCreateAsync(SignalsRead, $"{month}:{unitId}:{Scorecards.ScorecardService.ScopeKey(scope)}", () => ComputeAsync(scope, month, unitId, ct), ct);

    private async Task<IReadOnlyList<MetricSignal>> ComputeAsync(Viewer scope, DateOnly month, int? unitId, CancellationToken ct)
    {
        month = DepartmentCalendar.MonthOf(month);
        var from = month.AddMonths(-TrendSignals.BaselineMonths);
        var units = scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive));
        if (unitId is not null) units = units.Where(u => u.Id == unitId);
        var unitRows = await units.Select(u => new { u.Id, u.Name, u.SortOrder }).ToListAsync(ct);
        var ids = unitRows.Select(u => u.Id).ToList();

        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(from, month)
        {
            UnitIds = ids, IncludeInformational = false, Retired = RetiredMetrics.Exclude,
        }, ct);

        var result = new List<MetricSignal>();
        foreach (var unit in unitRows.OrderBy(u => u.SortOrder))
        {
            foreach (var m in series.Where(x => x.Metric.UnitId == unit.Id))
            {
                if (!m.At(month).HasValue) continue; // a signal is about the month being looked at
                // A month approved without a value is a gap, like a month not approved at all.
                var points = m.Months(from, month).Select(p => new TrendSignals.Point(p.Month, p.Value, p.Status)).ToList();
                foreach (var signal in TrendSignals.Evaluate(m.Metric.Direction, points))
                    result.Add(new MetricSignal(unit.Id, unit.Name, m.Metric.Id, m.Metric.Name, signal));
            }
        }
        return result;
    }
}
