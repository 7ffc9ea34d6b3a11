using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Access;

/// <summary>
/// The person a request or a job acts for, and every access rule about them, in one place
/// (BRIEF.md): which units they see (leadership and administrators the whole department,
/// supervisors and managers the units they are assigned to), what they may do with a unit's month and
/// its metric definitions, which personnel files they keep (a manager: the people of their units and
/// everyone below them in the reporting line), and what they may do with improvement work. Built by
/// <see cref="Viewers"/> from role and assignment data, never from a sign-in cookie or a job title,
/// so a background job acting for a person sees exactly what that person's pages show.
/// Anything a viewer may not read is treated as not there (404).
/// </summary>
public sealed class Viewer
{
    private readonly HashSet<string> _roles;
    private readonly HashSet<int> _unitIds;
    private readonly HashSet<int> _managed;
    private readonly HashSet<int> _reportsOutsideUnits;

    internal Viewer(Actor actor, int? employeeId, IEnumerable<string> roles, IEnumerable<int> unitIds, IEnumerable<int> managed, IEnumerable<int> reportsOutsideUnits, bool isSystem = false)
    {
        Actor = actor;
        EmployeeId = employeeId;
        _roles = new HashSet<string>(roles, StringComparer.Ordinal);
        _unitIds = [.. unitIds];
        _managed = [.. managed];
        _reportsOutsideUnits = [.. reportsOutsideUnits];
        IsSystem = isSystem;
        AllUnits = isSystem || IsLeadership || IsAdministrator;
    }

    /// <summary>
    /// Scheduled work that acts for nobody in particular (the department scorecard e-mail): reads every
    /// unit's approved figures, holds no role, keeps no personnel file and may take no step.
    /// </summary>
    public static Viewer System { get; } = new(new Actor(0, "System"), null, [], [], [], [], isSystem: true);

    /// <summary>Someone the app does not know (no account): no role, no unit, no file.</summary>
    public static Viewer Nobody(int userId) => new(new Actor(userId, "unknown"), null, [], [], [], []);

    private string? _scopeKey;

    /// <summary>
    /// What decides which units and steps a page shows this viewer: roles and the unit set. Two viewers with
    /// the same key see the same scorecards, so a page cached for one may be served to the other; anything
    /// about the person themselves (their inbox, their file) is keyed by <see cref="UserId"/> as well.
    /// </summary>
    public string ScopeKey => _scopeKey ??=
        $"{string.Join(',', _roles.Order(StringComparer.Ordinal))}|{(AllUnits ? "all" : string.Join(',', _unitIds.Order()))}{(IsSystem ? "|system" : "")}";

    public Actor Actor { get; }
    public int UserId => Actor.UserId;
    public int? EmployeeId { get; }
    public bool IsSystem { get; }

    public IReadOnlySet<string> Roles => _roles;
    public bool IsInRole(string role) => _roles.Contains(role);
    public bool IsSupervisor => IsInRole(Identity.Roles.Supervisor);
    public bool IsManager => IsInRole(Identity.Roles.Manager);
    public bool IsLeadership => IsInRole(Identity.Roles.Leadership);
    public bool IsAdministrator => IsInRole(Identity.Roles.Administrator);

    // ---- Units: what the viewer sees and where they act ----

    /// <summary>Sees every unit: leadership, administrators and scheduled work.</summary>
    public bool AllUnits { get; private init; }

    /// <summary>The units the person is assigned to (supervises or manages), whatever else they may read.</summary>
    public IReadOnlySet<int> UnitIds => _unitIds;

    public bool Contains(int unitId) => AllUnits || _unitIds.Contains(unitId);

    /// <summary>Assigned to the unit: the condition for entering or approving its data, which reading everything does not give.</summary>
    public bool IsAssigned(int unitId) => _unitIds.Contains(unitId);

    public IQueryable<Units.Unit> Filter(IQueryable<Units.Unit> units) => AllUnits ? units : units.Where(u => _unitIds.Contains(u.Id));

    /// <summary>The same person looking at only some of the units they see (a page about one unit, a supervisor's own units).</summary>
    public Viewer OnlyUnits(IEnumerable<int> unitIds) =>
        new(Actor, EmployeeId, _roles, unitIds.Where(Contains), _managed, _reportsOutsideUnits) { AllUnits = false };

    /// <summary>
    /// What the viewer may do with a unit's month. Reading follows the unit scope; entering data needs the
    /// Supervisor or Manager role and an assignment to the unit; approving, returning and reopening need
    /// the Manager role and an assignment. Leadership reads without acting. Administrators may also
    /// decide a submitted month: most units have one manager, and a month she changed or submitted needs
    /// someone else to approve it (<see cref="MonthAuthors"/>).
    /// </summary>
    public MonthPermissions ForMonth(int unitId)
    {
        var assigned = IsAssigned(unitId);
        var manager = assigned && IsManager;
        return new MonthPermissions(
            CanView: Contains(unitId),
            CanEdit: assigned && (IsSupervisor || IsManager),
            CanReview: manager,
            CanDecide: manager || IsAdministrator);
    }

    /// <summary>Metric definitions are kept by administrators (every unit) and managers (the units they are assigned to).</summary>
    public bool CanManageMetrics(int unitId) => IsAdministrator || IsManager && IsAssigned(unitId);

    // ---- Personnel records (BRIEF.md, people and performance) ----
    // An employee sees their own evaluations once approved and whatever was shared with them; a manager
    // keeps the records of the people in their units and of everyone below them in the reporting line;
    // leadership sees aggregates only; administrators see all. The reviewer named on an evaluation may
    // read that evaluation.

