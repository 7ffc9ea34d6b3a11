using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.List;

/// <summary>Evaluations from where the person stands: what waits for them, their own approved evaluations, and the cycles they run or review in.</summary>
public class IndexModel(AppDbContext db, EvaluationService evaluations) : RecordPage
{
    public Viewer Viewer { get; private set; } = default!;
    public IReadOnlyList<WaitingItem> Waiting { get; private set; } = [];
    public List<(int Id, string Cycle, EvaluationStatus Status, DateOnly PeriodEnd)> Own { get; } = [];
    public List<CycleRow> Cycles { get; } = [];

    public sealed record CycleRow(int Id, string Name, CycleKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate, int Total, int Draft, int Submitted, int Approved, int Done);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        Waiting = await evaluations.WaitingForAsync(Viewer, ct);
        if (Viewer.EmployeeId is { } self)
            Own.AddRange((await db.Evaluations.AsNoTracking().Where(e => e.EmployeeId == self && e.Status >= EvaluationStatus.Approved)
                .OrderByDescending(e => e.Cycle!.PeriodEnd).Select(e => new { e.Id, e.Cycle!.Name, e.Status, e.Cycle.PeriodEnd }).ToListAsync(ct))
                .Select(e => (e.Id, e.Name, e.Status, e.PeriodEnd)));

        var me = Viewer.UserId;
        var managed = Viewer.FilterManaged(db.Employees).Select(e => e.Id);
        var all = Viewer.IsAdministrator;
        // A cycle shows if the person keeps the file of anyone in it, or writes or reviews one of its evaluations.
        var mine = Viewer.EmployeeId ?? 0;
        var visible = db.Evaluations.Where(e => e.EmployeeId != mine && (all || managed.Contains(e.EmployeeId) || e.EvaluatorUserId == me || e.ReviewerUserId == me));
        var rows = await db.EvaluationCycles.AsNoTracking()
            .Where(c => visible.Any(e => e.CycleId == c.Id))
            .OrderByDescending(c => c.DueDate).ThenBy(c => c.Name)
            .Select(c => new CycleRow(c.Id, c.Name, c.Kind, c.PeriodStart, c.PeriodEnd, c.DueDate,
                visible.Count(e => e.CycleId == c.Id),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Draft),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Submitted),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Approved),
                visible.Count(e => e.CycleId == c.Id && e.Status >= EvaluationStatus.Acknowledged)))
            .ToListAsync(ct);
        Cycles.AddRange(rows);
    }
}
