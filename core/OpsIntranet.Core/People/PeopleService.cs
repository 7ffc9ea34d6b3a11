using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Core.People;

public sealed record EmployeeInput(string? FirstName, string? LastName, string? Position, string? Email, int? UnitId, int? ReportsToId, DateOnly? HireDate,
    bool IsActive, DateOnly? LeftOn, int? HandOverToUserId, string? HandOverReason);

/// <summary>What is still waiting on a person: evaluations they write or review that are not finished, and goals they own that are not done.</summary>
public sealed record OpenWork(int EvaluationsToWrite, int EvaluationsToReview, int GoalsOwned)
{
    public int Total => EvaluationsToWrite + EvaluationsToReview + GoalsOwned;
}

/// <summary>Which people the directory lists: a unit, active or left, a search, and the page.</summary>
public sealed record DirectoryFilter(int? UnitId, string Status, string? Search, int Page, int PageSize);

public sealed record DirectoryRow(int Id, string Name, string Position, string? Unit, string? ReportsTo, DateOnly HireDate, bool IsActive, bool HasAccount);

/// <summary>The steps the viewer may take in the people directory.</summary>
public sealed record DirectorySteps(bool CanAddPeople);

/// <summary>One page of the people directory as the viewer may see it; Page is the requested page clamped to the pages there are.</summary>
public sealed record PeopleDirectory(IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<DirectoryRow> Rows, int Total, int Page, DirectorySteps Steps);

public sealed record CycleFigures(string Name, DateOnly DueDate, int Total, int Draft, int Submitted, int Approved, int Acknowledged, int Closed, int Late);

/// <summary>Personnel figures in aggregate: counts only, never a name or a record.</summary>
public sealed record PersonnelOverview(int FiscalYear, IReadOnlyList<CycleFigures> Cycles, IReadOnlyDictionary<string, int> RatingBands,
    IReadOnlyList<(DisciplineLevel Level, int Pending, int Administered)> Discipline,
    IReadOnlyList<(RecommendationType Type, int Pending, int Approved, int Denied)> Recommendations);

/// <summary>The person an administrator edits, or none when adding someone.</summary>
public sealed record PersonForm(Employee? Person);