    /// <summary>The employees whose files this manager keeps (never themselves); empty for everyone else, administrators included, who see all.</summary>
    public IReadOnlySet<int> ManagedEmployeeIds => _managed;

    /// <summary>The units whose people a manager keeps; empty for everyone else.</summary>
    public IReadOnlySet<int> ManagedUnitIds => IsManager ? _unitIds : EmptyIds;

    /// <summary>People below this manager in the reporting line who are not in one of their units.</summary>
    public IReadOnlySet<int> ReportsOutsideUnits => _reportsOutsideUnits;

    private static readonly HashSet<int> EmptyIds = [];

    /// <summary>Keeps this person's file: writes the log, recommends discipline, reads everything about them. Nobody keeps their own, administrators included.</summary>
    public bool Manages(int employeeId) => !IsSelf(employeeId) && (IsAdministrator || _managed.Contains(employeeId));

    public bool IsSelf(int employeeId) => EmployeeId == employeeId;

    public bool CanOpenProfile(int employeeId) => Manages(employeeId) || IsSelf(employeeId);

    /// <summary>The people directory and department lists: managers (their people) and administrators.</summary>
    public bool CanBrowsePeople => IsAdministrator || IsManager;

    /// <summary>Starts an evaluation cycle: managers and administrators.</summary>
    public bool CanStartCycle => IsAdministrator || IsManager;

    /// <summary>Makes a personnel recommendation (about someone they keep, or a hire for their unit): managers and administrators.</summary>
    public bool CanRecommend => IsAdministrator || IsManager;

    /// <summary>The department's personnel figures in aggregate: leadership and administrators.</summary>
    public bool CanSeePersonnelOverview => IsLeadership || IsAdministrator;

    /// <summary>Closes an approved evaluation: its evaluator or an administrator.</summary>
    public bool CanClose(Evaluation e) => e.EvaluatorUserId == UserId || IsAdministrator;

    /// <summary>Reopens an approved evaluation: its reviewer or an administrator.</summary>
    public bool CanReopen(Evaluation e) => e.ReviewerUserId == UserId || IsAdministrator;

    /// <summary>Adds, edits, moves and records the leaving of employees: administrators.</summary>
    public bool CanEditPeople => IsAdministrator;

    public IQueryable<Employee> FilterManaged(IQueryable<Employee> people)
    {
        var self = EmployeeId ?? 0;
        if (IsAdministrator) return people.Where(e => e.Id != self);
        // In SQL by unit plus the (short) list of reports outside those units, rather than thousands of ids.
        var units = ManagedUnitIds.ToList();
        var reports = ReportsOutsideUnits.ToList();
        return people.Where(e => e.Id != self && (e.UnitId != null && units.Contains(e.UnitId.Value) || reports.Contains(e.Id)));
    }

    public bool CanRead(Evaluation e) =>
        Manages(e.EmployeeId) || e.EvaluatorUserId == UserId || e.ReviewerUserId == UserId
        || IsSelf(e.EmployeeId) && e.Status >= EvaluationStatus.Approved;

    public bool CanRead(PerformanceLogEntry e) => Manages(e.EmployeeId) || IsSelf(e.EmployeeId) && e.SharedWithEmployee;

    public bool CanRead(DisciplinaryAction a) => Manages(a.EmployeeId) || IsSelf(a.EmployeeId) && a.SharedWithEmployee;

    public bool CanRead(PersonnelRecommendation r) => CanManage(r) || r.EmployeeId is { } id && IsSelf(id) && r.SharedWithEmployee;

    /// <summary>A recommendation about an employee goes with their file; a hire goes with the hiring unit.</summary>
    public bool CanManage(PersonnelRecommendation r) =>
        r.EmployeeId is { } id ? Manages(id) : IsAdministrator || IsManager && r.UnitId is { } unit && ManagedUnitIds.Contains(unit);

    /// <summary>Decides someone else's recommendation: an administrator, or another manager who keeps the file (never one's own).</summary>
    public bool CanDecide(PersonnelRecommendation r) => CanManage(r) && r.RecommendedByUserId != UserId;

    /// <summary>Withdraws a recommendation: whoever made it, or an administrator.</summary>
    public bool CanWithdraw(PersonnelRecommendation r) => r.RecommendedByUserId == UserId || IsAdministrator;

    public bool CanApprove(DisciplinaryAction a) => Manages(a.EmployeeId) && a.RecommendedByUserId != UserId;

    /// <summary>Resolves a grievance against an action: someone who keeps the file, never the one who recommended the action.</summary>
    public bool CanResolveGrievance(DisciplinaryAction a) => Manages(a.EmployeeId) && a.RecommendedByUserId != UserId;

    // ---- Improvement work ----
    // Supervisors see and update the initiatives of their units (updates, completing actions); managers
    // manage them for their units; leadership reads all; administrators manage all.

    public bool CanRead(IEnumerable<int> units) => AllUnits || units.Any(IsAssigned);
    public bool CanContribute(IEnumerable<int> units) => IsAdministrator || (IsManager || IsSupervisor) && units.Any(IsAssigned);
    public bool CanManage(IEnumerable<int> units) => IsAdministrator || IsManager && units.Any(IsAssigned);
    public bool CanCreate => IsAdministrator || IsManager && UnitIds.Count > 0;

    /// <summary>Starts a special project or committee: managers and administrators.</summary>
    public bool CanStartProject => IsAdministrator || IsManager;

    /// <summary>Asks for the continuous-improvement report: managers (of their units), leadership and administrators (all), and scheduled work.</summary>
    public bool CanReadImprovementReport => IsSystem || IsLeadership || IsAdministrator || IsManager;
}
