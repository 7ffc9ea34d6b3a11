using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.People;

/// <summary>
/// Who may see and do what with confidential personnel records (BRIEF.md, people and performance):
/// an employee sees their own evaluations once approved and whatever was shared with them; a manager
/// keeps the records of the people in their units and of everyone below them in the reporting line;
/// leadership sees aggregates only; administrators see all. The reviewer named on an evaluation may
/// read that evaluation. Everything else is treated as not there (404).
/// </summary>
public sealed class PersonnelViewer
{
    private readonly HashSet<int> _managed;

    internal PersonnelViewer(Actor actor, int? employeeId, bool isAdministrator, bool isManager, bool isLeadership, HashSet<int> managed)
    {
        Actor = actor;
        EmployeeId = employeeId;
        IsAdministrator = isAdministrator;
        IsManager = isManager;
        IsLeadership = isLeadership;
        _managed = managed;
    }

    public Actor Actor { get; }
    public int UserId => Actor.UserId;
    public int? EmployeeId { get; }
    public bool IsAdministrator { get; }
    public bool IsManager { get; }
    public bool IsLeadership { get; }

    /// <summary>The employees whose files this manager keeps (never themselves); empty for everyone else, administrators included, who see all.</summary>
    public IReadOnlySet<int> ManagedEmployeeIds => _managed;

    /// <summary>Keeps this person's file: writes the log, recommends discipline, reads everything about them. Nobody keeps their own, administrators included.</summary>
    public bool Manages(int employeeId) => !IsSelf(employeeId) && (IsAdministrator || _managed.Contains(employeeId));

    public bool IsSelf(int employeeId) => EmployeeId == employeeId;

    public bool CanOpenProfile(int employeeId) => Manages(employeeId) || IsSelf(employeeId);

    /// <summary>The people directory and department lists: managers (their people) and administrators.</summary>
    public bool CanBrowsePeople => IsAdministrator || IsManager;

    public IQueryable<Employee> FilterManaged(IQueryable<Employee> people)
    {
        var self = EmployeeId ?? 0;
        if (IsAdministrator) return people.Where(e => e.Id != self);
        // In SQL by unit plus the (short) list of reports outside those units, rather than thousands of ids.
        var units = ManagedUnitIds.ToList();
        var reports = ReportsOutsideUnits.ToList();
        return people.Where(e => e.Id != self && (e.UnitId != null && units.Contains(e.UnitId.Value) || reports.Contains(e.Id)));
    }

    /// <summary>People below this manager in the reporting line who are not in one of their units.</summary>
    public IReadOnlySet<int> ReportsOutsideUnits { get; init; } = new HashSet<int>();

    public bool CanRead(Evaluation e) =>
        Manages(e.EmployeeId) || e.EvaluatorUserId == UserId || e.ReviewerUserId == UserId
        || IsSelf(e.EmployeeId) && e.Status >= EvaluationStatus.Approved;

    public bool CanRead(PerformanceLogEntry e) => Manages(e.EmployeeId) || IsSelf(e.EmployeeId) && e.SharedWithEmployee;

    public bool CanRead(DisciplinaryAction a) => Manages(a.EmployeeId) || IsSelf(a.EmployeeId) && a.SharedWithEmployee;

    public bool CanRead(PersonnelRecommendation r) => CanManage(r) || r.EmployeeId is { } id && IsSelf(id) && r.SharedWithEmployee;

    /// <summary>A recommendation about an employee goes with their file; a hire goes with the hiring unit.</summary>
    public bool CanManage(PersonnelRecommendation r) =>
        r.EmployeeId is { } id ? Manages(id) : IsAdministrator || IsManager && r.UnitId is { } unit && ManagedUnitIds.Contains(unit);

    public IReadOnlySet<int> ManagedUnitIds { get; init; } = new HashSet<int>();

    /// <summary>Decides someone else's recommendation: an administrator, or another manager who keeps the file (never one's own).</summary>
    public bool CanDecide(PersonnelRecommendation r) => CanManage(r) && r.RecommendedByUserId != UserId;

    public bool CanApprove(DisciplinaryAction a) => Manages(a.EmployeeId) && a.RecommendedByUserId != UserId;
}

public class PersonnelAccessService(AppDbContext db, Scorecards.ScorecardCache cache)
{
    /// <summary>The reporting lines, read from employees only; the data version moves with every change to them.</summary>
    public static readonly Scorecards.CachedRead PeopleGraphRead = new("people-graph", typeof(Employee));

    private sealed record PersonLink(int Id, int? UnitId, int? ReportsToId);

    public const string DisplayNameClaim = "display_name";

    // Scoped: a page that asks twice in one request (load, then post) walks the reporting line once.
    private (ClaimsPrincipal User, PersonnelViewer Viewer)? _last;

    public async Task<PersonnelViewer> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (_last is { } last && ReferenceEquals(last.User, user)) return last.Viewer;
        var viewer = await BuildAsync(user, ct);
        _last = (user, viewer);
        return viewer;
    }

    private async Task<PersonnelViewer> BuildAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = Actor.From(user, DisplayNameClaim);
        var employeeId = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.EmployeeId).SingleOrDefaultAsync(ct);
        var isManager = user.IsInRole(Roles.Manager);
        var managed = new HashSet<int>();
        var units = new HashSet<int>();
        var inUnits = new HashSet<int>();
        if (isManager)
        {
            units = [.. await db.UserUnits.Where(x => x.UserId == actor.UserId).Select(x => x.UnitId).ToListAsync(ct)];
            // The reporting line is walked in memory: a department has hundreds or a few thousand people.
            // The graph is cached per data version, which every change to employees moves (EmployeesInDataVersion).
            var people = await cache.GetOrCreateAsync(PeopleGraphRead, "", async () => (IReadOnlyList<PersonLink>)await db.Employees.AsNoTracking()
                .Select(e => new PersonLink(e.Id, e.UnitId, e.ReportsToId)).ToListAsync(ct), ct);
            foreach (var p in people.Where(p => p.UnitId is { } u && units.Contains(u))) managed.Add(p.Id);
            inUnits = [.. managed];
            if (employeeId is { } self)
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
        return new PersonnelViewer(actor, employeeId, user.IsInRole(Roles.Administrator), isManager, user.IsInRole(Roles.Leadership), managed)
        {
            ManagedUnitIds = units,
            ReportsOutsideUnits = managed.Where(id => !inUnits.Contains(id)).ToHashSet(),
        };
    }
}
