using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Core.Reports;

/// <summary>What the reports page offers the viewer: the units they may report on, in the department's order.</summary>
public sealed record ReportChoices(IReadOnlyList<ReportUnit> Units, bool AllUnits);

/// <summary>
/// Builds the continuous-improvement report for a period and a set of units the viewer may read
/// (managers: their units; leadership, administrators and scheduled work: all). Every figure comes from
/// approved months through <see cref="MetricSeriesQuery"/> and the product's own rules.
/// </summary>
public class ImprovementReportQuery(AppDbContext db, SignalService signals, GoalService goals, TimeProvider clock, IOptions<MetricsOptions> options)
{
    /// <summary>The largest changes listed in the executive summary.</summary>
    public const int MoversListed = 5;

    /// <summary>Months of trend charted up to the period's last month: a year and the same month the year before.</summary>
    public const int TrendMonths = 13;

    /// <summary>The units the viewer may choose, or null when the report is not theirs to ask for (supervisors, people without a role).</summary>
    public async Task<ReportChoices?> ChoicesAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.CanReadImprovementReport) return null;
        var units = await viewer.Filter(db.Units.AsNoTracking().Where(u => u.IsActive)).OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new ReportUnit(u.Id, u.Name, u.Code)).ToListAsync(ct);
        return new ReportChoices(units, viewer.AllUnits);
    }

    /// <summary>The latest month with an approved submission in the viewer's units, the default a report starts from.</summary>
    public async Task<DateOnly?> LatestApprovedMonthAsync(Viewer viewer, CancellationToken ct = default)
    {
        var units = viewer.Filter(db.Units.AsNoTracking()).Select(u => u.Id);
        return await db.MetricSubmissions.AsNoTracking().Where(s => s.Status == SubmissionStatus.Approved && units.Contains(s.UnitId)).MaxAsync(s => (DateOnly?)s.Month, ct);
    }

    /// <summary>
    /// The report, or null when the viewer may not ask for it or a unit is missing, inactive or outside
    /// their scope (the caller answers "not there", so ids cannot be probed). The period is taken as given;
    /// the page refuses periods that have not ended.
    /// </summary>
    public async Task<ImprovementReport?> LoadAsync(Viewer viewer, IReadOnlyCollection<int> unitIds, ReportPeriod period, CancellationToken ct = default)
    {
        if (await ChoicesAsync(viewer, ct) is not { } choices) return null;
        var wanted = unitIds.Distinct().ToHashSet();
        if (wanted.Count == 0 || !wanted.All(id => choices.Units.Any(u => u.Id == id))) return null;
        var units = choices.Units.Where(u => wanted.Contains(u.Id)).ToList();
        var ids = units.Select(u => u.Id).ToList();
        var scope = viewer.OnlyUnits(ids);
        var today = DepartmentCalendar.Today(clock);
        var previous = period.Previous;
        var trendFrom = period.To.AddMonths(-(TrendMonths - 1));
        var loadFrom = trendFrom < previous.From ? trendFrom : previous.From;

        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(loadFrom, period.To) { UnitIds = ids, Retired = RetiredMetrics.WhenReported }, ct);
        // A retired metric belongs to the periods it was reported in.
        series = series.Where(s => s.Metric.IsActive || s.Values.Any(p => p.Month >= period.From)).ToList();
        var results = series.ToDictionary(s => s.Metric.Id, s => Result(s, period));

        var sections = units.Select(u => new UnitSection(u,
            series.Where(s => s.Metric.UnitId == u.Id).Select(s => results[s.Metric.Id]).ToList(),
            series.Where(s => s.Metric.UnitId == u.Id).Select(s => Trend(s, trendFrom, period.To)).ToList())).ToList();
        var all = results.Values.ToList();
        var summary = new ExecutiveSummary(
            StatusCounts.Count(all.Select(r => r.Status)), StatusCounts.Count(all.Select(r => r.PreviousStatus)),
            Movers(all, units), await LateAsync(units, period, today, ct));

        var goalRows = (await goals.ListAsync(scope, period.FiscalYear, null, ct)).Where(g => wanted.Contains(g.UnitId)).ToList();
        return new ImprovementReport(period, units, viewer.AllUnits && units.Count == choices.Units.Count, clock.GetUtcNow(), summary, sections,
            await SignalsAsync(scope, period, ct), goalRows, await InitiativesAsync(ids, period, ct), await ProjectsAsync(period, today, ct));
    }

    private static MetricPeriodResult Result(MetricSeries s, ReportPeriod period)
    {
        var m = s.Metric;
        var values = s.ValueByMonth();
        var current = ImprovementMath.Average(values, period.From, period.To, m.Decimals);
        var previous = ImprovementMath.Average(values, period.Previous.From, period.Previous.To, m.Decimals);
        var target = m.TargetFor(period.FiscalYear);
        var previousTarget = m.TargetFor(period.Previous.FiscalYear);
        return new MetricPeriodResult(m.Id, m.UnitId, m.Name, m.UnitOfMeasure, m.Direction, m.Decimals, m.IsKey,
            current.Average, current.Months, previous.Average, target?.Target, m.StatusOf(current.Average, target), m.StatusOf(previous.Average, previousTarget), previousTarget?.Target);
    }

    private static MetricTrend Trend(MetricSeries s, DateOnly from, DateOnly to)
    {
        var m = s.Metric;
        var last = s.At(to);
        var result = new MetricResult(m.Id, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals,
            last.Value, s.PreviousValue(to), last.Target, last.Tolerance, last.Status, last.Explanation);
        return new MetricTrend(result, s.Months(from, to).Select(p => new TrendPoint(p.Month, p.Value, p.Target, p.Status)).ToList());
    }

    /// <summary>
    /// The largest changes from the previous period among metrics with a target and a value in both,
    /// measured as a share of the target so a 2-point move on a 5% target outranks a 2-point move on 80%.
    /// </summary>
    internal static IReadOnlyList<Mover> Movers(IReadOnlyList<MetricPeriodResult> results, IReadOnlyList<ReportUnit> units)
    {
        var order = units.Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return results
            .Where(r => r.Direction != MetricDirection.Informational && r.Value is not null && r.PreviousValue is not null && r.Target is not null && r.Value != r.PreviousValue)
            .Select(r =>
            {
                var change = r.Value!.Value - r.PreviousValue!.Value;
                var scale = r.Target!.Value != 0 ? Math.Abs(r.Target.Value) : Math.Abs(r.PreviousValue.Value) is var p && p != 0 ? p : 1;
                var better = r.Direction == MetricDirection.HigherIsBetter ? change > 0 : change < 0;
                return (Result: r, Change: change, Size: Math.Abs(change) / scale, Better: better);
            })
            .OrderByDescending(x => x.Size).ThenBy(x => order[x.Result.UnitId]).ThenBy(x => x.Result.Name, StringComparer.Ordinal)
            .Take(MoversListed)
            .Select(x => new Mover(units.First(u => u.Id == x.Result.UnitId).Name, x.Result, x.Change, x.Better, MoverWords(x.Result, x.Better)))
            .ToList();
    }

    /// <summary>Which way a metric moved relative to its target: toward or away from it, or on the far side of it.</summary>
    internal static string MoverWords(MetricPeriodResult r, bool better)
    {
        var metBefore = r.PreviousTarget is { } before && Meets(r.Direction, r.PreviousValue!.Value, before);
        var metNow = Meets(r.Direction, r.Value!.Value, r.Target!.Value);
        return better
            ? metBefore ? "Improved further past target" : metNow ? "Improved and now meets target" : "Improved toward target"
            : metNow ? "Worsened but still meets target" : metBefore ? "Worsened and no longer meets target" : "Worsened away from target";
    }

    private static bool Meets(MetricDirection direction, decimal value, decimal target) => direction == MetricDirection.LowerIsBetter ? value <= target : value >= target;

    /// <summary>
    /// Months of the period a unit sent in after the due day, judged by the first submission (a month sent on
    /// time and later returned is not late), or had not sent by a due date that has passed.
    /// </summary>
    private async Task<IReadOnlyList<LateUnit>> LateAsync(IReadOnlyList<ReportUnit> units, ReportPeriod period, DateOnly today, CancellationToken ct)
    {
        var ids = units.Select(u => u.Id).ToList();
        // Units with no active metric have nothing to submit.
        var submitting = (await db.MetricDefinitions.AsNoTracking().Where(m => ids.Contains(m.UnitId) && m.IsActive).Select(m => m.UnitId).Distinct().ToListAsync(ct)).ToHashSet();
        var submissions = await db.MetricSubmissions.AsNoTracking().Where(s => ids.Contains(s.UnitId) && s.Month >= period.From && s.Month <= period.To)
            .Select(s => new { s.Id, s.UnitId, s.Month, s.SubmittedAt }).ToListAsync(ct);
        var first = await MonthlyDeadlines.FirstSubmittedAsync(db, submissions.Select(s => s.Id).ToList(), ct);
        var byKey = submissions.ToDictionary(s => (s.UnitId, s.Month));
        var dueDay = options.Value.DueDay;
        var late = new List<LateUnit>();
        foreach (var unit in units.Where(u => submitting.Contains(u.Id)))
        {
            var months = new List<LateMonth>();
            foreach (var month in period.Months())
            {
                var due = MonthlyDeadlines.DueDate(month, dueDay);
                var s = byKey.GetValueOrDefault((unit.Id, month));
                var sent = s is null ? null : first.TryGetValue(s.Id, out var at) ? at : s.SubmittedAt;
                if (sent is null)
                {
                    if (today > due) months.Add(new LateMonth(month, due, null));
                }
                else if (MonthlyDeadlines.WasSubmittedLate(sent, month, dueDay))
                {
                    months.Add(new LateMonth(month, due, DateOnly.FromDateTime(DepartmentCalendar.ToLocal(sent.Value))));
                }
            }
            if (months.Count > 0) late.Add(new LateUnit(unit.Id, unit.Name, months));
        }
        return late;
    }

    /// <summary>The signals that fired for each month of the period, with what was done: an initiative started from it, a dismissal with its reason, or an initiative already on the metric.</summary>
    private async Task<IReadOnlyList<ReportSignal>> SignalsAsync(Viewer scope, ReportPeriod period, CancellationToken ct)
    {
        var fired = new List<MetricSignal>();
        foreach (var month in period.Months()) fired.AddRange(await signals.ForMonthAsync(scope, month, null, ct));
        if (fired.Count == 0) return [];
        var metricIds = fired.Select(s => s.MetricId).Distinct().ToList();
        var dismissals = await db.SignalDismissals.AsNoTracking().Where(d => metricIds.Contains(d.MetricDefinitionId)).ToListAsync(ct);
        var initiatives = await db.Initiatives.AsNoTracking().Where(i => i.MetricDefinitionId != null && metricIds.Contains(i.MetricDefinitionId.Value))
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Title, MetricId = i.MetricDefinitionId!.Value, i.SignalKind, i.SignalMonth, i.Status, i.StartDate }).ToListAsync(ct);
        return fired.OrderBy(s => s.Signal.Month).Select(s =>
        {
            var m = s.Signal.Month;
            if (initiatives.FirstOrDefault(i => i.MetricId == s.MetricId && i.SignalKind == s.Signal.Kind && i.SignalMonth == m) is { } started)
                return new ReportSignal(s.UnitName, s.MetricName, s.Signal.Kind, m, s.Signal.Description, SignalResponse.InitiativeStarted, started.Title, null, null, null);
            if (dismissals.FirstOrDefault(d => d.MetricDefinitionId == s.MetricId && d.Kind == s.Signal.Kind && d.Month == m) is { } d)
                return new ReportSignal(s.UnitName, s.MetricName, s.Signal.Kind, m, s.Signal.Description, SignalResponse.Dismissed, null, d.Reason, d.ByName,
                    DateOnly.FromDateTime(DepartmentCalendar.ToLocal(d.At)));
            // An initiative on the metric that was still open, or started after the signal, answers it too.
            if (initiatives.FirstOrDefault(i => i.MetricId == s.MetricId && (i.Status is InitiativeStatus.Active or InitiativeStatus.OnHold || i.StartDate >= m)) is { } working)
                return new ReportSignal(s.UnitName, s.MetricName, s.Signal.Kind, m, s.Signal.Description, SignalResponse.InitiativeUnderWay, working.Title, null, null, null);
            return new ReportSignal(s.UnitName, s.MetricName, s.Signal.Kind, m, s.Signal.Description, SignalResponse.NoActionYet, null, null, null, null);
        }).ToList();
    }

    /// <summary>Initiatives of the units that had started by the period's end and were still open in it, with results measured through the period's last month.</summary>
    private async Task<IReadOnlyList<ReportInitiative>> InitiativesAsync(IReadOnlyList<int> unitIds, ReportPeriod period, CancellationToken ct)
    {
        var end = DepartmentCalendar.EndOfMonth(period.To);
        var rows = await db.Initiatives.AsNoTracking()
            .Where(i => i.Units.Any(u => unitIds.Contains(u.UnitId)) && i.StartDate <= end
                        && (i.Status == InitiativeStatus.Active || i.Status == InitiativeStatus.OnHold || i.DueDate >= period.From || i.Updates.Any(u => u.Date >= period.From)))
            .OrderBy(i => i.StartDate).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.Title, Units = i.Units.OrderBy(u => u.Unit!.SortOrder).Select(u => u.Unit!.Name).ToList(),
                Owner = i.Owner == null ? null : i.Owner.FirstName + " " + i.Owner.LastName, i.MetricDefinitionId, i.Stage, i.Status, i.StartDate, i.DueDate,
                i.BaselineFrom, i.BaselineTo, i.Target,
            }).ToListAsync(ct);
        var metricIds = rows.Where(r => r.MetricDefinitionId != null).Select(r => r.MetricDefinitionId!.Value).Distinct().ToList();
        var series = metricIds.Count == 0 ? [] : (await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(null, period.To) { MetricIds = metricIds, Retired = RetiredMetrics.Include }, ct))
            .ToDictionary(s => s.Metric.Id);
        return rows.Select(r =>
        {
            if (r.MetricDefinitionId is not { } metricId || !series.TryGetValue(metricId, out var s))
                return new ReportInitiative(r.Id, r.Title, string.Join(", ", r.Units), r.Owner, null, r.Stage, r.Status, r.StartDate, r.DueDate, "—", "—", "—", "—", null, null);
            var m = s.Metric;
            string F(decimal? v) => MetricFormatting.Format(v, m.UnitOfMeasure, m.Decimals);
            var target = StatusWords.TargetText(m.Direction == MetricDirection.Informational ? MetricDirection.HigherIsBetter : m.Direction, r.Target, m.UnitOfMeasure, m.Decimals);
            if (r.BaselineFrom is not { } from || r.BaselineTo is not { } to)
                return new ReportInitiative(r.Id, r.Title, string.Join(", ", r.Units), r.Owner, m.Name, r.Stage, r.Status, r.StartDate, r.DueDate, "—", "—", "—", target, null, null);
            var result = ImprovementMath.Result(s.ValueByMonth(), m.Direction, m.Decimals, from, to, r.StartDate, period.To, r.Target);
            var change = result.Change is { } c ? ChangeWords.Format(c, m.UnitOfMeasure, m.Decimals) + (result.ChangePercent is { } p ? $" ({(p > 0 ? "+" : p < 0 ? "−" : "")}{Math.Abs(p):0.0}%)" : "") : "—";
            return new ReportInitiative(r.Id, r.Title, string.Join(", ", r.Units), r.Owner, m.Name, r.Stage, r.Status, r.StartDate, r.DueDate,
                result.Baseline.Average is null ? "No approved months" : $"{F(result.Baseline.Average)} ({result.Baseline.Months} mo.)",
                result.After.Average is null ? "No months since the start" : $"{F(result.After.Average)} ({result.After.Months} mo.)",
                change, target, result.TargetMet, result.Better);
        }).ToList();
    }

    /// <summary>Special projects and committees that ran during the period (they are the department's, not a unit's), with all their milestones.</summary>
    private async Task<IReadOnlyList<ReportProject>> ProjectsAsync(ReportPeriod period, DateOnly today, CancellationToken ct)
    {
        var end = DepartmentCalendar.EndOfMonth(period.To);
        var rows = await db.SpecialProjects.AsNoTracking().Where(p => p.StartDate <= end && (p.EndDate == null || p.EndDate >= period.From))
            .OrderBy(p => p.Kind).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Name, p.Kind, p.Status, Lead = p.Lead == null ? null : p.Lead.FirstName + " " + p.Lead.LastName, p.Purpose, p.StartDate, p.EndDate,
                Milestones = p.Entries.Where(e => e.Kind == ProjectEntryKind.Milestone).OrderBy(e => e.Date).ThenBy(e => e.Id).Select(e => new { e.Date, e.Title, e.Done }).ToList(),
            }).ToListAsync(ct);
        return rows.Select(p => new ReportProject(p.Name, p.Kind, p.Status, p.Lead, p.Purpose, p.StartDate, p.EndDate,
            p.Milestones.Select(m => new ReportMilestone(m.Date, m.Title, m.Done, !m.Done && m.Date < today)).ToList())).ToList();
    }
}
