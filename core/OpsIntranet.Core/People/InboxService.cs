using OpsIntranet.Core.Access;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Core.People;

/// <summary>Everything that waits on one person: evaluation steps, improvement actions they own, discipline to approve, recommendations to decide.</summary>
public class InboxService(AppDbContext db, EvaluationService evaluations, Improvement.InitiativeService initiatives)
{
    public async Task<IReadOnlyList<WaitingItem>> ForAsync(Viewer viewer, CancellationToken ct = default)
    {
        var items = new List<WaitingItem>(await evaluations.WaitingForAsync(viewer, ct));
        items.AddRange(await initiatives.ActionsDueAsync(viewer.EmployeeId, ct));
        if (!viewer.IsManager && !viewer.IsAdministrator) return items;

        var me = viewer.UserId;
        // A subquery, not thousands of ids in a parameter.
        var managed = viewer.FilterManaged(db.Employees).Select(e => e.Id);
        var all = viewer.IsAdministrator;
        var self = viewer.EmployeeId ?? 0;
        var actions = await db.DisciplinaryActions.AsNoTracking()
            .Where(a => a.Status == DisciplineStatus.Recommended && a.RecommendedByUserId != me && a.EmployeeId != self && (all || managed.Contains(a.EmployeeId)))
            .Select(a => new { a.Id, a.Level, Name = a.Employee!.FirstName + " " + a.Employee.LastName }).ToListAsync(ct);
        items.AddRange(actions.Select(a => new WaitingItem($"Approve or withdraw: {DisciplineService.Label(a.Level).ToLowerInvariant()}", a.Name, $"/discipline/{a.Id}", null, false)));

        var units = viewer.ManagedUnitIds.ToList();
        var recs = await db.Recommendations.AsNoTracking()
            .Where(r => r.Status == RecommendationStatus.Pending && r.RecommendedByUserId != me && (r.EmployeeId == null || r.EmployeeId != self)
                        && (all || (r.EmployeeId != null ? managed.Contains(r.EmployeeId.Value) : r.UnitId != null && units.Contains(r.UnitId.Value))))
            .Select(r => new { r.Id, r.Type, Name = r.Employee != null ? r.Employee.FirstName + " " + r.Employee.LastName : r.CandidateName }).ToListAsync(ct);
        items.AddRange(recs.Select(r => new WaitingItem($"Decide the {RecommendationService.Label(r.Type).ToLowerInvariant()} recommendation", r.Name ?? "", $"/recommendations/{r.Id}", null, false)));
        return items;
    }
}
