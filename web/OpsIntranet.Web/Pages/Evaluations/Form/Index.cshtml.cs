using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Form;

/// <summary>
/// One evaluation: the evaluator's form while it is a draft, the reviewer's approve/return, the
/// employee's acknowledgement, closing and reopening. Who sees it at all is Viewer.CanRead;
/// every read by someone other than the employee is audited.
/// </summary>
public class IndexModel(AppDbContext db, EvaluationService evaluations, EvaluationQuery reads, PacketService packets) : RecordPage
{
    /// <summary>The evaluation as <see cref="EvaluationQuery"/> reads (and audits) it for the signed-in person.</summary>
    public EvaluationRecord Record { get; private set; } = default!;
    public Evaluation Evaluation => Record.Evaluation;
    public EvaluationEvidence Evidence => Record.Evidence;
    public bool EvidenceFrozen => Record.EvidenceFrozen;
    public IReadOnlyList<EvaluationHistoryLine> History => Record.History;
    public EvaluationSteps Can => Record.Can;
    private Viewer Viewer { get; set; } = default!;
    /// <summary>What the form shows: the stored values, or what was just posted when it comes back with errors.</summary>
    public Dictionary<int, (string? Rating, string? Comment)> Shown { get; } = [];
    public string? Strengths { get; private set; }
    public string? AreasToImprove { get; private set; }
    public string? DevelopmentPlan { get; private set; }

    public bool CanWrite => Can.Write;
    public bool CanReview => Can.Review;
    public bool CanAcknowledge => Can.Acknowledge;
    public bool CanClose => Can.Close;
    public bool CanReopen => Can.Reopen;
    /// <summary>The packet versions in the reader's copy; null for someone who gets no copy.</summary>
    public IReadOnlyList<PacketRow>? Packets { get; private set; }
    public bool CanPreview { get; private set; }

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
        if (await reads.LoadAsync(Viewer, id, ct) is not { } record) return NotFound();
        Record = record;
        Packets = await packets.ListAsync(Viewer, id, ct);
        CanPreview = PacketService.CanPreview(Viewer, record.Evaluation);
        foreach (var r in record.Evaluation.Ratings) Shown[r.Id] = (r.Rating?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Comment);
        (Strengths, AreasToImprove, DevelopmentPlan) = (record.Evaluation.Strengths, record.Evaluation.AreasToImprove, record.Evaluation.DevelopmentPlan);
        return null;
    }
}
