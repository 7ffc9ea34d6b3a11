using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.People;

public sealed record RecommendationInput(RecommendationType Type, int? EmployeeId, string? CandidateName, int? UnitId, string? Justification, DateOnly? EffectiveDate, bool SharedWithEmployee);

/// <summary>The department's recommendations a manager keeps, with the units to filter by.</summary>
public sealed record RecommendationList(IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<RecommendationRow> Rows);

/// <summary>Whom a new recommendation may be about (the people the viewer keeps) and the units a hire may be for.</summary>
public sealed record RecommendationChoices(IReadOnlyList<(int Id, string Name)> People, IReadOnlyList<(int Id, string Name)> Units);

public sealed record RecommendationFilter(RecommendationType? Type = null, RecommendationStatus? Status = null, int? UnitId = null);

public sealed record RecommendationRow(int Id, RecommendationType Type, string Subject, int? EmployeeId, string? UnitName, RecommendationStatus Status,
    string RecommendedBy, DateTimeOffset RecommendedAt, string? DecidedBy, DateTimeOffset? DecidedAt, DateOnly? EffectiveDate);

/// <summary>Hire, transfer, promotion, discipline, grievance resolution and discharge recommendations, and their decisions.</summary>
/// <summary>The steps the viewer may take with a recommendation.</summary>
public sealed record RecommendationSteps(bool Manage, bool Decide, bool Withdraw, bool BrowsePeople);

public sealed record RecommendationDetails(PersonnelRecommendation Recommendation, RecommendationSteps Can);

