using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Overview;

/// <summary>
/// Personnel figures for leadership: counts only, never a name or a record, so the department's
/// state can be seen without opening anyone's file.
/// </summary>
public class IndexModel(PeopleService people) : RecordPage
{
    public PersonnelOverview Figures { get; private set; } = default!;
    public IReadOnlyList<CycleFigures> Cycles => Figures.Cycles;
    public IReadOnlyDictionary<string, int> RatingBands => Figures.RatingBands;
    public IReadOnlyList<(DisciplineLevel Level, int Pending, int Administered)> Discipline => Figures.Discipline;
    public IReadOnlyList<(RecommendationType Type, int Pending, int Approved, int Denied)> Recommendations => Figures.Recommendations;
    public int FiscalYear => Figures.FiscalYear;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ShowOrNotFoundAsync(people.OverviewAsync(await HttpContext.ViewerAsync(ct), ct), f => Figures = f);
}
