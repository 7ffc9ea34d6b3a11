using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Core.Improvement;

public sealed record InitiativeInput(string? Title, string? ProblemStatement, IReadOnlyList<int> UnitIds, int? MetricDefinitionId, string? BaselineFrom, string? BaselineTo,
    string? Target, int? OwnerEmployeeId, DateOnly? StartDate, DateOnly? DueDate, InitiativeStage Stage, InitiativeStatus Status, SignalKind? SignalKind = null, DateOnly? SignalMonth = null);

public sealed record InitiativeFilter(int? UnitId = null, int? OwnerEmployeeId = null, InitiativeStatus? Status = InitiativeStatus.Active);

public sealed record InitiativeCard(int Id, string Title, InitiativeStage Stage, InitiativeStatus Status, string Units, string? Owner, string? MetricName,
    DateOnly DueDate, bool Overdue, int OpenActions, int OverdueActions);

/// <summary>The steps the viewer may take on the improvement board.</summary>
public sealed record BoardSteps(bool CanCreate);

/// <summary>
/// The steps the viewer may take on one initiative: manage it (edit, move, add actions), contribute
/// (updates, completing any action), and complete the open actions they own themselves.
/// </summary>
public sealed record InitiativeSteps(bool CanManage, bool CanContribute, IReadOnlySet<int> OwnActionIds)
{
    public bool IsMine(InitiativeAction action) => OwnActionIds.Contains(action.Id);
    public bool CanComplete(InitiativeAction action) => CanContribute || IsMine(action);
}

/// <summary>An initiative as the viewer may see it: units, owner, metric, actions and updates, its computed result and the viewer's steps.</summary>
public sealed record InitiativeDetails(Initiative Initiative, InitiativeResult? Result, InitiativeSteps Steps);

/// <summary>What the dismiss form shows about the signal's metric.</summary>
public sealed record DismissForm(string MetricName, string UnitName, int UnitId);

/// <summary>A signal as a person sees it: with the initiative already working on its metric, if any.</summary>
public sealed record SignalView(MetricSignal Signal, int? InitiativeId, string? InitiativeTitle);

