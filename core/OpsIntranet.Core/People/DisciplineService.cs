using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.People;

/// <param name="SkipJustification">Why the level skips a progressive step; required when it does.</param>
public sealed record DisciplineInput(DisciplineLevel Level, DateOnly? IncidentDate, string? Policy, string? Description, bool SharedWithEmployee, string? SkipJustification = null);

/// <summary>One action on a person's record: its level, where it stands and since when.</summary>
public sealed record DisciplineHistoryItem(int Id, DisciplineLevel Level, DisciplineStatus Status, DateOnly IncidentDate, DateOnly StatusDate)
{
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{DisciplineService.Label(Level)} — {DisciplineService.Status(Status)} {StatusDate:MMM d, yyyy} (incident {IncidentDate:MMM d, yyyy})");
}

/// <summary>
/// Where a person stands in progressive discipline. Only administered actions are on the record; a
/// recommended or approved one is a step not yet taken, and withdrawn or rescinded ones count for nothing.
/// </summary>
public sealed record DisciplineStanding(IReadOnlyList<DisciplineHistoryItem> History)
{
    public DisciplineLevel? InEffect => History.Where(h => h.Status == DisciplineStatus.Administered).Select(h => (DisciplineLevel?)h.Level).Max();

    public DisciplineLevel NextStep => InEffect switch
    {
        null => DisciplineLevel.DocumentedCounseling,
        DisciplineLevel.Dismissal => DisciplineLevel.Dismissal,
        { } level => level + 1,
    };

    /// <summary>The next step, and whether an action at that level is already on its way.</summary>
    public string NextStepText => $"Next progressive step: {DisciplineService.Label(NextStep)}"
        + (Pending.FirstOrDefault(p => p.Level == NextStep) is { } under
            ? $" — a {DisciplineService.Label(NextStep).ToLowerInvariant()} is already {DisciplineService.Status(under.Status)} and not yet {(under.Status == DisciplineStatus.Recommended ? "approved" : "administered")}."
            : ".");

    /// <summary>Actions recommended or approved but not yet administered, newest first.</summary>
    public IEnumerable<DisciplineHistoryItem> Pending => History.Where(h => h.Status is DisciplineStatus.Recommended or DisciplineStatus.Approved);

    /// <summary>The progressive steps a level would pass over (none for the next step or a milder one).</summary>
    public IReadOnlyList<DisciplineLevel> Skipped(DisciplineLevel chosen) =>
        chosen > NextStep ? Enumerable.Range((int)NextStep, chosen - NextStep).Select(l => (DisciplineLevel)l).ToList() : [];

    /// <summary>What choosing this level skips, naming steps that are pending rather than taken; null when it skips nothing.</summary>
    public string? SkipWarning(DisciplineLevel chosen)
    {
        var skipped = Skipped(chosen);
        if (skipped.Count == 0) return null;
        var pending = skipped.Select(l => Pending.FirstOrDefault(p => p.Level == l)).OfType<DisciplineHistoryItem>()
            .Select(p => string.Create(CultureInfo.InvariantCulture,
                $"the {DisciplineService.Label(p.Level).ToLowerInvariant()} is still only {DisciplineService.Status(p.Status)} ({p.StatusDate:MMM d, yyyy}), not administered"))
            .ToList();
        return $"{DisciplineService.Label(chosen)} skips {SkippedText(skipped)}" + (pending.Count > 0 ? $" — {string.Join("; ", pending)}." : ".");
    }

    public static string SkippedText(IReadOnlyList<DisciplineLevel> levels)
    {
        var names = levels.Select(l => DisciplineService.Label(l).ToLowerInvariant()).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
    }
}

/// <summary>
/// Progressive discipline: recommended → approved → administered, or withdrawn before it is
/// administered; a grievance can be filed against an administered action and resolved. Each step
/// says who took it and when. A step that no longer applies changes nothing and says why.
/// </summary>
/// <summary>The steps the viewer may take with a disciplinary action.</summary>
public sealed record DisciplineSteps(bool Manage, bool Approve, bool ResolveGrievance);

public sealed record DisciplineDetails(DisciplinaryAction Action, DisciplineSteps Can);

