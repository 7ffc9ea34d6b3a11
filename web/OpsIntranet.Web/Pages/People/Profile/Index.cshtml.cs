using OpsIntranet.Core.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Profile;

/// <summary>
/// A person's record. Their manager chain and administrators see the whole file (evaluations, log,
/// progressive discipline, recommendations, history); the person sees their own approved evaluations
/// and what was shared with them. Every confidential row shown to someone else is audited.
/// </summary>
public class IndexModel(AppDbContext db, PeopleService people, AuditLog audit) : RecordPage
{
    public Employee Person { get; private set; } = default!;
    public Viewer Viewer { get; private set; } = default!;
    public bool FullFile { get; private set; }
    public string? ReportsTo { get; private set; }
    public (string Email, IList<string> Roles, bool CanSignIn)? Account { get; private set; }
    public List<(int Id, string Cycle, EvaluationStatus Status, decimal? Score, DateOnly PeriodEnd)> Evaluations { get; } = [];
    public List<PerformanceLogEntry> Log { get; } = [];
    public List<DisciplinaryAction> Discipline { get; } = [];
    public List<PersonnelRecommendation> Recommendations { get; } = [];
    public List<AuditEntry> History { get; } = [];
    public OpenWork? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        if (!Viewer.CanOpenProfile(id)) return NotFound();
        var person = await db.Employees.AsNoTracking().Include(e => e.Unit).Include(e => e.ReportsTo).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (person is null) return NotFound();
        Person = person;
        ReportsTo = person.ReportsTo?.FullName;
        FullFile = Viewer.Manages(id);
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.EmployeeId == id, ct);
        if (account is not null)
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == account.Id select r.Name!).ToListAsync(ct);
            Account = (account.Email ?? "", roles, account.LockoutEnd != DateTimeOffset.MaxValue);
        }

        var evaluations = db.Evaluations.AsNoTracking().Where(e => e.EmployeeId == id);
        if (!FullFile) evaluations = evaluations.Where(e => e.Status >= EvaluationStatus.Approved);
        Evaluations.AddRange((await evaluations.OrderByDescending(e => e.Cycle!.PeriodEnd)
            .Select(e => new { e.Id, e.Cycle!.Name, e.Status, e.OverallScore, e.Cycle.PeriodEnd }).ToListAsync(ct))
            .Select(e => (e.Id, e.Name, e.Status, e.OverallScore, e.PeriodEnd)));

        Log.AddRange(await db.PerformanceLog.AsNoTracking().Include(e => e.Addenda).Where(e => e.EmployeeId == id && (FullFile || e.SharedWithEmployee))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct));
        Discipline.AddRange(await db.DisciplinaryActions.AsNoTracking().Include(a => a.Grievances).Where(a => a.EmployeeId == id && (FullFile || a.SharedWithEmployee))
            .OrderByDescending(a => a.IncidentDate).ThenByDescending(a => a.Id).ToListAsync(ct));
        Recommendations.AddRange(await db.Recommendations.AsNoTracking().Include(r => r.Unit).Where(r => r.EmployeeId == id && (FullFile || r.SharedWithEmployee))
            .OrderByDescending(r => r.RecommendedAt).ToListAsync(ct));
        if (FullFile)
        {
            History.AddRange(await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Employee && a.RecordId == id).OrderByDescending(a => a.Id).Take(50).ToListAsync(ct));
            if (Viewer.IsAdministrator) Open = await people.OpenWorkAsync(id, ct);
        }

        await audit.ViewedAsync(Viewer, AuditRecords.Evaluation, Evaluations.Select(e => (e.Id, (int?)id)), "listed on profile", ct: ct);
        await audit.ViewedAsync(Viewer, AuditRecords.LogEntry, Log.Select(e => (e.Id, (int?)id)), "listed on profile", ct: ct);
        await audit.ViewedAsync(Viewer, AuditRecords.Discipline, Discipline.Select(a => (a.Id, (int?)id)), "listed on profile", ct: ct);
        await audit.ViewedAsync(Viewer, AuditRecords.Recommendation, Recommendations.Select(r => (r.Id, (int?)id)), "listed on profile", ct: ct);
        return Page();
    }
}