public class InitiativeService(AppDbContext db, SignalService signalService, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxProblem = 4000;
    public const int MaxAction = 500;
    public const int MaxNote = 2000;
    public const int MaxReason = 1000;

    public static string Label(InitiativeStatus s) => s == InitiativeStatus.OnHold ? "On hold" : s.ToString();

    public static BoardSteps StepsForBoard(Viewer viewer) => new(viewer.CanCreate);

    /// <summary>The board's filter choices: the units the viewer sees and the owners of initiatives in them.</summary>
    public async Task<(List<(int Id, string Name)> Units, List<(int Id, string Name)> Owners)> BoardFiltersAsync(Viewer viewer, CancellationToken ct = default)
    {
        var units = (await viewer.Filter(db.Units.AsNoTracking()).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        var unitIds = units.Select(u => u.Id).ToList();
        var owners = (await db.Initiatives.AsNoTracking().Where(i => i.Owner != null && i.Units.Any(u => unitIds.Contains(u.UnitId)))
            .Select(i => new { i.Owner!.Id, Name = i.Owner.FirstName + " " + i.Owner.LastName }).Distinct().OrderBy(o => o.Name).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
        return (units, owners);
    }

    /// <summary>
    /// One initiative, or null when missing or out of the viewer's scope. The owner of one of its actions
    /// reads it too (a trainer doing a contact center's refresher), to see and complete their action.
    /// </summary>
    public async Task<InitiativeDetails?> DetailsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var initiative = await db.Initiatives.AsNoTracking()
            .Include(i => i.Units).ThenInclude(u => u.Unit).Include(i => i.Owner).Include(i => i.Metric)
            .Include(i => i.Actions).ThenInclude(a => a.Owner).Include(i => i.Updates)
            .AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null) return null;
        var units = initiative.Units.Select(u => u.UnitId).ToList();
        var own = initiative.Actions.Where(a => viewer.EmployeeId is { } me && a.OwnerEmployeeId == me).Select(a => a.Id).ToHashSet();
        if (!viewer.CanRead(units) && own.Count == 0) return null;
        var steps = new InitiativeSteps(viewer.CanManage(units), viewer.CanContribute(units), own);
        return new InitiativeDetails(initiative, await ResultAsync(initiative, ct), steps);
    }

    /// <summary>An initiative to edit, or null when missing or not one the viewer manages.</summary>
    public async Task<Initiative?> ForEditAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var initiative = await db.Initiatives.AsNoTracking().Include(x => x.Units).SingleOrDefaultAsync(x => x.Id == id, ct);
        return initiative is null || !viewer.CanManage(initiative.Units.Select(u => u.UnitId)) ? null : initiative;
    }

    /// <summary>
    /// The units an initiative's form offers: every active unit to an administrator, else the viewer's own active ones,
    /// plus those already on it (a deactivated one marked, so it stays on the initiative).
    /// </summary>
    public async Task<List<(int Id, string Name)>> UnitChoicesAsync(Viewer viewer, IReadOnlyCollection<int> current, CancellationToken ct = default)
    {
        var all = viewer.IsAdministrator;
        var assigned = viewer.UnitIds.ToList();
        return (await db.Units.AsNoTracking().Where(u => (all || assigned.Contains(u.Id)) && u.IsActive || current.Contains(u.Id))
            .OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name, u.IsActive }).ToListAsync(ct)).Select(u => (u.Id, UnitPicker.Label(u.Name, u.IsActive))).ToList();
    }

    /// <summary>The metric whose signal is dismissed, or null when missing or not one the viewer manages.</summary>
    public async Task<DismissForm?> DismissFormAsync(Viewer viewer, int metricId, CancellationToken ct = default)
    {
        var metric = await db.MetricDefinitions.AsNoTracking().Include(m => m.Unit).SingleOrDefaultAsync(m => m.Id == metricId, ct);
        return metric is null || !viewer.CanManage([metric.UnitId]) ? null : new DismissForm(metric.Name, metric.Unit!.Name, metric.UnitId);
    }

    public async Task<IReadOnlyList<InitiativeCard>> BoardAsync(Viewer viewer, InitiativeFilter filter, CancellationToken ct = default)
    {
        var today = DepartmentCalendar.Today(clock);
        var assigned = viewer.UnitIds.ToList();
        var all = viewer.AllUnits;
        var me = viewer.EmployeeId ?? -1;
        // Besides their units' initiatives, a person sees those where they own an action.
        var q = db.Initiatives.AsNoTracking().Where(i => all || i.Units.Any(u => assigned.Contains(u.UnitId)) || i.Actions.Any(a => a.OwnerEmployeeId == me));
        if (filter.UnitId is { } unit) q = q.Where(i => i.Units.Any(u => u.UnitId == unit));
        if (filter.OwnerEmployeeId is { } owner) q = q.Where(i => i.OwnerEmployeeId == owner);
        if (filter.Status is { } status) q = q.Where(i => i.Status == status);
        var rows = await q.OrderBy(i => i.DueDate).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.Title, i.Stage, i.Status, Units = i.Units.OrderBy(u => u.Unit!.SortOrder).Select(u => u.Unit!.Name).ToList(),
                Owner = i.Owner == null ? null : i.Owner.FirstName + " " + i.Owner.LastName, MetricName = i.Metric == null ? null : i.Metric.Name, i.DueDate,
                Open = i.Actions.Count(a => a.CompletedOn == null), Overdue = i.Actions.Count(a => a.CompletedOn == null && a.DueDate < today),
            }).ToListAsync(ct);
        return rows.Select(r => new InitiativeCard(r.Id, r.Title, r.Stage, r.Status, string.Join(", ", r.Units), r.Owner, r.MetricName, r.DueDate,
            r.DueDate < today && r.Status == InitiativeStatus.Active, r.Open, r.Overdue)).ToList();
    }

    /// <summary>What a signal suggests as a new initiative: its metric, the year before it as the baseline, the unit's supervisor as owner.</summary>
    public async Task<InitiativeInput?> FromSignalAsync(Viewer viewer, int metricId, SignalKind kind, DateOnly month, CancellationToken ct = default)
    {
        var metric = await db.MetricDefinitions.AsNoTracking().Include(m => m.Unit).Include(m => m.Targets).SingleOrDefaultAsync(m => m.Id == metricId, ct);
        if (metric is null || !viewer.CanManage([metric.UnitId])) return null;
        var signal = (await SignalsForAsync(metric.UnitId, month, ct)).FirstOrDefault(s => s.MetricId == metricId && s.Signal.Kind == kind);
        var today = DepartmentCalendar.Today(clock);
        var supervisors = Viewers.EmployeesInRole(db, Roles.Supervisor);
        var owner = await db.Employees.AsNoTracking().Where(e => e.UnitId == metric.UnitId && e.IsActive && supervisors.Contains(e.Id)).OrderBy(e => e.Id).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
        var target = metric.TargetFor(DepartmentCalendar.FiscalYearOf(month))?.Target;
        return new InitiativeInput(
            $"{metric.Unit!.Name}: {metric.Name.ToLowerInvariant()} — {Describe(kind)}",
            $"{metric.Name} ({metric.Unit.Name}) raised a signal for {DepartmentCalendar.MonthName(month)}: {(signal?.Signal.Description ?? Describe(kind)).TrimEnd('.')}.",
            [metric.UnitId], metric.Id, DepartmentCalendar.MonthKey(month.AddMonths(-11)), DepartmentCalendar.MonthKey(month),
            target is null ? null : MetricFormatting.Plain(target), owner, today, today.AddMonths(4), InitiativeStage.Plan, InitiativeStatus.Active, kind, month);
    }

    /// <summary>The initiative already working on a metric (active or on hold), if any.</summary>
    public async Task<(int Id, string Title)?> UnderWayAsync(int metricId, CancellationToken ct = default)
    {
        var row = await db.Initiatives.AsNoTracking()
            .Where(i => i.MetricDefinitionId == metricId && (i.Status == InitiativeStatus.Active || i.Status == InitiativeStatus.OnHold))
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Title }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Title);
    }

    public static string Describe(SignalKind kind) => kind switch
    {
        SignalKind.ThreeMonthsWorse => "worse three months running",
        SignalKind.OutsideControlLimits => "outside its control limits",
        _ => "red three months running",
    };

    /// <summary>Who may own an initiative: the people of its units and of the viewer's units (anyone active, for administrators), and its current owner.</summary>
    public async Task<List<(int Id, string Name)>> OwnerChoicesAsync(Viewer viewer, IReadOnlyCollection<int> unitIds, int? currentOwner, CancellationToken ct = default) =>
        (await OwnersQuery(viewer, unitIds, currentOwner).Where(e => e.IsActive || e.Id == currentOwner).OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)).ToList();

    /// <summary>Who may own an action: people from any unit who can sign in to mark it done (a trainer can own a contact center's refresher).</summary>
    public async Task<List<(int Id, string Name)>> ActionOwnerChoicesAsync(CancellationToken ct = default) =>
        (await UnitPeople.WithAccounts(db).OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + (e.Unit == null ? e.Position : e.Unit.Name) }).ToListAsync(ct)).Select(e => (e.Id, e.Name)).ToList();

    private IQueryable<Employee> OwnersQuery(Viewer viewer, IReadOnlyCollection<int> unitIds, int? currentOwner) =>
        viewer.IsAdministrator ? db.Employees.Where(e => e.IsActive)
            : UnitPeople.In(db, [.. unitIds.Union(viewer.UnitIds)]).AndAlso(db, currentOwner);

    public Task<Outcome> SaveAsync(Viewer viewer, int? id, uint version, InitiativeInput input, CancellationToken ct = default) =>
        id is not null ? DoSaveAsync(viewer, id, version, input, ct) : db.OnceAsync(FormKinds.Initiative, () => DoSaveAsync(viewer, null, version, input, ct), ct);

    private async Task<Outcome> DoSaveAsync(Viewer viewer, int? id, uint version, InitiativeInput input, CancellationToken ct)
    {
        Initiative? initiative = null;
        if (id is { } existing)
        {
            initiative = await db.Initiatives.Include(i => i.Units).SingleOrDefaultAsync(i => i.Id == existing, ct);
            if (initiative is null || !viewer.CanRead(initiative.Units.Select(u => u.UnitId))) return Outcome.NotFound;
            if (!viewer.CanManage(initiative.Units.Select(u => u.UnitId))) return Outcome.Conflict("The units' managers edit an initiative.");
            if (initiative.Version != version) return Outcome.Stale;
        }
        else if (!viewer.CanCreate) return Outcome.NotFound;

        var errors = new Dictionary<string, string>();
        var title = TextRules.Required(errors, "Title", input.Title, MaxTitle, "Give the initiative a title.");
        var problem = TextRules.Required(errors, "ProblemStatement", input.ProblemStatement, MaxProblem, "State the problem it addresses.");
        var unitIds = input.UnitIds.Distinct().ToList();
        if (unitIds.Count == 0) errors["UnitIds"] = "Choose at least one unit.";
        else if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count) errors["UnitIds"] = "Choose units from the list.";
        else if (await UnitPicker.DeactivatedChoiceAsync(db, unitIds, initiative?.Units.Select(u => u.UnitId) ?? [], ct) is { } deactivated) errors["UnitIds"] = deactivated;
        else if (!viewer.IsAdministrator)
        {
            // A shared initiative stays editable by each of its managers: they may add their own units, and
            // may not take it away from a unit that is not theirs.
            var current = initiative?.Units.Select(u => u.UnitId).ToHashSet() ?? [];
            if (unitIds.Any(u => !current.Contains(u) && !viewer.IsAssigned(u))) errors["UnitIds"] = "Choose units you manage.";
            else if (current.Any(u => !unitIds.Contains(u) && !viewer.IsAssigned(u))) errors["UnitIds"] = "Another manager's unit cannot be taken off the initiative; ask its manager.";
        }

        MetricDefinition? metric = null;
        DateOnly? from = null, to = null;
        decimal? target = null;
        var lastMonth = DepartmentCalendar.PreviousMonth(clock);
        if (input.MetricDefinitionId is { } metricId)
        {
            metric = await db.MetricDefinitions.AsNoTracking().SingleOrDefaultAsync(m => m.Id == metricId, ct);
            if (metric is null || !unitIds.Contains(metric.UnitId)) errors["MetricDefinitionId"] = "Choose a metric of one of the initiative's units.";
            if (!DepartmentCalendar.TryParseMonthKey(input.BaselineFrom, out var f)) errors["BaselineFrom"] = "Give the first month of the baseline, e.g. 2025-11.";
            else from = f;
            if (!DepartmentCalendar.TryParseMonthKey(input.BaselineTo, out var t)) errors["BaselineTo"] = "Give the last month of the baseline, e.g. 2026-10.";
            else to = t;
            if (from is { } a && to is { } b)
            {
                if (b < a) errors["BaselineTo"] = "The baseline ends before it starts.";
                else if (b > lastMonth) errors["BaselineTo"] = $"The baseline can only use months that have ended (up to {DepartmentCalendar.MonthName(lastMonth)}).";
                else if (a < b.AddMonths(-35)) errors["BaselineFrom"] = "A baseline covers at most 36 months.";
                else if (input.StartDate is { } start && b >= DepartmentCalendar.MonthOf(start))
                    errors["BaselineTo"] = $"The baseline must end before the change starts ({DepartmentCalendar.MonthName(DepartmentCalendar.MonthOf(start))}).";
            }
            if (metric is not null && !string.IsNullOrWhiteSpace(input.Target))
            {
                var parsed = MetricValueRules.Parse(metric, input.Target);
                if (parsed.Error is not null) errors["Target"] = parsed.Error;
                else target = parsed.Value;
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(input.BaselineFrom) || !string.IsNullOrWhiteSpace(input.BaselineTo)) errors["MetricDefinitionId"] = "A baseline needs a linked metric.";
            if (!string.IsNullOrWhiteSpace(input.Target)) errors["Target"] = "A target needs a linked metric.";
        }
        if (input.OwnerEmployeeId is { } owner && !await OwnersQuery(viewer, unitIds, initiative?.OwnerEmployeeId).AnyAsync(e => e.Id == owner && e.IsActive, ct))
            errors["OwnerEmployeeId"] = "Choose the owner from the list: an active employee of the initiative's units or yours.";
        if (input.StartDate is null) errors["StartDate"] = "Give the start date.";
        if (input.DueDate is null) errors["DueDate"] = "Give the due date.";
        else if (input.StartDate is { } s && input.DueDate < s) errors["DueDate"] = "The due date is before the start date.";
        else if (input.StartDate is { } s2 && input.DueDate > s2.AddYears(3)) errors["DueDate"] = "An initiative runs at most three years; split longer work.";
        if (!Enum.IsDefined(input.Stage)) errors["Stage"] = "Choose a stage.";
        if (!Enum.IsDefined(input.Status)) errors["Status"] = "Choose a status.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // Started from a signal: it must be a real firing of this metric, and nobody may be working on it already.
        if (initiative is null && (input.SignalKind is not null || input.SignalMonth is not null))
        {
            if (input.SignalKind is not { } kind || !Enum.IsDefined(kind) || input.SignalMonth is not { } month || metric is null
                || !(await SignalsForAsync(metric.UnitId, month, ct)).Any(s => s.MetricId == metric.Id && s.Signal.Kind == kind))
                return Outcome.Conflict("The signal this form was started from no longer applies; start the initiative from the board instead.");
            if (await UnderWayAsync(metric.Id, ct) is { } underWay)
                return Outcome.Conflict($"“{underWay.Title}” is already working on this metric; add to it instead of starting another.");
        }

        var now = clock.GetUtcNow();
        if (initiative is null)
        {
            initiative = new Initiative
            {
                Title = title!, ProblemStatement = problem!, CreatedAt = now, CreatedByUserId = viewer.Actor.UserId, CreatedByName = viewer.Actor.Name,
                SignalKind = input.SignalKind, SignalMonth = input.SignalMonth,
            };
            db.Initiatives.Add(initiative);
        }
        else if (initiative.Stage != input.Stage || initiative.Status != input.Status)
        {
            // A move between stages or statuses is a dated step of its own in the updates.
            var moved = new List<string>();
            if (initiative.Stage != input.Stage) moved.Add($"stage {initiative.Stage} → {input.Stage}");
            if (initiative.Status != input.Status) moved.Add($"status {Label(initiative.Status)} → {Label(input.Status)}");
            initiative.Updates.Add(new InitiativeUpdate
            {
                Date = DepartmentCalendar.Today(clock), Note = "Moved: " + string.Join(", ", moved) + ".", Stage = input.Stage, Status = input.Status,
                AuthorUserId = viewer.Actor.UserId, AuthorName = viewer.Actor.Name, At = now,
            });
        }
        initiative.Title = title!;
        initiative.ProblemStatement = problem!;
        initiative.MetricDefinitionId = metric?.Id;
        initiative.BaselineFrom = from;
        initiative.BaselineTo = to;
        initiative.Target = target;
        initiative.OwnerEmployeeId = input.OwnerEmployeeId;
        initiative.StartDate = input.StartDate!.Value;
        initiative.DueDate = input.DueDate!.Value;
        initiative.Stage = input.Stage;
        initiative.Status = input.Status;
        initiative.Units.RemoveAll(u => !unitIds.Contains(u.UnitId));
        foreach (var u in unitIds.Where(u => initiative.Units.All(x => x.UnitId != u))) initiative.Units.Add(new InitiativeUnit { UnitId = u });
        return await db.SaveOutcomeAsync(() => initiative.Id, ct);
    }

    /// <summary>Moves the initiative through plan–do–check–act or changes its status, as a dated update with an optional note.</summary>
    public async Task<Outcome> MoveAsync(Viewer viewer, int id, uint version, InitiativeStage stage, InitiativeStatus status, string? note, CancellationToken ct = default)
    {
        var initiative = await db.Initiatives.Include(i => i.Units).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null || !viewer.CanRead(initiative.Units.Select(u => u.UnitId))) return Outcome.NotFound;
        if (!viewer.CanManage(initiative.Units.Select(u => u.UnitId))) return Outcome.Conflict("The units' managers move an initiative between stages.");
        if (initiative.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(stage)) errors["Stage"] = "Choose a stage.";
        if (!Enum.IsDefined(status)) errors["Status"] = "Choose a status.";
        var clean = TextRules.Optional(errors, "MoveNote", note, MaxNote);
        if (initiative.Stage == stage && initiative.Status == status && errors.Count == 0) errors["Stage"] = "Choose a different stage or status.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var moved = new List<string>();
        if (initiative.Stage != stage) moved.Add($"stage {initiative.Stage} → {stage}");
        if (initiative.Status != status) moved.Add($"status {Label(initiative.Status)} → {Label(status)}");
        initiative.Stage = stage;
        initiative.Status = status;
        initiative.Updates.Add(new InitiativeUpdate
        {
            Date = DepartmentCalendar.Today(clock), Note = "Moved: " + string.Join(", ", moved) + "." + (clean is null ? "" : " " + clean), Stage = stage, Status = status,
            AuthorUserId = viewer.Actor.UserId, AuthorName = viewer.Actor.Name, At = clock.GetUtcNow(),
        });
        return await db.SaveOutcomeAsync(() => initiative.Id, ct);
    }

    public Task<Outcome> AddActionAsync(Viewer viewer, int initiativeId, string? description, int? ownerEmployeeId, DateOnly? dueDate, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.InitiativeAction, () => DoAddActionAsync(viewer, initiativeId, description, ownerEmployeeId, dueDate, ct), ct);

    private async Task<Outcome> DoAddActionAsync(Viewer viewer, int initiativeId, string? description, int? ownerEmployeeId, DateOnly? dueDate, CancellationToken ct)
    {
        var initiative = await db.Initiatives.Include(i => i.Units).SingleOrDefaultAsync(i => i.Id == initiativeId, ct);
        if (initiative is null || !viewer.CanRead(initiative.Units.Select(u => u.UnitId))) return Outcome.NotFound;
        if (!viewer.CanManage(initiative.Units.Select(u => u.UnitId))) return Outcome.Conflict("The units' managers add actions; supervisors complete them.");
        if (initiative.Status is InitiativeStatus.Completed or InitiativeStatus.Abandoned) return Outcome.Conflict($"This initiative is {Label(initiative.Status).ToLowerInvariant()}; reopen it to add actions.");
        var errors = new Dictionary<string, string>();
        var text = TextRules.Required(errors, "ActionDescription", description, MaxAction, "Describe the action.");
        if (ownerEmployeeId is null) errors["ActionOwner"] = "Choose who does it.";
        else if (!await UnitPeople.WithAccounts(db).AnyAsync(e => e.Id == ownerEmployeeId, ct)) errors["ActionOwner"] = "Choose someone from the list: an active employee who can sign in to mark the action done.";
        if (dueDate is null) errors["ActionDue"] = "Give the due date.";
        else if (dueDate < initiative.StartDate) errors["ActionDue"] = $"The action cannot be due before the initiative starts ({initiative.StartDate:MMM d, yyyy}).";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        initiative.Actions.Add(new InitiativeAction { Description = text!, OwnerEmployeeId = ownerEmployeeId, DueDate = dueDate!.Value });
        return await db.SaveOutcomeAsync(() => initiative.Id, ct);
    }

    public async Task<Outcome> CompleteActionAsync(Viewer viewer, int initiativeId, int actionId, uint version, string? note, CancellationToken ct = default)
    {
        var action = await db.InitiativeActions.Include(a => a.Initiative).ThenInclude(i => i!.Units).SingleOrDefaultAsync(a => a.Id == actionId && a.InitiativeId == initiativeId, ct);
        if (action is null) return Outcome.NotFound;
        var units = action.Initiative!.Units.Select(u => u.UnitId).ToList();
        // The action's owner completes it too, even from another unit (a trainer doing a contact center's refresher).
        var isOwner = viewer.EmployeeId is { } me && action.OwnerEmployeeId == me;
        if (!viewer.CanContribute(units) && !isOwner) return viewer.CanRead(units) ? Outcome.Conflict("Only the people of the initiative's units complete its actions.") : Outcome.NotFound;
        if (action.Version != version) return Outcome.Stale;
        if (action.CompletedOn is not null) return Outcome.Conflict($"This action was already completed on {action.CompletedOn:MMM d, yyyy} by {action.CompletedByName}.");
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Optional(errors, "CompletionNote", note, MaxNote);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        action.CompletedOn = DepartmentCalendar.Today(clock);
        action.CompletedByName = viewer.Actor.Name;
        action.CompletionNote = clean;
        return await db.SaveOutcomeAsync(() => action.InitiativeId, ct);
    }

    public Task<Outcome> AddUpdateAsync(Viewer viewer, int initiativeId, DateOnly? date, string? note, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.InitiativeUpdate, () => DoAddUpdateAsync(viewer, initiativeId, date, note, ct), ct);

    private async Task<Outcome> DoAddUpdateAsync(Viewer viewer, int initiativeId, DateOnly? date, string? note, CancellationToken ct)
    {
        var initiative = await db.Initiatives.Include(i => i.Units).SingleOrDefaultAsync(i => i.Id == initiativeId, ct);
        if (initiative is null || !viewer.CanRead(initiative.Units.Select(u => u.UnitId))) return Outcome.NotFound;
        if (!viewer.CanContribute(initiative.Units.Select(u => u.UnitId))) return Outcome.Conflict("Leadership reads initiatives; updates come from the units' supervisors and managers.");
        var errors = new Dictionary<string, string>();
        var text = TextRules.Required(errors, "UpdateNote", note, MaxNote, "Write the update.");
        if (date is null) errors["UpdateDate"] = "Give the date of the update.";
        else if (date > DepartmentCalendar.Today(clock)) errors["UpdateDate"] = "The date cannot be in the future.";
        else if (date < initiative.StartDate.AddMonths(-1)) errors["UpdateDate"] = "The date is well before the initiative started.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        initiative.Updates.Add(new InitiativeUpdate
        {
            Date = date!.Value, Note = text!, Stage = initiative.Stage, Status = initiative.Status, AuthorUserId = viewer.Actor.UserId, AuthorName = viewer.Actor.Name, At = clock.GetUtcNow(),
        });
        return await db.SaveOutcomeAsync(() => initiative.Id, ct);
    }

    /// <summary>The computed result of an initiative linked to a metric: baseline against the approved months after its start.</summary>
    public async Task<InitiativeResult?> ResultAsync(Initiative initiative, CancellationToken ct = default)
    {
        if (initiative.MetricDefinitionId is not { } metricId || initiative.BaselineFrom is not { } from || initiative.BaselineTo is not { } to) return null;
        var series = (await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(null, null) { MetricIds = [metricId], Retired = RetiredMetrics.Include }, ct)).Single();
        return ImprovementMath.Result(series.ValueByMonth(), series.Metric.Direction, series.Metric.Decimals, from, to, initiative.StartDate, DepartmentCalendar.PreviousMonth(clock), initiative.Target);
    }

    /// <summary>Signals of a unit (or the scope) with dismissed ones left out and active initiatives attached.</summary>
    public async Task<IReadOnlyList<SignalView>> AnnotateAsync(IReadOnlyList<MetricSignal> signals, CancellationToken ct = default)
    {
        if (signals.Count == 0) return [];
        var metricIds = signals.Select(s => s.MetricId).Distinct().ToList();
        var dismissed = await db.SignalDismissals.AsNoTracking().Where(d => metricIds.Contains(d.MetricDefinitionId))
            .Select(d => new { d.MetricDefinitionId, d.Kind, d.Month }).ToListAsync(ct);
        var active = await db.Initiatives.AsNoTracking().Where(i => (i.Status == InitiativeStatus.Active || i.Status == InitiativeStatus.OnHold) && i.MetricDefinitionId != null && metricIds.Contains(i.MetricDefinitionId.Value))
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Title, MetricId = i.MetricDefinitionId!.Value }).ToListAsync(ct);
        return signals
            .Where(s => !dismissed.Any(d => d.MetricDefinitionId == s.MetricId && d.Kind == s.Signal.Kind && d.Month == s.Signal.Month))
            .Select(s => active.FirstOrDefault(a => a.MetricId == s.MetricId) is { } a ? new SignalView(s, a.Id, a.Title) : new SignalView(s, null, null))
            .ToList();
    }

    public sealed record DismissedSignal(string MetricName, SignalKind Kind, string Reason, string ByName, DateTimeOffset At);

    /// <summary>The signals dismissed for a unit's month, with who and why, so a dismissal is never invisible.</summary>
    public async Task<IReadOnlyList<DismissedSignal>> DismissedAsync(int unitId, DateOnly month, CancellationToken ct = default) =>
        await db.SignalDismissals.AsNoTracking().Where(d => d.Metric!.UnitId == unitId && d.Month == month).OrderBy(d => d.At)
            .Select(d => new DismissedSignal(d.Metric!.Name, d.Kind, d.Reason, d.ByName, d.At)).ToListAsync(ct);

    public async Task<Outcome> DismissAsync(Viewer viewer, int metricId, SignalKind kind, DateOnly month, string? reason, CancellationToken ct = default)
    {
        var metric = await db.MetricDefinitions.AsNoTracking().SingleOrDefaultAsync(m => m.Id == metricId, ct);
        if (metric is null || !viewer.CanManage([metric.UnitId])) return Outcome.NotFound;
        if (!(await SignalsForAsync(metric.UnitId, month, ct)).Any(s => s.MetricId == metricId && s.Signal.Kind == kind)) return Outcome.Conflict("This signal does not fire for that month; there is nothing to dismiss.");
        if (await db.SignalDismissals.AnyAsync(d => d.MetricDefinitionId == metricId && d.Kind == kind && d.Month == month, ct)) return Outcome.Conflict("This signal was already dismissed.");
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Required(errors, "Reason", reason, MaxReason, "Say why this signal needs no initiative.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        db.SignalDismissals.Add(new SignalDismissal { MetricDefinitionId = metricId, Kind = kind, Month = month, Reason = clean!, ByUserId = viewer.Actor.UserId, ByName = viewer.Actor.Name, At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Outcome.Conflict("This signal was already dismissed.");
        }
        return Outcome.Ok(metric.UnitId);
    }

    /// <summary>Open actions owned by this person, soonest first.</summary>
    public async Task<IReadOnlyList<Evaluations.WaitingItem>> ActionsDueAsync(int? employeeId, CancellationToken ct = default)
    {
        if (employeeId is null) return [];
        var today = DepartmentCalendar.Today(clock);
        var rows = await db.InitiativeActions.AsNoTracking().Where(a => a.OwnerEmployeeId == employeeId && a.CompletedOn == null && a.Initiative!.Status == InitiativeStatus.Active)
            .OrderBy(a => a.DueDate).Select(a => new { a.Id, a.InitiativeId, a.Description, a.DueDate, a.Initiative!.Title }).ToListAsync(ct);
        return rows.Select(a => new Evaluations.WaitingItem($"Action: {a.Description}", a.Title, $"/initiatives/{a.InitiativeId}#action-{a.Id}", a.DueDate, a.DueDate < today)).ToList();
    }

    private Task<IReadOnlyList<MetricSignal>> SignalsForAsync(int unitId, DateOnly month, CancellationToken ct) =>
        signalService.ForMonthAsync(Viewer.System, month, unitId, ct);

}
