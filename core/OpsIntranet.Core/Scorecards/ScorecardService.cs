using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Scorecards;

/// <summary>
/// Builds scorecards from approved submissions only: a month that is still a draft or awaiting
/// approval shows no values, so nobody reports a number the manager has not signed off.
/// </summary>
public class ScorecardService(AppDbContext db, ScorecardCache cache)
{
    /// <summary>The latest month that has at least one approved submission in scope, or null when there is none.</summary>
    public async Task<DateOnly?> LatestApprovedMonthAsync(Viewer scope, CancellationToken ct = default)
    {
        var query = db.MetricSubmissions.Where(s => s.Status == SubmissionStatus.Approved);
        if (!scope.AllUnits) query = query.Where(s => scope.UnitIds.Contains(s.UnitId));
        return await query.MaxAsync(s => (DateOnly?)s.Month, ct);
    }

    public Task<DepartmentScorecard> DepartmentAsync(DateOnly month, Viewer scope, bool keyMetricsOnly = true, CancellationToken ct = default) =>
        cache.GetOrCreateAsync($"dept:{month}:{keyMetricsOnly}:{ScopeKey(scope)}", () => ComputeDepartmentAsync(month, scope, keyMetricsOnly, ct), ct);

    public Task<UnitScorecard?> UnitAsync(int unitId, DateOnly month, int trendMonths = 24, CancellationToken ct = default) =>
        cache.GetOrCreateAsync($"unit:{unitId}:{month}:{trendMonths}", () => ComputeUnitAsync(unitId, month, trendMonths, ct), ct);

    internal static string ScopeKey(Viewer scope) => scope.AllUnits ? "all" : string.Join(",", scope.UnitIds.Order());

    private async Task<DepartmentScorecard> ComputeDepartmentAsync(DateOnly month, Viewer scope, bool keyMetricsOnly, CancellationToken ct)
    {
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var units = await scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name, u.Code })
            .ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var metrics = await LoadMetricsAsync(unitIds, fy, keyMetricsOnly, month, month, ct);
        var values = await LoadApprovedValuesAsync(unitIds, month.AddMonths(-1), month, ct);
        var statuses = await db.MetricSubmissions.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId) && s.Month == month)
            .ToDictionaryAsync(s => s.UnitId, s => s.Status, ct);

        var rows = units.Select(u => new UnitScorecardRow(
            u.Id, u.Name, u.Code, statuses.TryGetValue(u.Id, out var st) ? st : null,
            metrics.Where(m => m.UnitId == u.Id).Select(m => Result(m, fy, values, month)).ToList())).ToList();
        return new DepartmentScorecard(month, fy, rows);
    }

    /// <summary>A unit's scorecard for a month, with a trend of the previous <paramref name="trendMonths"/> months for each metric.</summary>
    private async Task<UnitScorecard?> ComputeUnitAsync(int unitId, DateOnly month, int trendMonths, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Id, u.Name, u.Code }).SingleOrDefaultAsync(ct);
        if (unit is null) return null;
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var from = month.AddMonths(-(trendMonths - 1));
        var metrics = await LoadMetricsAsync([unitId], fy, keyMetricsOnly: false, from, month, ct, targetsFromFiscalYear: DepartmentCalendar.FiscalYearOf(from));
        var values = await LoadApprovedValuesAsync([unitId], from.AddMonths(-1), month, ct);
        var status = await db.MetricSubmissions.AsNoTracking().Where(s => s.UnitId == unitId && s.Month == month)
            .Select(s => (SubmissionStatus?)s.Status).SingleOrDefaultAsync(ct);

        var results = metrics.Select(m => Result(m, fy, values, month)).ToList();
        var trends = metrics.Zip(results).Select(pair =>
        {
            var (m, result) = pair;
            var points = new List<TrendPoint>(trendMonths);
            for (var p = from; p <= month; p = p.AddMonths(1))
            {
                var t = m.Targets.GetValueOrDefault(DepartmentCalendar.FiscalYearOf(p));
                var v = values.GetValueOrDefault((m.Id, p));
                points.Add(new TrendPoint(p, v?.Value, t?.Target, StatusRules.Evaluate(m.Direction, v?.Value, t?.Target, t?.Tolerance ?? 0)));
            }
            return new MetricTrend(result, points);
        }).ToList();
        return new UnitScorecard(unit.Id, unit.Name, unit.Code, month, fy, status, results, trends);
    }

    private sealed record TargetRow(decimal Target, decimal Tolerance);

    private sealed record MetricRow(
        int Id, int UnitId, string Code, string Name, string? Description, UnitOfMeasure Uom, MetricDirection Direction, int Decimals,
        Dictionary<int, TargetRow> Targets);

    private sealed record ValueRow(decimal? Value, string? Explanation);

    private async Task<List<MetricRow>> LoadMetricsAsync(List<int> unitIds, int fiscalYear, bool keyMetricsOnly, DateOnly periodFrom, DateOnly periodTo, CancellationToken ct, int? targetsFromFiscalYear = null)
    {
        var fromFy = targetsFromFiscalYear ?? fiscalYear;
        // A metric retired since still belongs on the scorecards of the months it was reported in.
        var query = db.MetricDefinitions.AsNoTracking().Where(m => unitIds.Contains(m.UnitId)
            && (m.IsActive || db.MetricValues.Any(v => v.MetricDefinitionId == m.Id && v.Value != null
                && v.Submission!.Month >= periodFrom && v.Submission.Month <= periodTo)));
        if (keyMetricsOnly) query = query.Where(m => m.IsKey);
        var rows = await query.OrderBy(m => m.SortOrder).ThenBy(m => m.Name)
            .Select(m => new
            {
                m.Id, m.UnitId, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals,
                Targets = m.Targets.Where(t => t.FiscalYear >= fromFy && t.FiscalYear <= fiscalYear)
                    .Select(t => new { t.FiscalYear, t.Target, t.Tolerance }).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(m => new MetricRow(m.Id, m.UnitId, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals,
            m.Targets.ToDictionary(t => t.FiscalYear, t => new TargetRow(t.Target, t.Tolerance)))).ToList();
    }

    private async Task<Dictionary<(int MetricId, DateOnly Month), ValueRow>> LoadApprovedValuesAsync(List<int> unitIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.MetricValues.AsNoTracking()
            .Where(v => v.Submission!.Status == SubmissionStatus.Approved && unitIds.Contains(v.Submission.UnitId)
                        && v.Submission.Month >= from && v.Submission.Month <= to)
            .Select(v => new { v.MetricDefinitionId, v.Submission!.Month, v.Value, v.Explanation })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.MetricDefinitionId, r.Month), r => new ValueRow(r.Value, r.Explanation));
    }

    private static MetricResult Result(MetricRow m, int fiscalYear, Dictionary<(int, DateOnly), ValueRow> values, DateOnly month)
    {
        var target = m.Targets.GetValueOrDefault(fiscalYear);
        var current = values.GetValueOrDefault((m.Id, month));
        var previous = values.GetValueOrDefault((m.Id, month.AddMonths(-1)));
        var status = StatusRules.Evaluate(m.Direction, current?.Value, target?.Target, target?.Tolerance ?? 0);
        return new MetricResult(m.Id, m.Code, m.Name, m.Description, m.Uom, m.Direction, m.Decimals,
            current?.Value, previous?.Value, target?.Target, target?.Tolerance, status, current?.Explanation);
    }
}
