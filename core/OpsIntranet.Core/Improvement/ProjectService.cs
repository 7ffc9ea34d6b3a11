using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Improvement;

public sealed record ProjectInput(ProjectKind Kind, string? Name, string? Purpose, ProjectStatus Status, int? LeadEmployeeId, DateOnly? StartDate, DateOnly? EndDate);

/// <summary>The steps the viewer may take on the projects list.</summary>
public sealed record ProjectListSteps(bool CanCreate);

/// <summary>The steps the viewer may take on one project: keep it up to date (edit, members, meetings, milestones).</summary>
public sealed record ProjectSteps(bool CanManage);

/// <summary>A project as the viewer may see it, with what they may do with it.</summary>
public sealed record ProjectDetails(SpecialProject Project, ProjectSteps Steps);

public sealed record ProjectRow(int Id, ProjectKind Kind, string Name, ProjectStatus Status, string? Lead, int Members, DateOnly StartDate, DateOnly? EndDate, DateOnly? NextMilestone, DateOnly? LastMeeting);

/// <summary>
/// Special projects and ad-hoc committees. Managers, leadership and administrators see them all;
/// supervisors see those they lead or sit on. The lead, the person who recorded it and administrators keep it up to date.
/// </summary>
public class ProjectService(AppDbContext db, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxPurpose = 2000;
    public const int MaxRole = 120;
    public const int MaxNotes = 4000;

    private static readonly Outcome AlreadyRecorded = Outcome.Conflict("Already recorded: someone saved the same thing a moment ago.");

    private static bool SeesAll(Viewer v) => v.IsAdministrator || v.IsManager || v.AllUnits;

    private static bool CanRead(Viewer v, SpecialProject p) =>
        SeesAll(v) || v.EmployeeId is { } me && (p.LeadEmployeeId == me || p.Members.Any(m => m.EmployeeId == me));

    private static bool CanManage(Viewer v, SpecialProject p) =>
        v.IsAdministrator || p.CreatedByUserId == v.Actor.UserId || v.EmployeeId is { } me && p.LeadEmployeeId == me;

    public static ProjectListSteps ListSteps(Viewer viewer) => new(viewer.CanStartProject);

    /// <summary>A project with its members and entries, or null when missing or not the viewer's to see.</summary>
    public async Task<ProjectDetails?> DetailsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var project = await db.SpecialProjects.AsNoTracking().Include(p => p.Lead).Include(p => p.Members).ThenInclude(m => m.Employee).Include(p => p.Entries)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, ct);
        return project is null || !CanRead(viewer, project) ? null : new ProjectDetails(project, new ProjectSteps(CanManage(viewer, project)));
    }

    /// <summary>The form of an existing project for someone who keeps it, or null (missing, not theirs to see or not theirs to change).</summary>
    public async Task<SpecialProject?> ForEditAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var project = await db.SpecialProjects.AsNoTracking().Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == id, ct);
        return project is null || !CanRead(viewer, project) || !CanManage(viewer, project) ? null : project;
    }

    /// <summary>A new project's form, started today and led by the viewer; null for someone who may not start one.</summary>
    public ProjectInput? NewForm(Viewer viewer) =>
        viewer.CanStartProject ? new ProjectInput(default, null, null, default, viewer.EmployeeId, DepartmentCalendar.Today(clock), null) : null;

    public async Task<IReadOnlyList<ProjectRow>> ListAsync(Viewer viewer, ProjectStatus? status, CancellationToken ct = default)
    {
        var me = viewer.EmployeeId ?? -1;
        var all = SeesAll(viewer);
        var q = db.SpecialProjects.AsNoTracking().Where(p => all || p.LeadEmployeeId == me || p.Members.Any(m => m.EmployeeId == me));
        if (status is { } s) q = q.Where(p => p.Status == s);
        var today = DepartmentCalendar.Today(clock);
        return await q.OrderBy(p => p.Status).ThenBy(p => p.Name)
            .Select(p => new ProjectRow(p.Id, p.Kind, p.Name, p.Status, p.Lead == null ? null : p.Lead.FirstName + " " + p.Lead.LastName, p.Members.Count, p.StartDate, p.EndDate,
                p.Entries.Where(e => e.Kind == ProjectEntryKind.Milestone && !e.Done).OrderBy(e => e.Date).Select(e => (DateOnly?)e.Date).FirstOrDefault(),
                p.Entries.Where(e => e.Kind == ProjectEntryKind.Meeting && e.Date <= today).OrderByDescending(e => e.Date).Select(e => (DateOnly?)e.Date).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public Task<Outcome> SaveAsync(Viewer viewer, int? id, uint version, ProjectInput input, CancellationToken ct = default) =>
        id is not null ? DoSaveAsync(viewer, id, version, input, ct) : db.OnceAsync(FormKinds.Project, () => DoSaveAsync(viewer, null, version, input, ct), ct);

    private async Task<Outcome> DoSaveAsync(Viewer viewer, int? id, uint version, ProjectInput input, CancellationToken ct)
    {
        SpecialProject? project = null;
        if (id is { } existing)
        {
            project = await db.SpecialProjects.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == existing, ct);
            if (project is null || !CanRead(viewer, project)) return Outcome.NotFound;
            if (!CanManage(viewer, project)) return Outcome.Conflict("Only the lead, the person who recorded it or an administrator changes this record.");
            if (project.Version != version) return Outcome.Stale;
        }
        else if (!viewer.CanStartProject) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        var name = TextRules.Required(errors, "Name", input.Name, MaxName, "Name the project or committee.");
        var purpose = TextRules.Required(errors, "Purpose", input.Purpose, MaxPurpose, "State its purpose.");
        if (!Enum.IsDefined(input.Kind)) errors["Kind"] = "Choose project or committee.";
        if (!Enum.IsDefined(input.Status)) errors["Status"] = "Choose a status.";
        if (input.LeadEmployeeId is { } lead && !await db.Employees.AnyAsync(e => e.Id == lead && e.IsActive, ct)) errors["LeadEmployeeId"] = "Choose an active employee.";
        if (input.StartDate is null) errors["StartDate"] = "Give the start date.";
        if (input.EndDate is { } end && input.StartDate is { } start && end < start) errors["EndDate"] = "The end date is before the start date.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (project is null)
        {
            project = new SpecialProject { Name = name!, Purpose = purpose!, CreatedAt = clock.GetUtcNow(), CreatedByUserId = viewer.Actor.UserId, CreatedByName = viewer.Actor.Name };
            db.SpecialProjects.Add(project);
        }
        (project.Kind, project.Name, project.Purpose, project.Status, project.LeadEmployeeId, project.StartDate, project.EndDate) =
            (input.Kind, name!, purpose!, input.Status, input.LeadEmployeeId, input.StartDate!.Value, input.EndDate);
        return await db.SaveOutcomeAsync(() => project.Id, ct, AlreadyRecorded);
    }

    public Task<Outcome> AddMemberAsync(Viewer viewer, int projectId, int? employeeId, string? externalName, string? role, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.ProjectMember, () => DoAddMemberAsync(viewer, projectId, employeeId, externalName, role, ct), ct);

    private async Task<Outcome> DoAddMemberAsync(Viewer viewer, int projectId, int? employeeId, string? externalName, string? role, CancellationToken ct)
    {
        var project = await db.SpecialProjects.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !CanRead(viewer, project)) return Outcome.NotFound;
        if (!CanManage(viewer, project)) return Outcome.Conflict("Only the lead, the person who recorded it or an administrator adds members.");
        var errors = new Dictionary<string, string>();
        var external = TextRules.Optional(errors, "ExternalName", externalName, 160);
        var cleanRole = TextRules.Required(errors, "Role", role, MaxRole, "Give the member's role, e.g. chair, member, secretary.");
        if (employeeId is null && external is null) errors["MemberEmployeeId"] = "Choose an employee, or name someone from another department.";
        else if (employeeId is not null && external is not null) errors["ExternalName"] = "Either an employee or a name from another department, not both.";
        else if (employeeId is { } e)
        {
            if (!await db.Employees.AnyAsync(x => x.Id == e && x.IsActive, ct)) errors["MemberEmployeeId"] = "Choose an active employee.";
            else if (project.Members.Any(m => m.EmployeeId == e)) errors["MemberEmployeeId"] = "Already a member.";
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);
        project.Members.Add(new ProjectMember { EmployeeId = employeeId, ExternalName = external, Role = cleanRole! });
        return await db.SaveOutcomeAsync(() => project.Id, ct, AlreadyRecorded);
    }

    public Task<Outcome> AddEntryAsync(Viewer viewer, int projectId, ProjectEntryKind kind, DateOnly? date, string? title, string? notes, bool done, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.ProjectEntry, () => DoAddEntryAsync(viewer, projectId, kind, date, title, notes, done, ct), ct);

    private async Task<Outcome> DoAddEntryAsync(Viewer viewer, int projectId, ProjectEntryKind kind, DateOnly? date, string? title, string? notes, bool done, CancellationToken ct)
    {
        var project = await db.SpecialProjects.Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !CanRead(viewer, project)) return Outcome.NotFound;
        if (!CanManage(viewer, project)) return Outcome.Conflict("Only the lead, the person who recorded it or an administrator records meetings and milestones.");
        var errors = new Dictionary<string, string>();
        var cleanTitle = TextRules.Required(errors, "EntryTitle", title, MaxName, kind == ProjectEntryKind.Meeting ? "Say what the meeting was about." : "Name the milestone.");
        var cleanNotes = TextRules.Optional(errors, "EntryNotes", notes, MaxNotes);
        if (!Enum.IsDefined(kind)) errors["EntryKind"] = "Choose meeting or milestone.";
        if (date is null) errors["EntryDate"] = "Give the date.";
        else if (kind == ProjectEntryKind.Meeting && date > DepartmentCalendar.Today(clock)) errors["EntryDate"] = "Record a meeting once it has been held.";
        else if (date < project.StartDate.AddMonths(-1)) errors["EntryDate"] = $"The date is before the {project.Kind.ToString().ToLowerInvariant()} started ({project.StartDate:MMM d, yyyy}).";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        project.Entries.Add(new ProjectEntry { Kind = kind, Date = date!.Value, Title = cleanTitle!, Notes = cleanNotes, Done = kind == ProjectEntryKind.Meeting || done, AuthorUserId = viewer.Actor.UserId, AuthorName = viewer.Actor.Name });
        return await db.SaveOutcomeAsync(() => project.Id, ct, AlreadyRecorded);
    }

    public async Task<Outcome> ReachMilestoneAsync(Viewer viewer, int entryId, CancellationToken ct = default)
    {
        var entry = await db.ProjectEntries.Include(e => e.Project).ThenInclude(p => p!.Members).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !CanRead(viewer, entry.Project!)) return Outcome.NotFound;
        if (!CanManage(viewer, entry.Project!)) return Outcome.Conflict("Only the lead, the person who recorded it or an administrator marks milestones.");
        if (entry.Kind != ProjectEntryKind.Milestone || entry.Done) return Outcome.Conflict("This milestone is already marked as reached.");
        entry.Done = true;
        return await db.SaveOutcomeAsync(() => entry.ProjectId, ct, AlreadyRecorded);
    }

}
