using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Cycle;

/// <summary>A cycle at a glance: every evaluation the person may read, whose move it is and who is late.</summary>
public class IndexModel(AppDbContext db, EvaluationService evaluations, AuditLog audit) : RecordPage
{
    public EvaluationCycle Cycle { get; private set; } = default!;
    public List<ProgressRow> Rows { get; } = [];

    public async Task<IActionResult> OnGetAsync(int cycleId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var cycle = await db.EvaluationCycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null) return NotFound();
        // Only the columns the access rule needs, not the evaluations' texts.
        var readable = (await db.Evaluations.AsNoTracking().Where(e => e.CycleId == cycleId)
                .Select(e => new Evaluation { Id = e.Id, EmployeeId = e.EmployeeId, EvaluatorUserId = e.EvaluatorUserId, ReviewerUserId = e.ReviewerUserId, Status = e.Status })
                .ToListAsync(ct))
            .Where(e => viewer.CanRead(e) && !viewer.IsSelf(e.EmployeeId)).Select(e => e.Id).ToHashSet();
        if (readable.Count == 0) return NotFound();
        Cycle = cycle;
        Rows.AddRange((await evaluations.ProgressAsync(cycleId, ct)).Where(r => readable.Contains(r.EvaluationId)));
        await audit.ViewedAsync(viewer, AuditRecords.Evaluation, Rows.Select(r => (r.EvaluationId, (int?)r.EmployeeId)), "listed in cycle progress", ct: ct);
        return Page();
    }
}