public class DisciplineService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>A disciplinary action with its steps and grievances as the viewer may read it, the read audited; null when it is not there for them (404).</summary>
    public async Task<DisciplineDetails?> DetailsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var action = await db.DisciplinaryActions.AsNoTracking().Include(a => a.Employee).Include(a => a.Events).Include(a => a.Grievances)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
        if (action is null || !viewer.CanRead(action)) return null;
        await audit.ViewedAsync(viewer, AuditRecords.Discipline, [(action.Id, action.EmployeeId)], ct: ct);
        return new DisciplineDetails(action, new DisciplineSteps(viewer.Manages(action.EmployeeId), viewer.CanApprove(action), viewer.CanResolveGrievance(action)));
    }

    public const int MaxPolicy = 300;
    public const int MaxDescription = 4000;
    public const int MaxNote = 2000;

    public static string Label(DisciplineLevel level) => level switch
    {
        DisciplineLevel.DocumentedCounseling => "Documented counseling",
        DisciplineLevel.WrittenReprimand => "Written reprimand",
        _ => level.ToString(),
    };

    public Task<Outcome> RecommendAsync(Viewer viewer, int employeeId, DisciplineInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.Discipline, () => DoRecommendAsync(viewer, employeeId, input, ct), ct);

    private async Task<Outcome> DoRecommendAsync(Viewer viewer, int employeeId, DisciplineInput input, CancellationToken ct)
    {
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null || !viewer.Manages(employeeId) || viewer.IsSelf(employeeId)) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(input.Level)) errors["Level"] = "Choose the level of the action.";
        var today = DepartmentCalendar.Today(clock);
        if (input.IncidentDate is null) errors["IncidentDate"] = "Give the date of the incident.";
        else if (input.IncidentDate > today) errors["IncidentDate"] = "The incident date cannot be in the future.";
        else if (input.IncidentDate < employee.HireDate) errors["IncidentDate"] = $"The incident date is before {employee.FullName} was hired ({employee.HireDate:MMM d, yyyy}).";
        var policy = TextRules.Required(errors, "Policy", input.Policy, MaxPolicy, "Name the policy, rule or reason.");
        var description = TextRules.Required(errors, "Description", input.Description, MaxDescription, "Describe what happened.");
        // The City may skip steps (serious misconduct), but only on purpose: a skip needs its reason on the record.
        var justification = TextRules.Optional(errors, "SkipJustification", input.SkipJustification, MaxNote);
        var standing = Enum.IsDefined(input.Level) ? await StandingOfAsync(employeeId, ct) : null;
        var skipped = standing?.Skipped(input.Level) ?? [];
        if (skipped.Count > 0 && justification is null && !errors.ContainsKey("SkipJustification"))
            errors["SkipJustification"] = standing!.SkipWarning(input.Level) + " Say why the progressive step is skipped (e.g. serious misconduct), or choose a lower level.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var action = new DisciplinaryAction
        {
            EmployeeId = employeeId, Level = input.Level, IncidentDate = input.IncidentDate!.Value, Policy = policy!, Description = description!,
            Status = DisciplineStatus.Recommended, SharedWithEmployee = input.SharedWithEmployee,
            RecommendedByUserId = viewer.UserId, RecommendedByName = viewer.Actor.Name, RecommendedAt = clock.GetUtcNow(),
        };
        action.Events.Add(Event(viewer, DisciplineStep.Recommended, skipped.Count > 0 ? $"Skips {DisciplineStanding.SkippedText(skipped)}: {justification}" : null));
        db.DisciplinaryActions.Add(action);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            audit.Add(viewer, AuditAction.Created, AuditRecords.Discipline, action.Id, employeeId, $"{Label(action.Level)} recommended");
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(action.Id);
        }, ct);
    }

    /// <summary>The person's discipline record and next progressive step, for someone who keeps their file; null otherwise.</summary>
    public async Task<DisciplineStanding?> StandingAsync(Viewer viewer, int employeeId, CancellationToken ct = default) =>
        viewer.Manages(employeeId) && !viewer.IsSelf(employeeId) ? await StandingOfAsync(employeeId, ct) : null;

    private async Task<DisciplineStanding> StandingOfAsync(int employeeId, CancellationToken ct)
    {
        var actions = await db.DisciplinaryActions.AsNoTracking().Include(a => a.Events).Include(a => a.Grievances)
            .Where(a => a.EmployeeId == employeeId).ToListAsync(ct);
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(DepartmentCalendar.ToLocal(at));
        DateOnly? LastStep(DisciplinaryAction a, DisciplineStep step) =>
            a.Events.Where(e => e.Step == step).OrderBy(e => e.At).Select(e => (DateOnly?)Local(e.At)).LastOrDefault();
        return new DisciplineStanding(actions.Select(a => new DisciplineHistoryItem(a.Id, a.Level, a.Status, a.IncidentDate, a.Status switch
            {
                DisciplineStatus.Approved => LastStep(a, DisciplineStep.Approved),
                DisciplineStatus.Administered => a.EffectiveDate ?? LastStep(a, DisciplineStep.Administered),
                DisciplineStatus.Withdrawn => LastStep(a, DisciplineStep.Withdrawn),
                DisciplineStatus.Rescinded => a.Grievances.Where(g => g.ResolvedOn != null).Select(g => g.ResolvedOn).LastOrDefault() ?? LastStep(a, DisciplineStep.GrievanceResolved),
                _ => null,
            } ?? Local(a.RecommendedAt)))
            .OrderByDescending(h => h.StatusDate).ThenByDescending(h => h.Id).ToList());
    }

    public Task<Outcome> ApproveAsync(Viewer viewer, int id, uint version, string? note, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (action, errors) =>
        {
            if (!viewer.CanResolveGrievance(action)) return "You recommended this action; someone else who keeps this person's file (another of their managers, or an administrator) approves it.";
            if (action.Status != DisciplineStatus.Recommended) return $"This action is {Status(action.Status)}; only a recommended action can be approved.";
            var clean = TextRules.Optional(errors, "Note", note, MaxNote);
            if (errors.Count > 0) return null;
            action.Status = DisciplineStatus.Approved;
            action.Events.Add(Event(viewer, DisciplineStep.Approved, clean));
            return null;
        }, ct);

    public Task<Outcome> AdministerAsync(Viewer viewer, int id, uint version, DateOnly? effectiveDate, string? note, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (action, errors) =>
        {
            if (action.Status != DisciplineStatus.Approved) return $"This action is {Status(action.Status)}; it must be approved before it is administered.";
            if (effectiveDate is null) errors["EffectiveDate"] = "Give the date the action took effect.";
            else if (effectiveDate < action.IncidentDate) errors["EffectiveDate"] = $"The action cannot take effect before the incident ({action.IncidentDate:MMM d, yyyy}).";
            else if (effectiveDate > DepartmentCalendar.Today(clock).AddDays(60)) errors["EffectiveDate"] = "Record the action when it is served (at most 60 days ahead).";
            var clean = TextRules.Optional(errors, "Note", note, MaxNote);
            if (errors.Count > 0) return null;
            action.Status = DisciplineStatus.Administered;
            action.EffectiveDate = effectiveDate;
            // Administering an action means serving it on the employee: it is on their record from then on.
            action.SharedWithEmployee = true;
            action.Events.Add(Event(viewer, DisciplineStep.Administered, clean));
            return null;
        }, ct);

    public Task<Outcome> WithdrawAsync(Viewer viewer, int id, uint version, string? reason, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (action, errors) =>
        {
            if (action.Status is not (DisciplineStatus.Recommended or DisciplineStatus.Approved))
                return $"This action is {Status(action.Status)}; only a recommended or approved action can be withdrawn.";
            var clean = TextRules.Required(errors, "Reason", reason, MaxNote, "Say why the action is withdrawn.");
            if (errors.Count > 0) return null;
            action.Status = DisciplineStatus.Withdrawn;
            action.Events.Add(Event(viewer, DisciplineStep.Withdrawn, clean));
            return null;
        }, ct);

    public Task<Outcome> FileGrievanceAsync(Viewer viewer, int id, uint version, DateOnly? filedOn, string? grounds, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (action, errors) =>
        {
            if (action.Status != DisciplineStatus.Administered) return $"This action is {Status(action.Status)}; a grievance is filed against an administered action.";
            if (action.Grievances.Any(g => g.Outcome is null)) return "A grievance against this action is still open; resolve it first.";
            if (filedOn is null) errors["FiledOn"] = "Give the date the grievance was filed.";
            else if (filedOn > DepartmentCalendar.Today(clock)) errors["FiledOn"] = "The filing date cannot be in the future.";
            else if (filedOn < action.EffectiveDate) errors["FiledOn"] = $"The grievance cannot be filed before the action took effect ({action.EffectiveDate:MMM d, yyyy}).";
            var clean = TextRules.Required(errors, "Grounds", grounds, MaxDescription, "State the grounds of the grievance.");
            if (errors.Count > 0) return null;
            action.Grievances.Add(new Grievance { FiledOn = filedOn!.Value, Grounds = clean! });
            action.Events.Add(Event(viewer, DisciplineStep.GrievanceFiled, $"Filed {filedOn:yyyy-MM-dd}"));
            return null;
        }, ct);

    public Task<Outcome> ResolveGrievanceAsync(Viewer viewer, int id, uint version, GrievanceOutcome? outcome, DisciplineLevel? reducedTo, DateOnly? resolvedOn, string? resolution, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (action, errors) =>
        {
            var open = action.Grievances.FirstOrDefault(g => g.Outcome is null);
            if (open is null) return "There is no open grievance against this action.";
            if (action.RecommendedByUserId == viewer.UserId) return "You recommended this action; another manager or an administrator resolves the grievance.";
            if (outcome is null || !Enum.IsDefined(outcome.Value)) errors["Outcome"] = "Choose the outcome.";
            else if (outcome == GrievanceOutcome.Reduced && (reducedTo is null || reducedTo >= action.Level))
                errors["ReducedTo"] = $"Choose a level below {Label(action.Level).ToLowerInvariant()}.";
            if (resolvedOn is null) errors["ResolvedOn"] = "Give the date of the resolution.";
            else if (resolvedOn < open.FiledOn) errors["ResolvedOn"] = $"The resolution cannot come before the grievance was filed ({open.FiledOn:MMM d, yyyy}).";
            else if (resolvedOn > DepartmentCalendar.Today(clock)) errors["ResolvedOn"] = "The resolution date cannot be in the future.";
            var clean = TextRules.Required(errors, "Resolution", resolution, MaxDescription, "Describe the resolution.");
            if (errors.Count > 0) return null;
            open.Outcome = outcome;
            open.Resolution = clean;
            open.ResolvedOn = resolvedOn;
            open.ResolvedByUserId = viewer.UserId;
            open.ResolvedByName = viewer.Actor.Name;
            var note = outcome switch
            {
                GrievanceOutcome.Reduced => $"Reduced from {Label(action.Level).ToLowerInvariant()} to {Label(reducedTo!.Value).ToLowerInvariant()}",
                GrievanceOutcome.Rescinded => "Action rescinded",
                _ => "Action upheld",
            };
            if (outcome == GrievanceOutcome.Reduced) action.Level = reducedTo!.Value;
            if (outcome == GrievanceOutcome.Rescinded) action.Status = DisciplineStatus.Rescinded;
            action.Events.Add(Event(viewer, DisciplineStep.GrievanceResolved, note));
            return null;
        }, ct);

    public static string Status(DisciplineStatus s) => s.ToString().ToLowerInvariant();

    /// <summary>Loads the action, checks the person and the version, applies the step (which returns why it cannot apply, or adds field errors), saves.</summary>
    private async Task<Outcome> StepAsync(Viewer viewer, int id, uint version, Func<DisciplinaryAction, Dictionary<string, string>, string?> step, CancellationToken ct)
    {
        var action = await db.DisciplinaryActions.Include(a => a.Grievances).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (action is null || !viewer.Manages(action.EmployeeId)) return Outcome.NotFound;
        if (action.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        var before = action.Status;
        if (step(action, errors) is { } refusal) return Outcome.Conflict(refusal);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        // Grievance steps change only child rows; touching the parent moves its xmin so a parallel step conflicts.
        db.Entry(action).Property(a => a.Status).IsModified = true;
        var latest = action.Events[^1];
        audit.Add(viewer, AuditAction.StepTaken, AuditRecords.Discipline, action.Id, action.EmployeeId,
            $"{latest.Step}{(before != action.Status ? $": {Status(before)} → {Status(action.Status)}" : "")}");
        return await db.SaveOutcomeAsync(() => action.Id, ct);
    }

    private DisciplineEvent Event(Viewer viewer, DisciplineStep step, string? note) =>
        new() { Step = step, UserId = viewer.UserId, UserName = viewer.Actor.Name, At = clock.GetUtcNow(), Note = note };
}
