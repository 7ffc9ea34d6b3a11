using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Goals;

/// <summary>How far a goal linked to a metric has come: the fiscal year's approved months against the goal's target.</summary>
public sealed record Attainment(decimal Actual, decimal Target, MetricDirection Direction, int Months, bool Met, decimal Percent, string ActualText, string TargetText);

public sealed record GoalRow(
    int Id, int UnitId, string UnitName, int FiscalYear, string Statement, string? Owner, DateOnly DueDate, int Weight, GoalStatus Status,
    string? MetricName, Attainment? Attainment, DateOnly? LastUpdate, string? LastNote)
{
    /// <summary>Set when the stated status claims more than the computed attainment shows (on track or done, yet not met).</summary>
    public string? StatusWarning => Attainment is { Met: false } a && Status is GoalStatus.OnTrack or GoalStatus.Done
        ? $"{GoalService.Label(Status)} — but attainment is {StatusWords.Met(false)} ({a.ActualText} vs target {a.TargetText})"
        : null;
}

public sealed record GoalInput(string? Statement, int? OwnerEmployeeId, DateOnly? DueDate, int? Weight, GoalStatus Status, int? MetricDefinitionId, string? MetricTarget);

public sealed record GoalResult(bool Succeeded, int? GoalId, IReadOnlyDictionary<string, string> Errors, string? Error)
{
    public static GoalResult Ok(int id) => new(true, id, new Dictionary<string, string>(), null);
    public static GoalResult Invalid(Dictionary<string, string> errors) => new(false, null, errors, "Some fields need attention; nothing was saved.");
    public static GoalResult Fail(string error) => new(false, null, new Dictionary<string, string>(), error);
    /// <summary>The goal or unit is not there for this person (the page answers 404).</summary>
    public bool NotFound { get; init; }
    public static readonly GoalResult Missing = new(false, null, new Dictionary<string, string>(), null) { NotFound = true };
}

/// <summary>The steps the viewer may take with a unit's goal: add a progress update (whoever enters the unit's data) and edit it (the unit's managers).</summary>
public sealed record GoalSteps(bool AddUpdate, bool Edit);

/// <summary>A goal with its attainment, its progress updates newest first, and the viewer's steps.</summary>
public sealed record GoalDetails(GoalRow Goal, IReadOnlyList<GoalUpdate> Updates, GoalSteps Can);

/// <summary>What the goal form needs: the unit, the goal being edited (null for a new one), and the owners and metrics it may link.</summary>
public sealed record GoalEditing(int UnitId, string UnitName, UnitGoal? Goal, IReadOnlyList<(int Id, string Name)> Owners, IReadOnlyList<(int Id, string Name)> Metrics);

/// <summary>Unit goals and objectives per fiscal year, their progress updates, and attainment computed from approved data.</summary>
public class GoalService(AppDbContext db, TimeProvider clock)
{
    public const int MaxStatement = 1000;
    public const int MaxNote = 2000;