/// <summary>
/// The people directory, kept by administrators. Moving a supervisor or recording that they left
/// changes their account with them (unit scope, sign-in) and, in the same step, hands their open
/// work to someone else; the history of every change stays in the audit trail.
/// </summary>
public class PeopleService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 80;
    public const int MaxPosition = 120;

    /// <summary>The people directory (a manager's units and reporting line, everyone for administrators); null for anyone else.</summary>
    public async Task<PeopleDirectory?> DirectoryAsync(Viewer viewer, DirectoryFilter filter, CancellationToken ct = default)
    {
        if (!viewer.CanBrowsePeople) return null;
        var everyUnit = viewer.CanEditPeople;
        var q = viewer.FilterManaged(db.Employees.AsNoTracking());
        var unitIds = await q.Where(e => e.UnitId != null).Select(e => e.UnitId!.Value).Distinct().ToListAsync(ct);
        var units = (await db.Units.AsNoTracking().Where(u => everyUnit || unitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct))
            .Select(u => (u.Id, u.Name)).ToList();
        if (filter.UnitId is { } unit) q = q.Where(e => e.UnitId == unit);
        if (filter.Status == "active") q = q.Where(e => e.IsActive);
        else if (filter.Status == "inactive") q = q.Where(e => !e.IsActive);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = $"%{filter.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            q = q.Where(e => EF.Functions.ILike(e.FirstName + " " + e.LastName, term) || EF.Functions.ILike(e.Position, term) || EF.Functions.ILike(e.Email, term));
        }
        var total = await q.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + filter.PageSize - 1) / filter.PageSize));
        var rows = await q.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.Id).Skip((page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(e => new DirectoryRow(e.Id, e.FirstName + " " + e.LastName, e.Position, e.Unit == null ? null : e.Unit.Name,
                e.ReportsTo == null ? null : e.ReportsTo.FirstName + " " + e.ReportsTo.LastName, e.HireDate, e.IsActive, db.Users.Any(u => u.EmployeeId == e.Id)))
            .ToListAsync(ct);
        return new PeopleDirectory(units, rows, total, page, new DirectorySteps(viewer.CanEditPeople));
    }

    /// <summary>The department's personnel figures for leadership and administrators; null for anyone else.</summary>
    public async Task<PersonnelOverview?> OverviewAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.CanSeePersonnelOverview) return null;
        var today = DepartmentCalendar.Today(clock);
        var fiscalYear = DepartmentCalendar.FiscalYearOf(today);
        var rows = await db.Evaluations.AsNoTracking().Select(e => new { e.CycleId, e.Cycle!.Name, e.Cycle.DueDate, e.Status, e.OverallScore }).ToListAsync(ct);
        var cycles = rows.GroupBy(r => (r.CycleId, r.Name, r.DueDate)).OrderByDescending(g => g.Key.DueDate)
            .Select(g => new CycleFigures(g.Key.Name, g.Key.DueDate, g.Count(), g.Count(r => r.Status == EvaluationStatus.Draft), g.Count(r => r.Status == EvaluationStatus.Submitted),
                g.Count(r => r.Status == EvaluationStatus.Approved), g.Count(r => r.Status == EvaluationStatus.Acknowledged), g.Count(r => r.Status == EvaluationStatus.Closed),
                today > g.Key.DueDate ? g.Count(r => r.Status < EvaluationStatus.Approved) : 0)).ToList();
        var bands = new Dictionary<string, int>();
        for (var r = 5; r >= 1; r--) bands[EvaluationScoring.RatingLabel(r)] = 0;
        foreach (var r in rows.Where(r => r.Status >= EvaluationStatus.Approved && r.OverallScore is not null)) bands[EvaluationScoring.OverallLabel(r.OverallScore!.Value)]++;

        var from = DepartmentCalendar.FiscalYearStart(fiscalYear - 1);
        var actions = await db.DisciplinaryActions.AsNoTracking().Where(a => a.IncidentDate >= from).Select(a => new { a.Level, a.Status }).ToListAsync(ct);
        var discipline = Enum.GetValues<DisciplineLevel>()
            .Select(level => (level, actions.Count(a => a.Level == level && a.Status is DisciplineStatus.Recommended or DisciplineStatus.Approved), actions.Count(a => a.Level == level && a.Status == DisciplineStatus.Administered)))
            .ToList();
        var recs = await db.Recommendations.AsNoTracking().Select(r => new { r.Type, r.Status }).ToListAsync(ct);
        var recommendations = Enum.GetValues<RecommendationType>()
            .Select(type => (type, recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Pending), recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Approved), recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Denied)))
            .ToList();
        return new PersonnelOverview(fiscalYear, cycles, bands, discipline, recommendations);
    }

    /// <summary>The add-or-edit form of a person, for administrators; null for anyone else or a person who is not there.</summary>
    public async Task<PersonForm?> FormAsync(Viewer viewer, int? id, CancellationToken ct = default)
    {
        if (!viewer.CanEditPeople) return null;
        if (id is not { } existing) return new PersonForm(null);
        return await db.Employees.AsNoTracking().SingleOrDefaultAsync(x => x.Id == existing, ct) is { } person ? new PersonForm(person) : null;
    }

    public async Task<OpenWork> OpenWorkAsync(int employeeId, CancellationToken ct = default)
    {
        var userId = await db.Users.Where(u => u.EmployeeId == employeeId).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        var goals = await db.UnitGoals.CountAsync(g => g.OwnerEmployeeId == employeeId && g.Status != GoalStatus.Done && g.FiscalYear >= fy, ct);
        if (userId is null) return new OpenWork(0, 0, goals);
        var write = await db.Evaluations.CountAsync(e => e.EvaluatorUserId == userId && e.Status != EvaluationStatus.Closed, ct);
        var review = await db.Evaluations.CountAsync(e => e.ReviewerUserId == userId && e.Status <= EvaluationStatus.Submitted, ct);
        return new OpenWork(write, review, goals);
    }

    /// <summary>Who can take over someone's open work: active supervisors, managers, leadership and administrators with an account tied to an employee (the roles are checked against the work moved).</summary>
    public async Task<List<(int UserId, string Name)>> SuccessorCandidatesAsync(int excludingEmployeeId, CancellationToken ct = default)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where (r.Name == Roles.Manager || r.Name == Roles.Administrator || r.Name == Roles.Supervisor || r.Name == Roles.Leadership)
                                && u.EmployeeId != null && u.EmployeeId != excludingEmployeeId && u.Employee!.IsActive
                          select new { u.Id, u.DisplayName, r.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id).Select(g => (g.Key, $"{g.First().DisplayName} ({string.Join(", ", g.Select(x => x.Name).Order())})")).OrderBy(x => x.Item2).ToList();
    }

    public Task<Outcome> SaveAsync(Viewer viewer, int? id, uint version, EmployeeInput input, CancellationToken ct = default) =>
        id is not null ? DoSaveAsync(viewer, id, version, input, ct) : db.OnceAsync(FormKinds.Employee, () => DoSaveAsync(viewer, null, version, input, ct), ct);

    private async Task<Outcome> DoSaveAsync(Viewer viewer, int? id, uint version, EmployeeInput input, CancellationToken ct)
    {
        if (!viewer.CanEditPeople) return Outcome.NotFound;
        Employee? employee = null;
        if (id is { } existing)
        {
            employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == existing, ct);
            if (employee is null) return Outcome.NotFound;
            if (employee.Version != version) return Outcome.Stale;
        }
        var errors = new Dictionary<string, string>();
        var first = TextRules.Required(errors, "FirstName", input.FirstName, MaxName, "Give the first name.");
        var last = TextRules.Required(errors, "LastName", input.LastName, MaxName, "Give the last name.");
        var position = TextRules.Required(errors, "Position", input.Position, MaxPosition, "Give the position title.");
        var email = TextRules.Required(errors, "Email", input.Email, 254, "Give the work e-mail address.")?.ToLowerInvariant();
        if (email is not null && !errors.ContainsKey("Email"))
        {
            if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email) errors["Email"] = "Enter an e-mail address such as first.last@cityutility.example.";
            else if (await db.Employees.AnyAsync(e => e.Email == email && e.Id != (id ?? 0), ct)) errors["Email"] = "Another employee already has this e-mail address.";
        }
        // A deactivated unit takes nobody new; someone already in it may stay.
        var currentUnitId = employee?.UnitId;
        if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && (u.IsActive || u.Id == currentUnitId), ct)) errors["UnitId"] = "Choose a unit from the list.";
        if (input.ReportsToId is { } boss)
        {
            if (boss == id) errors["ReportsToId"] = "A person cannot report to themselves.";
            else if (!await db.Employees.AnyAsync(e => e.Id == boss && e.IsActive, ct)) errors["ReportsToId"] = "Choose an active employee.";
            else if (id is { } me && await ReportsUpToAsync(boss, me, ct)) errors["ReportsToId"] = "That person reports to this one; the reporting line would go round in a circle.";
        }
        var today = DepartmentCalendar.Today(clock);
        if (input.HireDate is null) errors["HireDate"] = "Give the hire date.";
        else if (input.HireDate > today.AddDays(120)) errors["HireDate"] = "The hire date is more than four months away.";
        else if (input.HireDate < new DateOnly(1960, 1, 1)) errors["HireDate"] = "Check the hire date.";
        if (!input.IsActive)
        {
            if (input.LeftOn is null) errors["LeftOn"] = "Give the last day of work.";
            else if (input.HireDate is { } hired && input.LeftOn < hired) errors["LeftOn"] = "The last day is before the hire date.";
            else if (input.LeftOn > today.AddDays(60)) errors["LeftOn"] = "Record a departure at most 60 days ahead.";
        }
        else if (input.LeftOn is not null) errors["LeftOn"] = "Leave the last day empty for someone who still works here.";

        // Leaving or changing unit: whatever waits on them must go to someone, in this same step.
        var leaving = employee is not null && (employee.IsActive && !input.IsActive || employee.UnitId != input.UnitId);
        var open = employee is null ? new OpenWork(0, 0, 0) : await OpenWorkAsync(employee.Id, ct);
        int? successorUserId = null;
        string? reason = null;
        if (leaving && open.Total > 0 || input.HandOverToUserId is not null)
        {
            var candidates = employee is null ? [] : await SuccessorCandidatesAsync(employee.Id, ct);
            if (input.HandOverToUserId is not { } to) errors["HandOverToUserId"] = $"{first ?? "This person"} has {Describe(open)}; choose who takes it over.";
            else if (candidates.All(c => c.UserId != to)) errors["HandOverToUserId"] = "Choose who takes the work over from the list.";
            else if (await HandOverClashAsync(employee!.Id, to, ct) is { } clash) errors["HandOverToUserId"] = clash;
            else successorUserId = to;
            reason = TextRules.Optional(errors, "HandOverReason", input.HandOverReason, 500) ?? (input.IsActive ? "Changed unit" : "Left the department");
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var changes = new List<string>();
        if (employee is null)
        {
            employee = new Employee { FirstName = first!, LastName = last!, Position = position!, Email = email! };
            db.Employees.Add(employee);
            changes.Add("created");
        }
        else
        {
            void Note(string what, object? from, object? to) { if (!Equals(from, to)) changes.Add($"{what}: {from ?? "—"} → {to ?? "—"}"); }
            var units = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var names = await db.Employees.Where(e => e.Id == employee.ReportsToId || e.Id == input.ReportsToId).ToDictionaryAsync(e => e.Id, e => e.FirstName + " " + e.LastName, ct);
            Note("name", employee.FullName, $"{first} {last}");
            Note("position", employee.Position, position);
            Note("e-mail", employee.Email, email);
            Note("unit", employee.UnitId is { } a ? units[a] : null, input.UnitId is { } b ? units[b] : null);
            Note("reports to", employee.ReportsToId is { } c ? names[c] : null, input.ReportsToId is { } d ? names[d] : null);
            Note("hire date", employee.HireDate, input.HireDate);
            Note("status", employee.IsActive ? "active" : "inactive", input.IsActive ? "active" : "inactive");
        }
        var unitChanged = employee.UnitId != input.UnitId;
        var oldUnit = employee.UnitId;
        employee.FirstName = first!;
        employee.LastName = last!;
        employee.Position = position!;
        employee.Email = email!;
        employee.UnitId = input.UnitId;
        employee.ReportsToId = input.ReportsToId;
        employee.HireDate = input.HireDate!.Value;
        employee.IsActive = input.IsActive;
        employee.LeftOn = input.LeftOn;

        // Joins the transaction of a form claim (FormSubmissions) when there is one.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
            var account = await db.Users.Include(u => u.Units).SingleOrDefaultAsync(u => u.EmployeeId == employee.Id, ct);
            if (account is not null)
            {
                account.DisplayName = employee.FullName;
                account.Email = account.UserName = employee.Email;
                account.NormalizedEmail = account.NormalizedUserName = employee.Email.ToUpperInvariant();
                // A supervisor's scope follows them to the new unit; someone who left can no longer sign in.
                var isSupervisor = await db.UserRoles.AnyAsync(ur => ur.UserId == account.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Supervisor), ct);
                if (unitChanged && isSupervisor)
                {
                    account.Units.RemoveAll(x => x.UnitId == oldUnit);
                    if (input.UnitId is { } newUnit && account.Units.All(x => x.UnitId != newUnit)) account.Units.Add(new UserUnit { UnitId = newUnit });
                    changes.Add("account unit scope moved");
                }
                if (!input.IsActive && account.LockoutEnd != DateTimeOffset.MaxValue)
                {
                    await LastAdministratorRule.LockAsync(db, ct);
                    if (await LastAdministratorRule.IsLastAsync(db, account.Id, ct))
                    {
                        // Nothing of this save may stay: the employee row above is already written in this transaction
                        // (ours, or the form claim's, which rolls back on a result that did not succeed).
                        if (tx is not null) await tx.RollbackAsync(ct);
                        db.ChangeTracker.Clear();
                        return Outcome.Invalid(new Dictionary<string, string>
                        {
                            ["LeftOn"] = $"{employee.FullName} is the last administrator who can sign in, and recording that they left would disable their account; give someone else the Administrator role first. Nothing was saved.",
                        });
                    }
                }
                if (!input.IsActive)
                {
                    account.LockoutEnabled = true;
                    account.LockoutEnd = DateTimeOffset.MaxValue;
                    account.SecurityStamp = Guid.NewGuid().ToString("N");
                    changes.Add("sign-in disabled");
                }
                else if (account.LockoutEnd == DateTimeOffset.MaxValue)
                {
                    account.LockoutEnd = null;
                    changes.Add("sign-in enabled");
                }
            }
            if (successorUserId is { } successor)
                changes.Add(await HandOverAsync(viewer, employee, account?.Id, successor, reason!, ct));
            audit.Add(viewer, id is null ? AuditAction.Created : AuditAction.Changed, AuditRecords.Employee, employee.Id, employee.Id,
                changes.Count == 0 ? "saved unchanged" : string.Join("; ", changes));
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            return Outcome.Ok(employee.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Stale;
        }
    }

    /// <summary>Moves open evaluations (as evaluator or reviewer) and current goals to the successor, with a history line on each.</summary>
    private async Task<string> HandOverAsync(Viewer viewer, Employee from, int? fromUserId, int toUserId, string reason, CancellationToken ct)
    {
        var to = await db.Users.SingleAsync(u => u.Id == toUserId, ct);
        var now = clock.GetUtcNow();
        var moved = 0;
        if (fromUserId is { } old)
        {
            var evaluations = await db.Evaluations.Where(e => e.EvaluatorUserId == old && e.Status != EvaluationStatus.Closed
                                                             || e.ReviewerUserId == old && e.Status <= EvaluationStatus.Submitted).ToListAsync(ct);
            foreach (var ev in evaluations)
            {
                var roles = new List<string>();
                if (ev.EvaluatorUserId == old && ev.Status != EvaluationStatus.Closed) { ev.EvaluatorUserId = toUserId; roles.Add("evaluator"); }
                if (ev.ReviewerUserId == old && ev.Status <= EvaluationStatus.Submitted) { ev.ReviewerUserId = toUserId; roles.Add("reviewer"); }
                ev.Revision++;
                ev.Events.Add(new EvaluationEvent
                {
                    Step = EvaluationStep.Reassigned, UserId = viewer.UserId, UserName = viewer.Actor.Name, At = now,
                    Note = $"{string.Join(" and ", roles)}: {from.FullName} → {to.DisplayName} ({reason})",
                });
                audit.Add(viewer, AuditAction.Reassigned, AuditRecords.Evaluation, ev.Id, ev.EmployeeId, $"{string.Join(" and ", roles)} {from.FullName} → {to.DisplayName}");
                moved++;
            }
        }
        var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        var goals = await db.UnitGoals.Where(g => g.OwnerEmployeeId == from.Id && g.Status != GoalStatus.Done && g.FiscalYear >= fy).ToListAsync(ct);
        foreach (var g in goals) g.OwnerEmployeeId = to.EmployeeId;
        return $"open work handed to {to.DisplayName}: {moved} evaluation(s), {goals.Count} goal(s) ({reason})";
    }

    /// <summary>
    /// A handover must give each kind of work to someone whose role does it (evaluations are written by
    /// supervisors, managers or administrators, reviewed by managers, leadership or administrators), and
    /// must not make anyone review their own writing or handle their own evaluation.
    /// </summary>
    private async Task<string?> HandOverClashAsync(int fromEmployeeId, int toUserId, CancellationToken ct)
    {
        var fromUserId = await db.Users.Where(u => u.EmployeeId == fromEmployeeId).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        if (fromUserId is null) return null;
        var toEmployee = await db.Users.Where(u => u.Id == toUserId).Select(u => u.EmployeeId).SingleAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == toUserId select r.Name!).ToListAsync(ct);
        var open = await OpenWorkAsync(fromEmployeeId, ct);
        if (open.EvaluationsToWrite > 0 && !roles.Any(r => r is Roles.Supervisor or Roles.Manager or Roles.Administrator))
            return "Evaluations to write go to a supervisor, a manager or an administrator.";
        if (open.EvaluationsToReview > 0 && !roles.Any(r => r is Roles.Leadership or Roles.Manager or Roles.Administrator))
            return "Evaluations to review go to a manager, leadership or an administrator.";
        var clash = await db.Evaluations.AsNoTracking()
            .Where(e => e.EvaluatorUserId == fromUserId && e.Status != EvaluationStatus.Closed && (e.ReviewerUserId == toUserId || e.EmployeeId == toEmployee)
                        || e.ReviewerUserId == fromUserId && e.Status <= EvaluationStatus.Submitted && (e.EvaluatorUserId == toUserId || e.EmployeeId == toEmployee))
            .Select(e => e.Employee!.FirstName + " " + e.Employee.LastName).FirstOrDefaultAsync(ct);
        return clash is null ? null : $"That person would end up reviewing their own writing, or handling their own evaluation, on {clash}'s evaluation; choose someone else.";
    }

    public static string Describe(OpenWork w)
    {
        var parts = new List<string>();
        if (w.EvaluationsToWrite > 0) parts.Add($"{w.EvaluationsToWrite} evaluation(s) to write or close");
        if (w.EvaluationsToReview > 0) parts.Add($"{w.EvaluationsToReview} evaluation(s) to review");
        if (w.GoalsOwned > 0) parts.Add($"{w.GoalsOwned} open goal(s)");
        return parts.Count == 0 ? "no open work" : string.Join(", ", parts);
    }

    private async Task<bool> ReportsUpToAsync(int start, int target, CancellationToken ct)
    {
        var line = await db.Employees.AsNoTracking().Select(e => new { e.Id, e.ReportsToId }).ToDictionaryAsync(e => e.Id, e => e.ReportsToId, ct);
        var seen = new HashSet<int>();
        for (int? at = start; at is { } x && seen.Add(x); at = line.GetValueOrDefault(x))
            if (x == target) return true;
        return false;
    }
}
