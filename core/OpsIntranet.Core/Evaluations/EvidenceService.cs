using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Evaluations;

public sealed record MetricEvidence(string Name, int ApprovedMonths, int MonthsInPeriod, string? Average, string? Target, int Green, int Amber, int Red, MetricStatus Status)
{
    /// <summary>The status word of the period's average; an informational metric has no target here, so it reads "No target".</summary>
    public string StatusLabel => Status != MetricStatus.None ? StatusWords.Label(Status) : Average is null ? StatusWords.NoData : StatusWords.NoTarget;
}

public sealed record GoalEvidence(int FiscalYear, string Statement, int Weight, string Status, string? Attainment, bool? Met);

/// <summary>What the unit achieved in the evaluation period, from approved months only.</summary>
public sealed record EvaluationEvidence(string? UnitName, DateOnly FirstMonth, DateOnly LastMonth, DateTimeOffset ComputedAt, IReadOnlyList<MetricEvidence> Metrics, IReadOnlyList<GoalEvidence> Goals)
{
    public int GreenMonths => Metrics.Sum(m => m.Green);
    public int AmberMonths => Metrics.Sum(m => m.Amber);
    public int RedMonths => Metrics.Sum(m => m.Red);
}

/// <summary>
/// The evidence an evaluation pulls in: the unit's metric results against target over the period and
/// the attainment of its goals for the fiscal years the period touches. Months that are not approved
/// are left out and counted, so a half-reviewed period reads as such.
/// </summary>
public class EvidenceService(AppDbContext db, GoalService goals, TimeProvider clock)
{
    public async Task<EvaluationEvidence> ForAsync(int? unitId, DateOnly periodStart, DateOnly periodEnd, CancellationToken ct = default)
    {
        var first = DepartmentCalendar.MonthOf(periodStart);
        var last = DepartmentCalendar.MonthOf(periodEnd);
        var monthsInPeriod = (last.Year - first.Year) * 12 + last.Month - first.Month + 1;
        if (unitId is null) return new EvaluationEvidence(null, first, last, clock.GetUtcNow(), [], []);
        var unitName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(first, last) { UnitIds = [unitId.Value] }, ct);
        var metricRows = new List<MetricEvidence>();
        foreach (var s in series)
        {
            var m = s.Metric;
            var months = s.Values.ToList();
            // The period's standing target is the one in force at its end.
            var target = m.TargetInForce(DepartmentCalendar.FiscalYearOf(last));
            decimal? average = months.Count == 0 ? null : Math.Round(months.Average(v => v.Value!.Value), m.Decimals + 1, MidpointRounding.AwayFromZero);
            metricRows.Add(new MetricEvidence(m.Name, months.Count, monthsInPeriod,
                average is null ? null : m.Format(average.Value),
                m.Direction == MetricDirection.Informational || target is null ? null : m.TargetText(target),
                months.Count(p => p.Status == MetricStatus.Green), months.Count(p => p.Status == MetricStatus.Amber), months.Count(p => p.Status == MetricStatus.Red),
                m.StatusOf(average, target)));
        }

        var years = Enumerable.Range(DepartmentCalendar.FiscalYearOf(first), DepartmentCalendar.FiscalYearOf(last) - DepartmentCalendar.FiscalYearOf(first) + 1).ToList();
        var goalRows = new List<GoalEvidence>();
        foreach (var fy in years)
            foreach (var g in await goals.ListAsync(Access.Viewer.System, fy, unitId, ct))
                goalRows.Add(new GoalEvidence(fy, g.Statement, g.Weight, GoalService.Label(g.Status),
                    g.Attainment is { } a ? $"{a.ActualText} against {a.TargetText} ({a.Percent:0.#}% of target, {a.Months} approved months)" : null,
                    g.Attainment?.Met));
        return new EvaluationEvidence(unitName, first, last, clock.GetUtcNow(), metricRows, goalRows);
    }
}