    public async Task<IReadOnlyList<GoalRow>> ListAsync(Viewer scope, int fiscalYear, int? unitId = null, CancellationToken ct = default)
    {
        var units = scope.Filter(db.Units.AsNoTracking()).Select(u => u.Id);
        var query = db.UnitGoals.AsNoTracking().Where(g => g.FiscalYear == fiscalYear && units.Contains(g.UnitId));
        if (unitId is not null) query = query.Where(g => g.UnitId == unitId);
        var goals = await query.OrderBy(g => g.Unit!.SortOrder).ThenBy(g => g.DueDate).ThenBy(g => g.Id)
            .Select(g => new
            {
                g.Id, g.UnitId, UnitName = g.Unit!.Name, g.FiscalYear, g.Statement, Owner = g.Owner == null ? null : g.Owner.FirstName + " " + g.Owner.LastName,
                g.DueDate, g.Weight, g.Status, g.MetricDefinitionId, MetricName = g.Metric == null ? null : g.Metric.Name, g.MetricTarget,
                Last = g.Updates.OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).Select(u => new { u.Date, u.Note }).FirstOrDefault(),
            }).ToListAsync(ct);
        var attainment = await AttainmentAsync(goals.Where(g => g.MetricDefinitionId != null).Select(g => (g.Id, g.MetricDefinitionId!.Value, g.MetricTarget, g.FiscalYear)).ToList(), ct);
        return goals.Select(g => new GoalRow(g.Id, g.UnitId, g.UnitName, g.FiscalYear, g.Statement, g.Owner, g.DueDate, g.Weight, g.Status, g.MetricName,
            attainment.GetValueOrDefault(g.Id), g.Last?.Date, g.Last?.Note)).ToList();
    }

    /// <summary>A goal as the viewer may read it (the unit's scope); null when it is missing or out of scope (404).</summary>
    public async Task<GoalDetails?> DetailsAsync(Viewer viewer, int goalId, CancellationToken ct = default)
    {
        var goal = await db.UnitGoals.AsNoTracking().Where(g => g.Id == goalId).Select(g => new { g.UnitId, g.FiscalYear }).SingleOrDefaultAsync(ct);
        if (goal is null) return null;
        var month = viewer.ForMonth(goal.UnitId);
        if (!month.CanView) return null;
        var row = (await ListAsync(viewer, goal.FiscalYear, goal.UnitId, ct)).Single(g => g.Id == goalId);
        var updates = await db.GoalUpdates.AsNoTracking().Where(u => u.GoalId == goalId).OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).ToListAsync(ct);
        return new GoalDetails(row, updates, new GoalSteps(AddUpdate: month.CanEdit, Edit: month.CanReview));
    }

    /// <summary>
    /// The goal form for a new goal of a unit, or for an existing goal (its own unit wins over the route's):
    /// only the unit's managers (<see cref="MonthPermissions.CanReview"/>); null for anyone else, or when missing (404).
    /// </summary>
    public async Task<GoalEditing?> EditingAsync(Viewer viewer, int? unitId, int? goalId, CancellationToken ct = default)
    {
        UnitGoal? goal = null;
        if (goalId is { } id)
        {
            goal = await db.UnitGoals.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (goal is null) return null;
            unitId = goal.UnitId;
        }
        if (unitId is not { } unit || !viewer.ForMonth(unit).CanReview) return null;
        var found = await db.Units.AsNoTracking().Where(u => u.Id == unit).Select(u => new { u.Name, u.IsActive }).SingleOrDefaultAsync(ct);
        // A deactivated unit takes no new goal (its page offers none); its existing goals are still kept up to date.
        if (found is null || goal is null && !found.IsActive) return null;
        var name = found.Name;
        var owners = await OwnerChoicesAsync(unit, goal?.OwnerEmployeeId, ct);
        var metrics = (await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unit && m.IsActive).OrderBy(m => m.SortOrder)
            .Select(m => new { m.Id, m.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name)).ToList();
        return new GoalEditing(unit, name, goal, owners, metrics);
    }

    /// <summary>
    /// Attainment of metric-linked goals: the average of the fiscal year's approved months, judged
    /// against the goal's own target (or the metric's target for the year) with no tolerance.
    /// </summary>
    public async Task<Dictionary<int, Attainment>> AttainmentAsync(IReadOnlyList<(int GoalId, int MetricId, decimal? Target, int FiscalYear)> goals, CancellationToken ct = default)
    {
        var result = new Dictionary<int, Attainment>();
        if (goals.Count == 0) return result;
        var metricIds = goals.Select(g => g.MetricId).Distinct().ToList();
        var years = goals.Select(g => g.FiscalYear).Distinct().ToList();
        var series = (await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(DepartmentCalendar.FiscalYearStart(years.Min()), DepartmentCalendar.FiscalYearEnd(years.Max()))
        {
            MetricIds = metricIds, Retired = RetiredMetrics.Include,
        }, ct)).ToDictionary(s => s.Metric.Id);
        foreach (var (goalId, metricId, goalTarget, fy) in goals)
        {
            var metric = series[metricId].Metric;
            var target = goalTarget ?? metric.TargetFor(fy)?.Target;
            var months = series[metricId].Values.Where(p => p.FiscalYear == fy).Select(p => p.Value!.Value).ToList();
            if (target is null || months.Count == 0 || metric.Direction == MetricDirection.Informational && goalTarget is null) continue;
            result[goalId] = Compute(metric.Direction, metric.UnitOfMeasure, metric.Decimals, months, target.Value);
        }
        return result;
    }

    public static Attainment Compute(MetricDefinition metric, IReadOnlyList<decimal> months, decimal target) =>
        Compute(metric.Direction, metric.UnitOfMeasure, metric.Decimals, months, target);

    private static Attainment Compute(MetricDirection metricDirection, UnitOfMeasure unit, int decimals, IReadOnlyList<decimal> months, decimal target)
    {
        var actual = Math.Round(months.Average(), decimals + 1, MidpointRounding.AwayFromZero);
        // Informational metrics with a goal target (e.g. rebates processed) count "more is better".
        var direction = metricDirection == MetricDirection.Informational ? MetricDirection.HigherIsBetter : metricDirection;
        var met = StatusRules.Evaluate(direction, actual, target, 0) == MetricStatus.Green;
        var percent = direction == MetricDirection.HigherIsBetter
            ? (target == 0 ? 100 : actual / target * 100)
            : (actual == 0 ? 100 : target / actual * 100);
        return new Attainment(actual, target, direction, months.Count, met, Math.Round(Math.Clamp(percent, 0, 999), 1),
            MetricFormatting.Format(actual, unit, decimals), StatusWords.TargetText(direction, target, unit, decimals));
    }

    /// <summary>Who may own a goal of the unit: its people (<see cref="UnitPeople"/>), and the goal's current owner.</summary>
    public async Task<List<(int Id, string Name)>> OwnerChoicesAsync(int unitId, int? currentOwner, CancellationToken ct = default) =>
        (await UnitPeople.In(db, [unitId]).AndAlso(db, currentOwner).OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)).ToList();

    /// <summary>Creates or edits a goal: the unit's managers (<see cref="MonthPermissions.CanReview"/>); anyone else finds no such goal.</summary>
    public async Task<GoalResult> SaveAsync(Viewer viewer, int unitId, int fiscalYear, int? goalId, uint? version, GoalInput input, CancellationToken ct = default)
    {
        if (!viewer.ForMonth(unitId).CanReview) return GoalResult.Missing;
        if (goalId is { } id && !await db.UnitGoals.AnyAsync(g => g.Id == id && g.UnitId == unitId, ct)) return GoalResult.Missing;
        if (goalId is null && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) return GoalResult.Missing;
        var actor = viewer.Actor;
        return goalId is not null ? await DoSaveAsync(unitId, fiscalYear, goalId, version, input, actor, ct)
            : await Once(FormKinds.Goal, () => DoSaveAsync(unitId, fiscalYear, null, null, input, actor, ct), ct);
    }

    private Task<GoalResult> Once(string kind, Func<Task<GoalResult>> create, CancellationToken ct) =>
        db.OnceAsync(kind, create, r => r.Succeeded ? r.GoalId : null, GoalResult.Ok, () => GoalResult.Fail("This form was already used for something else; reload the page and fill it in again."), ct);

    private async Task<GoalResult> DoSaveAsync(int unitId, int fiscalYear, int? goalId, uint? version, GoalInput input, Actor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var statement = input.Statement?.Trim() ?? "";
        if (statement.Length == 0) errors["Statement"] = "Write the goal.";
        else if (statement.Length > MaxStatement) errors["Statement"] = $"Keep the goal under {MaxStatement:N0} characters.";
        else if (TextRules.Unstorable(statement) is { } unstorable) errors["Statement"] = unstorable;
        if (input.DueDate is null) errors["DueDate"] = "Give a due date.";
        else if (input.DueDate < DepartmentCalendar.FiscalYearStart(fiscalYear) || input.DueDate > DepartmentCalendar.FiscalYearEnd(fiscalYear))
            errors["DueDate"] = $"The due date must fall in FY{fiscalYear} ({DepartmentCalendar.FiscalYearStart(fiscalYear):MMM d, yyyy} – {DepartmentCalendar.FiscalYearEnd(fiscalYear):MMM d, yyyy}).";
        if (input.Weight is null or < 0 or > 100) errors["Weight"] = "The weight is a whole number from 0 to 100.";
        if (!Enum.IsDefined(input.Status)) errors["Status"] = "Choose a status.";
        if (input.OwnerEmployeeId is { } owner)
        {
            // The form is not trusted: the owner must be one of the unit's people (or, unchanged, the goal's current owner).
            var current = goalId is null ? null : await db.UnitGoals.Where(g => g.Id == goalId && g.UnitId == unitId).Select(g => g.OwnerEmployeeId).SingleOrDefaultAsync(ct);
            var allowed = owner == current ? db.Employees.Where(e => e.IsActive) : UnitPeople.In(db, [unitId]);
            if (!await allowed.AnyAsync(e => e.Id == owner, ct))
                errors["OwnerEmployeeId"] = "Choose the owner from the list: an active employee of this unit, or one of its supervisors or managers.";
        }

        MetricDefinition? metric = null;
        decimal? metricTarget = null;
        if (input.MetricDefinitionId is { } metricId)
        {
            metric = await db.MetricDefinitions.AsNoTracking().SingleOrDefaultAsync(m => m.Id == metricId && m.UnitId == unitId, ct);
            if (metric is null) errors["MetricDefinitionId"] = "Choose one of this unit's metrics.";
        }
        if (!string.IsNullOrWhiteSpace(input.MetricTarget))
        {
            if (metric is null) { if (!errors.ContainsKey("MetricDefinitionId")) errors["MetricTarget"] = "A target needs a linked metric."; }
            else
            {
                var parsed = MetricValueRules.Parse(metric, input.MetricTarget);
                if (parsed.Error is not null) errors["MetricTarget"] = parsed.Error;
                else metricTarget = parsed.Value;
            }
        }
        if (errors.Count == 0)
        {
            var others = await db.UnitGoals.Where(g => g.UnitId == unitId && g.FiscalYear == fiscalYear && g.Id != (goalId ?? 0)).SumAsync(g => g.Weight, ct);
            if (others + input.Weight!.Value > 100)
                errors["Weight"] = $"The unit's FY{fiscalYear} goals would weigh {others + input.Weight.Value} in all; the weights add up to 100 at most ({100 - others} left).";
        }
        if (errors.Count > 0) return GoalResult.Invalid(errors);

        UnitGoal goal;
        if (goalId is null)
        {
            goal = new UnitGoal { UnitId = unitId, FiscalYear = fiscalYear, Statement = statement, CreatedAt = clock.GetUtcNow(), CreatedByUserId = actor.UserId };
            db.UnitGoals.Add(goal);
        }
        else
        {
            goal = await db.UnitGoals.SingleOrDefaultAsync(g => g.Id == goalId && g.UnitId == unitId, ct) ?? throw new InvalidOperationException("Goal not found.");
            if (version != goal.Version) return GoalResult.Fail("Someone changed this goal while you were editing it. Nothing was saved; reload it to see their changes.");
        }
        goal.Statement = statement;
        goal.OwnerEmployeeId = input.OwnerEmployeeId;
        goal.DueDate = input.DueDate!.Value;
        goal.Weight = input.Weight!.Value;
        goal.Status = input.Status;
        goal.MetricDefinitionId = metric?.Id;
        goal.MetricTarget = metricTarget;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return GoalResult.Fail("Someone changed this goal while you were editing it. Nothing was saved; reload it to see their changes.");
        }
        return GoalResult.Ok(goal.Id);
    }

    /// <summary>Adds a progress update: whoever enters the unit's data (<see cref="MonthPermissions.CanEdit"/>); anyone else finds no such goal.</summary>
    public async Task<GoalResult> AddUpdateAsync(Viewer viewer, int goalId, DateOnly? date, string? note, GoalStatus status, CancellationToken ct = default)
    {
        var unitId = await db.UnitGoals.Where(g => g.Id == goalId).Select(g => (int?)g.UnitId).SingleOrDefaultAsync(ct);
        if (unitId is null || !viewer.ForMonth(unitId.Value).CanEdit) return GoalResult.Missing;
        return await Once(FormKinds.GoalUpdate, () => DoAddUpdateAsync(goalId, date, note, status, viewer.Actor, ct), ct);
    }

    private async Task<GoalResult> DoAddUpdateAsync(int goalId, DateOnly? date, string? note, GoalStatus status, Actor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var text = note?.Trim() ?? "";
        var today = DepartmentCalendar.Today(clock);
        if (text.Length == 0) errors["Note"] = "Say what has happened.";
        else if (text.Length > MaxNote) errors["Note"] = $"Keep the update under {MaxNote:N0} characters.";
        else if (TextRules.Unstorable(text) is { } unstorable) errors["Note"] = unstorable;
        if (date is null) errors["Date"] = "Give the date of the update.";
        else if (date > today) errors["Date"] = "An update cannot be dated in the future.";
        if (!Enum.IsDefined(status)) errors["Status"] = "Choose a status.";
        if (errors.Count > 0) return GoalResult.Invalid(errors);

        var goal = await db.UnitGoals.SingleAsync(g => g.Id == goalId, ct);
        goal.Status = status;
        goal.Updates.Add(new GoalUpdate { Date = date!.Value, Note = text, Status = status, At = clock.GetUtcNow(), AuthorUserId = actor.UserId, AuthorName = actor.Name });
        await db.SaveChangesAsync(ct);
        return GoalResult.Ok(goal.Id);
    }

    public static string Label(GoalStatus status) => status switch
    {
        GoalStatus.OnTrack => "On track",
        GoalStatus.AtRisk => "At risk",
        GoalStatus.OffTrack => "Off track",
        _ => "Done",
    };
}