public class RecommendationService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>A recommendation as the viewer may read it, with the read audited; null when it is not there for them (404).</summary>
    public async Task<RecommendationDetails?> DetailsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var rec = await db.Recommendations.AsNoTracking().Include(r => r.Employee).Include(r => r.Unit).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rec is null || !viewer.CanRead(rec)) return null;
        await audit.ViewedAsync(viewer, AuditRecords.Recommendation, [(rec.Id, rec.EmployeeId)], ct: ct);
        return new RecommendationDetails(rec, new RecommendationSteps(viewer.CanManage(rec), viewer.CanDecide(rec), viewer.CanWithdraw(rec), viewer.CanBrowsePeople));
    }

    public const int MaxJustification = 4000;
    public const int MaxCandidate = 160;
    public const int MaxNote = 2000;

    public static string Label(RecommendationType type) => type switch
    {
        RecommendationType.GrievanceResolution => "Grievance resolution",
        _ => type.ToString(),
    };

    /// <summary>The recommendations page for managers and administrators; null for anyone else.</summary>
    public async Task<RecommendationList?> ListPageAsync(Viewer viewer, RecommendationFilter filter, CancellationToken ct = default)
    {
        if (!viewer.CanBrowsePeople) return null;
        var all = viewer.IsAdministrator;
        var unitIds = viewer.ManagedUnitIds.ToList();
        var units = (await db.Units.AsNoTracking().Where(u => all || unitIds.Contains(u.Id)).OrderBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        return new RecommendationList(units, await ListAsync(viewer, filter, ct));
    }

    /// <summary>The choices of a new recommendation; null for someone who may not recommend.</summary>
    public async Task<RecommendationChoices?> ChoicesAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.CanRecommend) return null;
        var self = viewer.EmployeeId ?? 0;
        var people = (await viewer.FilterManaged(db.Employees.AsNoTracking()).Where(e => e.IsActive && e.Id != self)
            .OrderBy(e => e.LastName).Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName + " — " + e.Position }).ToListAsync(ct)).Select(e => (e.Id, e.Name)).ToList();
        // A hire or a transfer goes to a unit that takes people: a deactivated one is not offered.
        var units = (await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        return new RecommendationChoices(people, units);
    }

    /// <summary>The department list: every recommendation whose file the viewer keeps, newest first. Each row shown is a read, and is audited.</summary>
    public async Task<IReadOnlyList<RecommendationRow>> ListAsync(Viewer viewer, RecommendationFilter filter, CancellationToken ct = default)
    {
        var self = viewer.EmployeeId ?? 0;
        var q = db.Recommendations.AsNoTracking().Where(r => r.EmployeeId == null || r.EmployeeId != self);
        if (!viewer.IsAdministrator)
        {
            var managed = viewer.FilterManaged(db.Employees).Select(e => e.Id);
            var units = viewer.ManagedUnitIds.ToList();
            q = q.Where(r => r.EmployeeId != null ? managed.Contains(r.EmployeeId.Value) : r.UnitId != null && units.Contains(r.UnitId.Value));
        }
        if (filter.Type is { } t) q = q.Where(r => r.Type == t);
        if (filter.Status is { } s) q = q.Where(r => r.Status == s);
        if (filter.UnitId is { } u) q = q.Where(r => r.UnitId == u);
        var rows = await q.OrderBy(r => r.Status == RecommendationStatus.Pending ? 0 : 1).ThenByDescending(r => r.RecommendedAt).Take(500)
            .Select(r => new RecommendationRow(r.Id, r.Type, r.Employee != null ? r.Employee.FirstName + " " + r.Employee.LastName : r.CandidateName ?? "", r.EmployeeId,
                r.Unit != null ? r.Unit.Name : null, r.Status, r.RecommendedByName, r.RecommendedAt, r.DecidedByName, r.DecidedAt, r.EffectiveDate))
            .ToListAsync(ct);
        await audit.ViewedAsync(viewer, AuditRecords.Recommendation, rows.Select(r => (r.Id, r.EmployeeId)), "listed", ct: ct);
        return rows;
    }

    public Task<Outcome> CreateAsync(Viewer viewer, RecommendationInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.Recommendation, () => DoCreateAsync(viewer, input, ct), ct);

    private async Task<Outcome> DoCreateAsync(Viewer viewer, RecommendationInput input, CancellationToken ct)
    {
        if (!viewer.CanRecommend) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        Employee? employee = null;
        if (!Enum.IsDefined(input.Type)) errors["Type"] = "Choose the kind of recommendation.";
        string? candidate = null;
        int? unitId = input.UnitId;
        if (input.Type == RecommendationType.Hire)
        {
            candidate = TextRules.Required(errors, "CandidateName", input.CandidateName, MaxCandidate, "Name the candidate.");
            if (input.EmployeeId is not null) errors["EmployeeId"] = "A hire concerns a candidate, not a current employee.";
            if (unitId is null) errors["UnitId"] = "Choose the hiring unit.";
            else if (!viewer.IsAdministrator && !viewer.ManagedUnitIds.Contains(unitId.Value)) errors["UnitId"] = "Choose one of the units you manage.";
        }
        else
        {
            if (input.EmployeeId is null) errors["EmployeeId"] = "Choose the employee.";
            else
            {
                employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == input.EmployeeId, ct);
                if (employee is null || !viewer.Manages(employee.Id) || viewer.IsSelf(employee.Id)) return Outcome.NotFound;
                if (!employee.IsActive) errors["EmployeeId"] = $"{employee.FullName} no longer works here.";
            }
            if (input.Type == RecommendationType.Transfer)
            {
                if (unitId is null) errors["UnitId"] = "Choose the unit the employee would transfer to.";
                else if (unitId == employee?.UnitId) errors["UnitId"] = "The employee already works in that unit.";
            }
            else unitId = employee?.UnitId;
        }
        if (unitId is { } u && !await db.Units.AnyAsync(x => x.Id == u, ct)) errors["UnitId"] = "Choose a unit from the list.";
        // The unit chosen on the form (a hire's or a transfer's) must take people; the employee's own unit is theirs already.
        else if (input.Type is RecommendationType.Hire or RecommendationType.Transfer && unitId is { } to && await db.Units.AnyAsync(x => x.Id == to && !x.IsActive, ct))
            errors["UnitId"] = "That unit is deactivated; it takes nobody new.";
        var justification = TextRules.Required(errors, "Justification", input.Justification, MaxJustification, "Give the justification.");
        if (input.EffectiveDate is { } eff && (eff < DepartmentCalendar.Today(clock).AddYears(-1) || eff > DepartmentCalendar.Today(clock).AddYears(1)))
            errors["EffectiveDate"] = "The proposed effective date must be within a year of today.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var rec = new PersonnelRecommendation
        {
            Type = input.Type, EmployeeId = employee?.Id, CandidateName = candidate, UnitId = unitId, Justification = justification!,
            EffectiveDate = input.EffectiveDate, SharedWithEmployee = employee is not null && input.SharedWithEmployee, Status = RecommendationStatus.Pending,
            RecommendedByUserId = viewer.UserId, RecommendedByName = viewer.Actor.Name, RecommendedAt = clock.GetUtcNow(),
        };
        db.Recommendations.Add(rec);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            audit.Add(viewer, AuditAction.Created, AuditRecords.Recommendation, rec.Id, rec.EmployeeId, $"{Label(rec.Type)} recommended");
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(rec.Id);
        }, ct);
    }

    public async Task<Outcome> DecideAsync(Viewer viewer, int id, uint version, bool approve, string? note, CancellationToken ct = default)
    {
        var rec = await db.Recommendations.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rec is null || !viewer.CanManage(rec)) return Outcome.NotFound;
        if (rec.Version != version) return Outcome.Stale;
        if (rec.RecommendedByUserId == viewer.UserId) return Outcome.Conflict("You made this recommendation; another manager or an administrator decides it.");
        if (rec.Status != RecommendationStatus.Pending) return Outcome.Conflict($"This recommendation was already {rec.Status.ToString().ToLowerInvariant()}; a decision is final.");
        var errors = new Dictionary<string, string>();
        var clean = approve ? TextRules.Optional(errors, "Note", note, MaxNote) : TextRules.Required(errors, "Note", note, MaxNote, "Say why the recommendation is denied.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        rec.Status = approve ? RecommendationStatus.Approved : RecommendationStatus.Denied;
        rec.DecidedByUserId = viewer.UserId;
        rec.DecidedByName = viewer.Actor.Name;
        rec.DecidedAt = clock.GetUtcNow();
        rec.DecisionNote = clean;
        audit.Add(viewer, AuditAction.StepTaken, AuditRecords.Recommendation, rec.Id, rec.EmployeeId, approve ? "approved" : "denied");
        return await db.SaveOutcomeAsync(() => rec.Id, ct);
    }

    public async Task<Outcome> WithdrawAsync(Viewer viewer, int id, uint version, string? reason, CancellationToken ct = default)
    {
        var rec = await db.Recommendations.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rec is null || !viewer.CanManage(rec)) return Outcome.NotFound;
        if (rec.Version != version) return Outcome.Stale;
        if (!viewer.CanWithdraw(rec)) return Outcome.Conflict("Only the person who made a recommendation (or an administrator) can withdraw it.");
        if (rec.Status != RecommendationStatus.Pending) return Outcome.Conflict($"This recommendation was already {rec.Status.ToString().ToLowerInvariant()}; only a pending one can be withdrawn.");
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Required(errors, "Note", reason, MaxNote, "Say why the recommendation is withdrawn.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        rec.Status = RecommendationStatus.Withdrawn;
        rec.DecidedByUserId = viewer.UserId;
        rec.DecidedByName = viewer.Actor.Name;
        rec.DecidedAt = clock.GetUtcNow();
        rec.DecisionNote = clean;
        audit.Add(viewer, AuditAction.StepTaken, AuditRecords.Recommendation, rec.Id, rec.EmployeeId, "withdrawn");
        return await db.SaveOutcomeAsync(() => rec.Id, ct);
    }

}
