using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

public sealed record MetricSignal(int UnitId, string UnitName, int MetricId, string MetricName, Signal Signal);

/// <summary>Trend signals for the units in scope as of a month, from approved data, in a fixed number of queries.</summary>
public class SignalService(AppDbContext db, Scorecards.ScorecardCache cache)
{
    public Task<IReadOnlyList<MetricSignal>> ForMonthAsync(Viewer scope, DateOnly month, int? unitId = null, CancellationToken ct = default) =>
        cache.GetOrCreateAsync($"signals:{month}:{unitId}:{Scorecards.ScorecardService.ScopeKey(scope)}", () => ComputeAsync(scope, month, unitId, ct), ct);

    private async Task<IReadOnlyList<MetricSignal>> ComputeAsync(Viewer scope, DateOnly month, int? unitId, CancellationToken ct)
    {
        month = DepartmentCalendar.MonthOf(month);
        var from = month.AddMonths(-TrendSignals.BaselineMonths);
        var units = scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive));
        if (unitId is not null) units = units.Where(u => u.Id == unitId);
        var unitRows = await units.Select(u => new { u.Id, u.Name, u.SortOrder }).ToListAsync(ct);
        var ids = unitRows.Select(u => u.Id).ToList();

        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => ids.Contains(m.UnitId) && m.IsActive && m.Direction != MetricDirection.Informational)
            .Select(m => new { m.Id, m.UnitId, m.Name, m.Direction, m.SortOrder, Targets = m.Targets.Select(t => new { t.FiscalYear, t.Target, t.Tolerance }).ToList() })
            .ToListAsync(ct);
        var values = (await db.MetricValues.AsNoTracking()
            .Where(v => v.Submission!.Status == SubmissionStatus.Approved && ids.Contains(v.Submission.UnitId)
                        && v.Submission.Month >= from && v.Submission.Month <= month && v.Value != null)
            .Select(v => new { v.MetricDefinitionId, v.Submission!.Month, v.Value })
            .ToListAsync(ct))
            .ToLookup(v => v.MetricDefinitionId);

        var result = new List<MetricSignal>();
        foreach (var unit in unitRows.OrderBy(u => u.SortOrder))
        {
            foreach (var m in metrics.Where(x => x.UnitId == unit.Id).OrderBy(x => x.SortOrder))
            {
                var byMonth = values[m.Id].ToDictionary(v => v.Month, v => v.Value);
                if (!byMonth.ContainsKey(month)) continue; // a signal is about the month being looked at
                var series = new List<TrendSignals.Point>();
                for (var p = from; p <= month; p = p.AddMonths(1))
                {
                    var v = byMonth.GetValueOrDefault(p);
                    var t = m.Targets.FirstOrDefault(x => x.FiscalYear == DepartmentCalendar.FiscalYearOf(p));
                    series.Add(new TrendSignals.Point(p, v, StatusRules.Evaluate(m.Direction, v, t?.Target, t?.Tolerance ?? 0)));
                }
                foreach (var signal in TrendSignals.Evaluate(m.Direction, series))
                    result.Add(new MetricSignal(unit.Id, unit.Name, m.Id, m.Name, signal));
            }
        }
        return result;
    }
}
