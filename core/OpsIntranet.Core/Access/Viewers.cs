using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Core.Access;

/// <summary>
/// Builds the <see cref="Viewer"/> for a user id: a page for the signed-in person, a job for the person
/// who asked for a batch or owns a subscription. Roles come from the role tables and units from the
/// assignments, read when the viewer is built.
/// </summary>
public class Viewers(AppDbContext db, ScorecardCache cache)
{
    /// <summary>The reporting lines, read from employees only; the data version moves with every change to them.</summary>
    public static readonly CachedRead PeopleGraphRead = new("people-graph", typeof(People.Employee));

    private sealed record PersonLink(int Id, int? UnitId, int? ReportsToId);

    /// <summary>
    /// An account as the sign-in check (the web's session validator: stamp, lockout, left, e-mail) and the viewer
    /// (name, employee, roles, units) both need it: read once per request, in one round trip, for both.
    /// </summary>
    public sealed record Account(string DisplayName, int? EmployeeId, List<string> Roles, List<int> Units,
        string? SecurityStamp, DateTimeOffset? LockoutEnd, string? Email, bool Left);

    private static readonly Func<AppDbContext, int, CancellationToken, Task<Account?>> AccountQuery = EF.CompileAsyncQuery(
        (AppDbContext db, int userId, CancellationToken ct) => db.Users.AsNoTracking().AsSingleQuery().Where(u => u.Id == userId).Select(u => new Account(u.DisplayName, u.EmployeeId,
            db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            db.UserUnits.Where(x => x.UserId == u.Id).Select(x => x.UnitId).ToList(),
            u.SecurityStamp, u.LockoutEnd, u.Email, u.Employee != null && !u.Employee.IsActive)).SingleOrDefault());

    // Scoped: a page that asks twice in one request (load, then post) builds the viewer and walks the reporting line once.
    private readonly Dictionary<int, Viewer> _built = [];
    private readonly Dictionary<int, Account?> _accounts = [];

    /// <summary>
    /// The account as stored, read once per scope: the session check at the start of a request and the viewer the page
    /// builds next share one query. Null when the account does not exist.
    /// </summary>
    public async Task<Account?> AccountAsync(int userId, CancellationToken ct = default)
    {
        if (_accounts.TryGetValue(userId, out var read)) return read;
        var account = await AccountQuery(db, userId, ct);
        _accounts[userId] = account;
        return account;
    }

    /// <summary>The employees whose accounts hold a role (e.g. the unit's supervisors): by role data, never by job title.</summary>
    public static IQueryable<int> EmployeesInRole(AppDbContext db, string role) =>
        db.Users.Where(u => u.EmployeeId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)))
            .Select(u => u.EmployeeId!.Value);

    public async Task<Viewer> ForUserAsync(int userId, CancellationToken ct = default)
    {
        if (_built.TryGetValue(userId, out var built)) return built;
        var viewer = await BuildAsync(userId, ct);
        _built[userId] = viewer;
        return viewer;
    }

    private async Task<Viewer> BuildAsync(int userId, CancellationToken ct)
    {
        // One round trip for the account, its roles and its units (every page builds a viewer), shared with the session check.
        var user = await AccountAsync(userId, ct);
        // An account that no longer exists acts as nobody: no role, no unit, no file.
        if (user is null) return Viewer.Nobody(userId);
        var (roles, units) = (user.Roles, user.Units);
        var managed = new HashSet<int>();
        var inUnits = new HashSet<int>();
        if (roles.Contains(Identity.Roles.Manager))
        {
            // The reporting line is walked in memory: a department has hundreds or a few thousand people.
            // The graph is cached per data version, which every change to employees moves (EmployeesInDataVersion).
            var people = await cache.GetOrCreateAsync(PeopleGraphRead, "", async () => (IReadOnlyList<PersonLink>)await db.Employees.AsNoTracking()
                .Select(e => new PersonLink(e.Id, e.UnitId, e.ReportsToId)).ToListAsync(ct), ct);
            var unitSet = units.ToHashSet();
            foreach (var p in people.Where(p => p.UnitId is { } u && unitSet.Contains(u))) managed.Add(p.Id);
            inUnits = [.. managed];
            if (user.EmployeeId is { } self)
            {
                var reports = people.ToLookup(p => p.ReportsToId);
                var queue = new Queue<int>([self]);
                var seen = new HashSet<int> { self };
                while (queue.Count > 0)
                    foreach (var r in reports[queue.Dequeue()])
                        if (seen.Add(r.Id)) { managed.Add(r.Id); queue.Enqueue(r.Id); }
                managed.Remove(self);
            }
        }
        return new Viewer(new Actor(userId, user.DisplayName), user.EmployeeId, roles, units, managed, managed.Where(id => !inUnits.Contains(id)));
    }
}
