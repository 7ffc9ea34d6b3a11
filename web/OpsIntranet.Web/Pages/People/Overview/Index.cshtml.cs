using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Overview;

/// <summary>
/// Personnel figures for leadership: counts only, never a name or a record, so the department's
/// state can be seen without opening anyone's file.
/// </summary>
public class IndexModel(AppDbContext db, TimeProvider clock) : RecordPage
{
    public List<CycleFigures> Cycles { get; } = [];
    public Dictionary<string, int> RatingBands { get; } = [];
    public List<(DisciplineLevel Level, int Pending, int Administered)> Discipline { get; } = [];
    public List<(RecommendationType Type, int Pending, int Approved, int Denied)> Recommendations { get; } = [];
    public int FiscalYear { get; private set; }

    public sealed record CycleFigures(string Name, DateOnly DueDate, int Total, int Draft, int Submitted, int Approved, int Acknowledged, int Closed, int Late);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!viewer.CanSeePersonnelOverview) return NotFound();
        var today = DepartmentCalendar.Today(clock);
        FiscalYear = DepartmentCalendar.FiscalYearOf(today);
        var rows = await db.Evaluations.AsNoTracking().Select(e => new { e.CycleId, e.Cycle!.Name, e.Cycle.DueDate, e.Status, e.OverallScore }).ToListAsync(ct);
        foreach (var g in rows.GroupBy(r => (r.CycleId, r.Name, r.DueDate)).OrderByDescending(g => g.Key.DueDate))
            Cycles.Add(new CycleFigures(g.Key.Name, g.Key.DueDate, g.Count(), g.Count(r => r.Status == EvaluationStatus.Draft), g.Count(r => r.Status == EvaluationStatus.Submitted),
                g.Count(r => r.Status == EvaluationStatus.Approved), g.Count(r => r.Status == EvaluationStatus.Acknowledged), g.Count(r => r.Status == EvaluationStatus.Closed),
                today > g.Key.DueDate ? g.Count(r => r.Status < EvaluationStatus.Approved) : 0));
        for (var r = 5; r >= 1; r--) RatingBands[EvaluationScoring.RatingLabel(r)] = 0;
        foreach (var r in rows.Where(r => r.Status >= EvaluationStatus.Approved && r.OverallScore is not null)) RatingBands[EvaluationScoring.OverallLabel(r.OverallScore!.Value)]++;

        var from = DepartmentCalendar.FiscalYearStart(FiscalYear - 1);
        var actions = await db.DisciplinaryActions.AsNoTracking().Where(a => a.IncidentDate >= from).Select(a => new { a.Level, a.Status }).ToListAsync(ct);
        foreach (var level in Enum.GetValues<DisciplineLevel>())
            Discipline.Add((level, actions.Count(a => a.Level == level && a.Status is DisciplineStatus.Recommended or DisciplineStatus.Approved), actions.Count(a => a.Level == level && a.Status == DisciplineStatus.Administered)));
        var recs = await db.Recommendations.AsNoTracking().Select(r => new { r.Type, r.Status }).ToListAsync(ct);
        foreach (var type in Enum.GetValues<RecommendationType>())
            Recommendations.Add((type, recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Pending), recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Approved), recs.Count(r => r.Type == type && r.Status == RecommendationStatus.Denied)));
        return Page();
    }
}
