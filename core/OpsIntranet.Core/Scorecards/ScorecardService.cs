using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Scorecards;

/// <summary>The steps the viewer may take from a unit's page: enter (and import) its months, keep its metric definitions, set its goals.</summary>
public sealed record UnitSteps(bool EnterMonths, bool ManageMetrics, bool SetGoals);

/// <summary>A unit as its page shows it to the viewer, with the steps they may take.</summary>
public sealed record UnitPage(int UnitId, string Name, string Code, UnitSteps Can);

/// <summary>A line of the units list: an active unit the viewer sees, with its count of active metrics.</summary>
public sealed record UnitListRow(int Id, string Name, string Code, string? Description, int Metrics);

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

    /// <summary>The active units the viewer sees (<see cref="Viewer.Filter"/>), in the department's order.</summary>
    public async Task<IReadOnlyList<UnitListRow>> UnitsAsync(Viewer viewer, CancellationToken ct = default) =>
        await viewer.Filter(db.Units.AsNoTracking().Where(u => u.IsActive))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new UnitListRow(u.Id, u.Name, u.Code, u.Description, u.Metrics.Count(m => m.IsActive)))
            .ToListAsync(ct);

    /// <summary>A unit the viewer sees (<see cref="Viewer.Contains"/>), with their steps; null when it is missing or out of scope (404).</summary>
    public async Task<UnitPage?> UnitPageAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        if (!viewer.Contains(unitId)) return null;
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Name, u.Code, u.IsActive }).SingleOrDefaultAsync(ct);
        if (unit is null) return null;
        var month = viewer.ForMonth(unitId);
        // A deactivated unit's page shows its history; it offers no step that adds new data.
        return new UnitPage(unitId, unit.Name, unit.Code, new UnitSteps(EnterMonths: month.CanEdit && unit.IsActive, ManageMetrics: viewer.CanManageMetrics(unitId) && unit.IsActive, SetGoals: month.CanReview && unit.IsActive));
    }

    /// <summary>Scorecards are computed from these tables only; the data version moves with each of them.</summary>
    public static readonly CachedRead DepartmentRead = new("dept", typeof(Units.Unit), typeof(MetricDefinition), typeof(MetricTarget), typeof(MetricSubmission), typeof(MetricValue));
    public static readonly CachedRead UnitRead = new("unit", typeof(Units.Unit), typeof(MetricDefinition), typeof(MetricTarget), typeof(MetricSubmission), typeof(MetricValue));

    public Task<DepartmentScorecard> DepartmentAsync(DateOnly month, Viewer scope, bool keyMetricsOnly = true, CancellationToken ct = default) =>
        cache.GetOrCreateAsync(DepartmentRead, $"{month}:{keyMetricsOnly}:{ScopeKey(scope)}", () => ComputeDepartmentAsync(month, scope, keyMetricsOnly, ct), ct);

    public Task<UnitScorecard?> UnitAsync(int unitId, DateOnly month, int trendMonths = 24, CancellationToken ct = default) =>
        cache.GetOrCreateAsync(UnitRead, $"{unitId}:{month}:{trendMonths}", () => ComputeUnitAsync(unitId, month, trendMonths, ct), ct);

    internal static string ScopeKey(Viewer scope) => scope.AllUnits ? "all" : string.Join(",", scope.UnitIds.Order());

    private async Task<DepartmentScorecard> ComputeDepartmentAsync(DateOnly month, Viewer scope, bool keyMetricsOnly, CancellationToken ct)
    {
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var units = await scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name, u.Code })
            .ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var series = await new MetricSeriesQuery(db).LoadAsync(
            new MetricSeriesRequest(month, month) { UnitIds = unitIds, KeyOnly = keyMetricsOnly, WithPreviousMonth = true }, ct);
        var statuses = await db.MetricSubmissions.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId) && s.Month == month)
            .ToDictionaryAsync(s => s.UnitId, s => s.Status, ct);

        var rows = units.Select(u => new UnitScorecardRow(
            u.Id, u.Name, u.Code, statuses.TryGetValue(u.Id, out var st) ? st : null,
            series.Where(m => m.Metric.UnitId == u.Id).Select(m => Result(m, month)).ToList())).ToList();
        return new DepartmentScorecard(month, fy, rows);
    }

    /// <summary>A unit's scorecard for a month, with a trend of the previous <paramref name="trendMonths"/> months for each metric.</summary>
    private async Task<UnitScorecard?> ComputeUnitAsync(int unitId, DateOnly month, int trendMonths, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Id, u.Name, u.Code }).SingleOrDefaultAsync(ct);
        if (unit is null) return null;
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var from = month.AddMonths(-(trendMonths - 1));
        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(from, month) { UnitIds = [unitId], WithPreviousMonth = true }, ct);
        var status = await db.MetricSubmissions.AsNoTracking().Where(s => s.UnitId == unitId && s.Month == month)
            .Select(s => (SubmissionStatus?)s.Status).SingleOrDefaultAsync(ct);

        var results = series.Select(m => Result(m, month)).ToList();
        var trends = series.Zip(results).Select(pair => new MetricTrend(pair.Second,
            pair.First.Months(from, month).Select(p => new TrendPoint(p.Month, p.Value, p.Target, p.Status)).ToList())).ToList();
        return new UnitScorecard(unit.Id, unit.Name, unit.Code, month, fy, status, results, trends);
    }

    private static MetricResult Result(MetricSeries series, DateOnly month)
    {
        var m = series.Metric;
        var current = series.At(month);
        return new MetricResult(m.Id, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals,
            current.Value, series.PreviousValue(month), current.Target, current.Tolerance, current.Status, current.Explanation);
    }
}
