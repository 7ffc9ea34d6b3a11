using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Evaluations;

/// <summary>One step on an evaluation's history, as the viewer may read it.</summary>
public sealed record EvaluationHistoryLine(int Id, EvaluationStep Step, string UserName, DateTimeOffset At, string? Note);

/// <summary>The steps the viewer may take with an evaluation, and how much of it they see.</summary>
public sealed record EvaluationSteps(bool IsSelf, bool SeesCycle, bool Write, bool Review, bool Acknowledge, bool Close, bool Reopen);

/// <summary>An evaluation with its evidence (frozen as approved, or live until then) and its history.</summary>
public sealed record EvaluationRecord(Evaluation Evaluation, EvaluationEvidence Evidence, bool EvidenceFrozen, IReadOnlyList<EvaluationHistoryLine> History, EvaluationSteps Can);

/// <summary>
/// Reads an evaluation for a viewer and records the read: a page showing it and a job printing it for
/// the same person read, and audit, the same thing.
/// </summary>
public class EvaluationQuery(AppDbContext db, EvidenceService evidence, AuditLog audit)
{
    /// <summary>The evaluation, or null when there is none or the viewer may not read it (the page answers 404).</summary>
    /// <summary>
    /// What the reviewer and evaluator say to each other is theirs: the employee sees the steps, and the note of only
    /// their own acknowledgement. The evaluation page and the employee's copy of the packet both follow this.
    /// </summary>
    public static bool EmployeeSeesNote(EvaluationStep step) => step == EvaluationStep.Acknowledged;

    public async Task<EvaluationRecord?> LoadAsync(Viewer viewer, int evaluationId, CancellationToken ct = default)
    {
        var ev = await db.Evaluations.AsNoTracking()
            .Include(e => e.Cycle).Include(e => e.Employee).ThenInclude(p => p!.Unit).Include(e => e.Unit)
            .Include(e => e.Evaluator).Include(e => e.Reviewer).Include(e => e.Ratings)
            .SingleOrDefaultAsync(e => e.Id == evaluationId, ct);
        if (ev is null || !viewer.CanRead(ev)) return null;
        var self = viewer.IsSelf(ev.EmployeeId);
        var history = (await db.EvaluationEvents.AsNoTracking().Where(e => e.EvaluationId == evaluationId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct))
            .Select(e => new EvaluationHistoryLine(e.Id, e.Step, e.UserName, e.At, self && !EmployeeSeesNote(e.Step) ? null : e.Note)).ToList();
        var frozen = ev.FrozenEvidence is not null;
        var shown = ev.FrozenEvidence is { } json
            ? JsonSerializer.Deserialize<EvaluationEvidence>(json, EvaluationService.Json)!
            : await evidence.ForAsync(ev.UnitId, ev.Cycle!.PeriodStart, ev.Cycle.PeriodEnd, ct);
        var steps = new EvaluationSteps(
            IsSelf: self,
            SeesCycle: viewer.Manages(ev.EmployeeId) || viewer.IsAdministrator,
            Write: ev.EvaluatorUserId == viewer.UserId && ev.Status == EvaluationStatus.Draft,
            Review: ev.ReviewerUserId == viewer.UserId && ev.Status == EvaluationStatus.Submitted,
            Acknowledge: self && ev.Status == EvaluationStatus.Approved,
            Close: viewer.CanClose(ev) && ev.Status is EvaluationStatus.Approved or EvaluationStatus.Acknowledged,
            Reopen: viewer.CanReopen(ev) && ev.Status >= EvaluationStatus.Approved);
        // Shown, whether on a plain visit or after a refused post: either way it was read.
        await audit.ViewedAsync(viewer, AuditRecords.Evaluation, [(ev.Id, ev.EmployeeId)], ct: ct);
        return new EvaluationRecord(ev, shown, frozen, history, steps);
    }
}
