using OpsIntranet.Core.Access;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Form;

/// <summary>
/// One evaluation: the evaluator's form while it is a draft, the reviewer's approve/return, the
/// employee's acknowledgement, closing and reopening. Who sees it at all is Viewer.CanRead;
/// every read by someone other than the employee is audited.
/// </summary>
public class IndexModel(AppDbContext db, EvaluationService evaluations, EvidenceService evidence, AuditLog audit) : RecordPage
{
    public Evaluation Evaluation { get; private set; } = default!;
    public Viewer Viewer { get; private set; } = default!;
    public EvaluationEvidence Evidence { get; private set; } = default!;
    public bool EvidenceFrozen { get; private set; }
    public List<EvaluationEvent> History { get; } = [];
    /// <summary>What the form shows: the stored values, or what was just posted when it comes back with errors.</summary>
    public Dictionary<int, (string? Rating, string? Comment)> Shown { get; } = [];
    public string? Strengths { get; private set; }
    public string? AreasToImprove { get; private set; }
    public string? DevelopmentPlan { get; private set; }

    public bool CanWrite => Evaluation.EvaluatorUserId == Viewer.UserId && Evaluation.Status == EvaluationStatus.Draft;
    public bool CanReview => Evaluation.ReviewerUserId == Viewer.UserId && Evaluation.Status == EvaluationStatus.Submitted;
    public bool CanAcknowledge => Viewer.IsSelf(Evaluation.EmployeeId) && Evaluation.Status == EvaluationStatus.Approved;
    public bool CanClose => Viewer.CanClose(Evaluation) && Evaluation.Status is EvaluationStatus.Approved or EvaluationStatus.Acknowledged;
    public bool CanReopen => Viewer.CanReopen(Evaluation) && Evaluation.Status >= EvaluationStatus.Approved;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    public Task<IActionResult> OnPostReturnAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => evaluations.ReturnAsync(Viewer, id, v, note, ct), "Returned to the evaluator.", ct);

    public Task<IActionResult> OnPostApproveAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => evaluations.ApproveAsync(Viewer, id, v, note, ct), "Approved. The employee can now read and acknowledge it.", ct);

    public Task<IActionResult> OnPostAcknowledgeAsync(int id, string? employeeComment, CancellationToken ct) =>
        StepAsync(id, v => evaluations.AcknowledgeAsync(Viewer, id, v, employeeComment, ct), "Acknowledged. Thank you.", ct);

    public Task<IActionResult> OnPostCloseAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => evaluations.CloseAsync(Viewer, id, v, note, ct), "Closed.", ct);

    public Task<IActionResult> OnPostReopenAsync(int id, string? note, CancellationToken ct) =>
        StepAsync(id, v => evaluations.ReopenAsync(Viewer, id, v, note, ct), "Reopened. It is a draft again; the approved version stays in the history.", ct);

    private async Task<IActionResult> SaveAsync(int id, bool submit, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var ratingIds = await db.EvaluationRatings.Where(r => r.EvaluationId == id).Select(r => r.Id).ToListAsync(ct);
        var input = new EvaluationInput(
            ratingIds.Select(r => new RatingInput(r, Request.Form[$"Rating-{r}"], Request.Form[$"Comment-{r}"])).ToList(),
            Request.Form["Strengths"], Request.Form["AreasToImprove"], Request.Form["DevelopmentPlan"]);
        var outcome = await evaluations.SaveAsync(Viewer, id, PostedVersion(), input, submit, ct);
        if (Handle(outcome, i => $"/evaluations/{i}", submit ? "Submitted for review." : "Draft saved.") is { } done) return done;
        if (await LoadAsync(id, ct) is { } notFound) return notFound;
        // Show what was posted, so nothing typed is lost.
        foreach (var r in input.Ratings) Shown[r.RatingId] = (r.Rating, r.Comment);
        (Strengths, AreasToImprove, DevelopmentPlan) = (input.Strengths, input.AreasToImprove, input.DevelopmentPlan);
        return Page();
    }

    private async Task<IActionResult> StepAsync(int id, Func<uint, Task<Outcome>> step, string message, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await step(PostedVersion());
        if (Handle(outcome, i => $"/evaluations/{i}", message) is { } done) return done;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        Viewer ??= await HttpContext.ViewerAsync(ct);
        var ev = await db.Evaluations.AsNoTracking()
            .Include(e => e.Cycle).Include(e => e.Employee).ThenInclude(p => p!.Unit).Include(e => e.Unit)
            .Include(e => e.Evaluator).Include(e => e.Reviewer).Include(e => e.Ratings)
            .SingleOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null || !Viewer.CanRead(ev)) return NotFound();
        Evaluation = ev;
        foreach (var r in ev.Ratings) Shown[r.Id] = (r.Rating?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Comment);
        (Strengths, AreasToImprove, DevelopmentPlan) = (ev.Strengths, ev.AreasToImprove, ev.DevelopmentPlan);
        History.AddRange(await db.EvaluationEvents.AsNoTracking().Where(e => e.EvaluationId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct));
        if (ev.FrozenEvidence is { } frozen)
        {
            Evidence = JsonSerializer.Deserialize<EvaluationEvidence>(frozen, EvaluationService.Json)!;
            EvidenceFrozen = true;
        }
        else Evidence = await evidence.ForAsync(ev.UnitId, ev.Cycle!.PeriodStart, ev.Cycle.PeriodEnd, ct);
        // Shown, whether on a plain visit or after a refused post: either way it was read.
        await audit.ViewedAsync(Viewer, AuditRecords.Evaluation, [(ev.Id, ev.EmployeeId)], ct: ct);
        return null;
    }
}
