using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Core.Units;

public sealed record UnitInput(string? Name, string? Code, string? Description);

/// <summary>A line of the administrators' units list: every unit, active or not, with who runs it and whether it holds data.</summary>
public sealed record UnitAdminRow(int Id, string Name, string Code, bool IsActive, uint Version, IReadOnlyList<string> Supervisors, IReadOnlyList<string> Managers, int Months);

/// <summary>An account assigned to a unit, as the unit's administration page lists it.</summary>
public sealed record UnitAssignee(int UserId, string Name, string Email, IReadOnlyList<string> Roles, bool Disabled);

public sealed record UnitAdminPage(int Id, string Name, string Code, string? Description, bool IsActive, uint Version,
    IReadOnlyList<UnitAssignee> Assigned, IReadOnlyList<(int UserId, string Label)> Candidates);

/// <summary>
/// The department's units, kept by administrators (/admin/units): create, rename, deactivate and reactivate, and assign
/// or remove their supervisors and managers (the accounts whose unit scope includes them). Nothing is deleted: a
/// deactivated unit keeps its months, goals and history, which its page and reports still show, but takes no new data
/// and drops out of the pickers for new work. Every change writes an audit row in the same transaction.
/// </summary>
public partial class UnitAdminService(AppDbContext db, AuditLog audit)
{
    public const int MaxName = 120;
    public const int MaxCode = 16;
    public const int MaxDescription = 1000;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]*$")]
    private static partial Regex CodePattern();

    public async Task<IReadOnlyList<UnitAdminRow>?> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return null;
        var units = await db.Units.AsNoTracking().OrderBy(u => !u.IsActive).ThenBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name, u.Code, u.IsActive, u.Version, Months = db.MetricSubmissions.Count(s => s.UnitId == u.Id) })
            .ToListAsync(ct);
        var assigned = await AssignedAsync(null, ct);
        return units.Select(u => new UnitAdminRow(u.Id, u.Name, u.Code, u.IsActive, u.Version,
            [.. assigned.Where(a => a.UnitId == u.Id && a.Roles.Contains(Roles.Supervisor)).Select(a => a.Name)],
            [.. assigned.Where(a => a.UnitId == u.Id && a.Roles.Contains(Roles.Manager)).Select(a => a.Name)], u.Months)).ToList();
    }

    private sealed record Assignment(int UnitId, int UserId, string Name, string Email, List<string> Roles, bool Disabled);

    private async Task<List<Assignment>> AssignedAsync(int? unitId, CancellationToken ct)
    {
        var q = db.UserUnits.AsNoTracking();
        if (unitId is { } id) q = q.Where(x => x.UnitId == id);
        return await q.OrderBy(x => x.User!.DisplayName)
            .Select(x => new Assignment(x.UnitId, x.UserId, x.User!.DisplayName, x.User.Email ?? "",
                db.UserRoles.Where(ur => ur.UserId == x.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                x.User.LockoutEnd == DateTimeOffset.MaxValue))
            .ToListAsync(ct);
    }

    public async Task<UnitAdminPage?> PageAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return null;
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return null;
        var assigned = await AssignedAsync(id, ct);
        // Who may be given the unit: enabled accounts holding the Supervisor or Manager role, not assigned to it yet.
        var candidates = await db.Users.AsNoTracking()
            .Where(u => u.LockoutEnd != DateTimeOffset.MaxValue && !u.Units.Any(x => x.UnitId == id)
                        && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.Supervisor || r.Name == Roles.Manager))))
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList() })
            .ToListAsync(ct);
        return new UnitAdminPage(unit.Id, unit.Name, unit.Code, unit.Description, unit.IsActive, unit.Version,
            [.. assigned.Select(a => new UnitAssignee(a.UserId, a.Name, a.Email, [.. AccountAdminService.Order(a.Roles)], a.Disabled))],
            [.. candidates.Select(c => (c.Id, $"{c.DisplayName} ({string.Join(", ", AccountAdminService.Order(c.Roles.Where(r => r is Roles.Supervisor or Roles.Manager)))})"))]);
    }

    public Task<Outcome> CreateAsync(Viewer viewer, UnitInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.Unit, () => SaveAsync(viewer, null, 0, input, ct), ct);

    /// <summary>Creates a unit (id null) or renames one: name, code and description, checked whole, unique names and codes.</summary>
    public async Task<Outcome> SaveAsync(Viewer viewer, int? id, uint version, UnitInput input, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        Unit? unit = null;
        if (id is { } existing)
        {
            unit = await db.Units.SingleOrDefaultAsync(u => u.Id == existing, ct);
            if (unit is null) return Outcome.NotFound;
            if (unit.Version != version) return Outcome.Stale;
        }
        var errors = new Dictionary<string, string>();
        var name = TextRules.Required(errors, "Name", input.Name, MaxName, "Give the unit's name, e.g. Utility Contact Center.");
        var code = TextRules.Required(errors, "Code", input.Code, MaxCode, "Give a short code, e.g. UCC; it names the unit's downloads.")?.ToUpperInvariant();
        if (code is not null && !errors.ContainsKey("Code") && !CodePattern().IsMatch(code)) errors["Code"] = "Use letters, digits and hyphens only, e.g. UCC or WALK-IN.";
        var description = TextRules.Optional(errors, "Description", input.Description, MaxDescription);
        var self = id ?? 0;
        if (name is not null && !errors.ContainsKey("Name") && await db.Units.AnyAsync(u => u.Id != self && EF.Functions.ILike(u.Name, Like(name)), ct))
            errors["Name"] = $"There is a unit called {name} already (perhaps deactivated: reactivate it instead).";
        if (code is not null && !errors.ContainsKey("Code") && await db.Units.AnyAsync(u => u.Id != self && u.Code == code, ct))
            errors["Code"] = $"Another unit has the code {code}.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        string detail;
        if (unit is null)
        {
            unit = new Unit { Name = name!, Code = code!, Description = description, SortOrder = (await db.Units.MaxAsync(u => (int?)u.SortOrder, ct) ?? 0) + 1 };
            db.Units.Add(unit);
            detail = $"created {name} ({code})";
        }
        else
        {
            var changes = new List<string>();
            if (unit.Name != name) changes.Add($"name: {unit.Name} → {name}");
            if (unit.Code != code) changes.Add($"code: {unit.Code} → {code}");
            if (unit.Description != description) changes.Add("description changed");
            if (changes.Count == 0) return Outcome.Ok(unit.Id);
            (unit.Name, unit.Code, unit.Description) = (name!, code!, description);
            detail = string.Join("; ", changes);
        }
        var duplicate = Outcome.Invalid(new Dictionary<string, string> { ["Name"] = "Another unit has this name or code; it was saved a moment ago." });
        return await db.InTransactionAsync(async () =>
        {
            var saved = await db.SaveOutcomeAsync(() => unit.Id, ct, duplicate);
            if (!saved.Succeeded) return saved;
            audit.Add(viewer, id is null ? AuditAction.Created : AuditAction.Changed, AuditRecords.Unit, unit.Id, null, detail);
            await db.SaveChangesAsync(ct);
            return saved;
        }, ct);
    }

    /// <summary>Deactivates (history stays; no new data) or reactivates a unit.</summary>
    /// <summary>The text as an ILIKE pattern that matches only itself, whatever the case.</summary>
    private static string Like(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public async Task<Outcome> SetActiveAsync(Viewer viewer, int id, uint version, bool active, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return Outcome.NotFound;
        if (unit.Version != version) return Outcome.Stale;
        if (unit.IsActive == active) return Outcome.Conflict(active ? $"{unit.Name} is active already." : $"{unit.Name} is deactivated already.");
        unit.IsActive = active;
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Unit, id, null, active ? $"reactivated {unit.Name}" : $"deactivated {unit.Name}");
        return await db.InTransactionAsync(() => db.SaveOutcomeAsync(() => id, ct), ct);
    }

    /// <summary>Adds the unit to a supervisor's or manager's scope; they see it on their next request.</summary>
    public async Task<Outcome> AssignAsync(Viewer viewer, int unitId, int? userId, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return Outcome.NotFound;
        var page = await PageAsync(viewer, unitId, ct);
        if (!unit.IsActive) return Outcome.Conflict($"{unit.Name} is deactivated; reactivate it before assigning people to it.");
        if (userId is not { } uid || page!.Candidates.All(c => c.UserId != uid))
            return Outcome.Invalid(new Dictionary<string, string> { ["UserId"] = "Choose a supervisor or manager from the list." });
        var user = await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => new { u.DisplayName, u.EmployeeId }).SingleAsync(ct);
        db.UserUnits.Add(new UserUnit { UnitId = unitId, UserId = uid });
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Unit, unitId, user.EmployeeId, $"{user.DisplayName} assigned to {unit.Name}");
        return await db.InTransactionAsync(() => db.SaveOutcomeAsync(() => unitId, ct,
            Outcome.Conflict($"{user.DisplayName} was assigned to {unit.Name} a moment ago by someone else.")), ct);
    }

    /// <summary>Takes the unit out of an account's scope; the unit's history keeps what they did.</summary>
    public async Task<Outcome> RemoveAsync(Viewer viewer, int unitId, int userId, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var assignment = await db.UserUnits.Include(x => x.User).Include(x => x.Unit).SingleOrDefaultAsync(x => x.UnitId == unitId && x.UserId == userId, ct);
        if (assignment is null) return Outcome.NotFound;
        db.UserUnits.Remove(assignment);
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Unit, unitId, assignment.User!.EmployeeId, $"{assignment.User.DisplayName} removed from {assignment.Unit!.Name}");
        return await db.InTransactionAsync(() => db.SaveOutcomeAsync(() => unitId, ct), ct);
    }
}
