using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;

namespace OpsIntranet.Core.People;

/// <summary>A month of one of the person's units that is still with them (not started, draft or returned).</summary>
public sealed record MonthToDo(int UnitId, string UnitName, Metrics.BoardCell Cell);

/// <summary>
/// What the home page lists as waiting on a person: personnel and improvement work (<see cref="Waiting"/>),
/// for supervisors the months of their units still with them, for managers how many submitted months wait for approval.
/// </summary>
public sealed record HomeInbox(IReadOnlyList<WaitingItem> Waiting, IReadOnlyList<MonthToDo> ToDo, int AwaitingApproval);

/// <summary>Everything that waits on one person: evaluation steps, improvement actions they own, discipline to approve, recommendations to decide.</summary>
public class InboxService(AppDbContext db, EvaluationService evaluations, Improvement.InitiativeService initiatives, Metrics.CompletenessService completeness)
{
    /// <summary>The home page's inbox for a viewer; a reminder job acting for the same person lists the same things.</summary>
    public async Task<HomeInbox> HomeAsync(Viewer viewer, CancellationToken ct = default)
    {
        var toDo = new List<MonthToDo>();
        if (viewer.IsSupervisor && viewer.UnitIds.Count > 0)
        {
            foreach (var row in await completeness.BoardAsync(viewer.OnlyUnits(viewer.UnitIds), 3, ct))
                foreach (var cell in row.Cells.Where(c => c.State is Metrics.MonthState.Missing or Metrics.MonthState.Draft or Metrics.MonthState.Returned))
                    toDo.Add(new MonthToDo(row.UnitId, row.UnitName, cell));
        }

        var awaiting = 0;
        if (viewer.IsManager)
        {
            var units = viewer.UnitIds.ToList();
            var all = viewer.AllUnits;
            awaiting = await db.MetricSubmissions.CountAsync(s => s.Status == Metrics.SubmissionStatus.Submitted && (all || units.Contains(s.UnitId)), ct);
        }
        return new HomeInbox(await ForAsync(viewer, ct), toDo, awaiting);
    }

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
