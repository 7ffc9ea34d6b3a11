using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Discipline.Details;

/// <summary>A disciplinary action, its steps and grievances, and the next steps the person may take.</summary>
public class IndexModel(DisciplineService discipline) : RecordPage
{
    public DisciplinaryAction Action { get; private set; } = default!;
    public Employee Person { get; private set; } = default!;
    public DisciplineSteps Can { get; private set; } = default!;
    private Viewer Viewer { get; set; } = default!;
    public bool Manages => Can.Manage;
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
        if (await discipline.DetailsAsync(Viewer, actionId, ct) is not { } details) return NotFound();
        (Action, Can) = (details.Action, details.Can);
        Person = details.Action.Employee!;
        return null;
    }
}
