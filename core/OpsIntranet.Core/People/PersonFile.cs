using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Core.People;

public sealed record FileEvaluation(int Id, string Cycle, EvaluationStatus Status, decimal? Score, DateOnly PeriodEnd);

public sealed record FileAccount(string Email, IList<string> Roles, bool CanSignIn);

/// <summary>What the viewer may do from a person's file.</summary>
public sealed record FileSteps(bool IsSelf, bool BrowsePeople, bool EditPerson);

/// <summary>
/// A person's file as one viewer may see it: their manager chain and administrators see the whole
/// file (evaluations at every step, the whole log, progressive discipline, recommendations, history);
/// the person sees their own approved evaluations and what was shared with them.
/// </summary>
public sealed record PersonFile(
    Employee Person, string? ReportsTo, bool FullFile, FileAccount? Account,
    IReadOnlyList<FileEvaluation> Evaluations, IReadOnlyList<PerformanceLogEntry> Log, IReadOnlyList<DisciplinaryAction> Discipline,
    IReadOnlyList<PersonnelRecommendation> Recommendations, IReadOnlyList<AuditEntry> History, OpenWork? Open, FileSteps Can);

/// <summary>
/// Reads a person's file for a viewer and records the read: a page showing it and a job printing it
/// for the same person read, and audit, the same rows.
/// </summary>
public class PersonFileQuery(AppDbContext db, PeopleService people, AuditLog audit)
{
    public const string ListedOnProfile = "listed on profile";

    /// <summary>The file, or null when there is no such person or the viewer may not open it (the page answers 404).</summary>
    public async Task<PersonFile?> LoadAsync(Viewer viewer, int employeeId, string detail = ListedOnProfile, CancellationToken ct = default)
    {
        if (!viewer.CanOpenProfile(employeeId)) return null;
        var person = await db.Employees.AsNoTracking().Include(e => e.Unit).Include(e => e.ReportsTo).SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (person is null) return null;
        var full = viewer.Manages(employeeId);
        FileAccount? account = null;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.EmployeeId == employeeId, ct);
        if (user is not null)
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(ct);
            account = new FileAccount(user.Email ?? "", roles, user.LockoutEnd != DateTimeOffset.MaxValue);
        }

        var evaluationRows = db.Evaluations.AsNoTracking().Where(e => e.EmployeeId == employeeId);
        if (!full) evaluationRows = evaluationRows.Where(e => e.Status >= EvaluationStatus.Approved);
        var evaluations = (await evaluationRows.OrderByDescending(e => e.Cycle!.PeriodEnd)
            .Select(e => new { e.Id, e.Cycle!.Name, e.Status, e.OverallScore, e.Cycle.PeriodEnd }).ToListAsync(ct))
            .Select(e => new FileEvaluation(e.Id, e.Name, e.Status, e.OverallScore, e.PeriodEnd)).ToList();
        var log = await db.PerformanceLog.AsNoTracking().Include(e => e.Addenda).Where(e => e.EmployeeId == employeeId && (full || e.SharedWithEmployee))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct);
        var discipline = await db.DisciplinaryActions.AsNoTracking().Include(a => a.Grievances).Where(a => a.EmployeeId == employeeId && (full || a.SharedWithEmployee))
            .OrderByDescending(a => a.IncidentDate).ThenByDescending(a => a.Id).ToListAsync(ct);
        var recommendations = await db.Recommendations.AsNoTracking().Include(r => r.Unit).Where(r => r.EmployeeId == employeeId && (full || r.SharedWithEmployee))
            .OrderByDescending(r => r.RecommendedAt).ToListAsync(ct);
        List<AuditEntry> history = [];
        OpenWork? open = null;
        if (full)
        {
            history = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Employee && a.RecordId == employeeId).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
            if (viewer.IsAdministrator) open = await people.OpenWorkAsync(employeeId, ct);
        }

        await audit.ViewedAsync(viewer, AuditRecords.Evaluation, evaluations.Select(e => (e.Id, (int?)employeeId)), detail, ct: ct);
        await audit.ViewedAsync(viewer, AuditRecords.LogEntry, log.Select(e => (e.Id, (int?)employeeId)), detail, ct: ct);
        await audit.ViewedAsync(viewer, AuditRecords.Discipline, discipline.Select(a => (a.Id, (int?)employeeId)), detail, ct: ct);
        await audit.ViewedAsync(viewer, AuditRecords.Recommendation, recommendations.Select(r => (r.Id, (int?)employeeId)), detail, ct: ct);
        return new PersonFile(person, person.ReportsTo?.FullName, full, account, evaluations, log, discipline, recommendations, history, open,
            new FileSteps(viewer.IsSelf(employeeId), viewer.CanBrowsePeople, viewer.CanEditPeople));
    }
}
