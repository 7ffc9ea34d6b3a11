using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Reports;

/// <summary>
/// The recipients of one report run as they are collected: each address once (trimmed, lower case) with every reason it is
/// on the list, counting only active accounts with an e-mail address. Subscriptions and storm situation reports both
/// resolve their lists through it, so "who is active" and "who leads a unit" are one rule.
/// </summary>
public sealed class RecipientList(AppDbContext db, TimeProvider clock)
{
    private readonly Dictionary<string, (string? Name, List<string> Sources)> _found = new(StringComparer.Ordinal);

    /// <summary>The addresses in the order they were first added, with the person's name when known and every reason.</summary>
    public IEnumerable<(string Address, string? Name, IReadOnlyList<string> Sources)> Entries =>
        _found.Select(f => (f.Key, f.Value.Name, (IReadOnlyList<string>)f.Value.Sources));

    public void Add(string? address, string? name, string source)
    {
        var key = address?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(key)) return;
        if (!_found.TryGetValue(key, out var entry)) _found[key] = entry = (name, []);
        else if (entry.Name is null && name is not null) _found[key] = entry = (name, entry.Sources);
        if (!entry.Sources.Contains(source)) entry.Sources.Add(source);
    }

    /// <summary>Everyone holding one of the roles (Identity.Roles names), as "Role: Leadership".</summary>
    public async Task AddRolesAsync(IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        if (roles.Count == 0) return;
        var inRoles = await (from u in Active()
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where roles.Contains(r.Name!)
                             orderby u.DisplayName
                             select new { u.Email, u.DisplayName, Role = r.Name! }).ToListAsync(ct);
        foreach (var u in inRoles) Add(u.Email, u.DisplayName, $"Role: {u.Role}");
    }

    /// <summary>The people assigned to the units who hold one of the roles, in the units' order; <paramref name="source"/> words the reason from (unit, role).</summary>
    public async Task AddUnitLeadersAsync(IReadOnlyCollection<int> unitIds, IReadOnlyCollection<string> roles, Func<string, string, string> source, CancellationToken ct)
    {
        if (unitIds.Count == 0 || roles.Count == 0) return;
        var leaders = await (from u in Active()
                             join uu in db.UserUnits on u.Id equals uu.UserId
                             join unit in db.Units on uu.UnitId equals unit.Id
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             join r in db.Roles on ur.RoleId equals r.Id
                             where unitIds.Contains(uu.UnitId) && roles.Contains(r.Name!)
                             orderby unit.SortOrder, unit.Name, u.DisplayName
                             select new { u.Email, u.DisplayName, Unit = unit.Name, Role = r.Name! }).ToListAsync(ct);
        foreach (var u in leaders) Add(u.Email, u.DisplayName, source(u.Unit, u.Role));
    }

    /// <summary>Active: not switched off by an administrator (locked out for good) and, for an employee's account, still employed.</summary>
    private IQueryable<Identity.AppUser> Active()
    {
        var now = clock.GetUtcNow();
        return db.Users.AsNoTracking().Where(u => u.Email != null && u.Email != ""
            && (u.LockoutEnd == null || u.LockoutEnd < now) && (u.Employee == null || u.Employee.IsActive));
    }
}
