using OpsIntranet.Core.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Discipline.Details;

/// <summary>A disciplinary action, its steps and grievances, and the next steps the person may take.</summary>
public class IndexModel(AppDbContext db, DisciplineService discipline, AuditLog audit) : RecordPage
{
    public DisciplinaryAction Action { get; private set; } = default!;
    public Employee Person { get; private set; } = default!;
    public Viewer Viewer { get; private set; } = default!;
    public bool Manages => Viewer.Manages(Action.EmployeeId);
    public Grievance? OpenGrievance => Action.Grievances.FirstOrDefault(g => g.Outcome is null);

    public async Task<IActionResult> OnGetAsync(int actionId, CancellationToken ct) => await LoadAsync(actionId, ct) ?? Page();

    public Task<IActionResult> OnPostApproveAsync(int actionId, string? note, CancellationToken ct) =>
        StepAsync(actionId, v => discipline.ApproveAsync(Viewer, actionId, v, note, ct), "Approved.", ct);

    public Task<IActionResult> OnPostAdministerAsync(int actionId, DateOnly? effectiveDate, string? note, CancellationToken ct) =>
        StepAsync(actionId, v => discipline.AdministerAsync(Viewer, actionId, v, effectiveDate, note, ct), "Recorded as administered.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(int actionId, string? reason, CancellationToken ct) =>
        StepAsync(actionId, v => discipline.WithdrawAsync(Viewer, actionId, v, reason, ct), "Withdrawn.", ct);

    public Task<IActionResult> OnPostFileGrievanceAsync(int actionId, DateOnly? filedOn, string? grounds, CancellationToken ct) =>
        StepAsync(actionId, v => discipline.FileGrievanceAsync(Viewer, actionId, v, filedOn, grounds, ct), "Grievance recorded.", ct);

    public Task<IActionResult> OnPostResolveGrievanceAsync(int actionId, GrievanceOutcome? outcome, DisciplineLevel? reducedTo, DateOnly? resolvedOn, string? resolution, CancellationToken ct) =>
        StepAsync(actionId, v => discipline.ResolveGrievanceAsync(Viewer, actionId, v, outcome, reducedTo, resolvedOn, resolution, ct), "Grievance resolved.", ct);

    private async Task<IActionResult> StepAsync(int actionId, Func<uint, Task<Outcome>> step, string message, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await step(PostedVersion());
        if (Handle(outcome, i => $"/discipline/{i}", message) is { } done) return done;
        return await LoadAsync(actionId, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int actionId, CancellationToken ct)
    {
        Viewer ??= await HttpContext.ViewerAsync(ct);
        var action = await db.DisciplinaryActions.AsNoTracking().Include(a => a.Employee).Include(a => a.Events).Include(a => a.Grievances)
            .SingleOrDefaultAsync(a => a.Id == actionId, ct);
        if (action is null || !Viewer.CanRead(action)) return NotFound();
        Action = action;
        Person = action.Employee!;
        await audit.ViewedAsync(Viewer, AuditRecords.Discipline, [(action.Id, action.EmployeeId)], ct: ct);
        return null;
    }
}
