using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Competencies;

/// <summary>The competencies every new evaluation rates, and their weights (which must add up to 100).</summary>
public class IndexModel(AppDbContext db, CompetencyService competencies) : RecordPage
{
    public List<CompetencyInput> Rows { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows.AddRange(await db.Competencies.AsNoTracking().OrderBy(c => c.SortOrder)
            .Select(c => new CompetencyInput(c.Id, c.Name, c.Description, c.Weight.ToString(), c.IsActive)).ToListAsync(ct));
        Rows.Add(new CompetencyInput(null, null, null, null, true));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var count = int.TryParse(Request.Form["count"], out var n) ? Math.Clamp(n, 0, 100) : 0;
        for (var i = 0; i < count; i++)
        {
            int? id = int.TryParse(Request.Form[$"Id-{i}"], out var parsed) ? parsed : null;
            Rows.Add(new CompetencyInput(id, Request.Form[$"Name-{i}"], Request.Form[$"Description-{i}"], Request.Form[$"Weight-{i}"], Request.Form[$"Active-{i}"] == "true"));
        }
        var outcome = await competencies.SaveAllAsync(await HttpContext.ViewerAsync(ct), Rows, ct);
        return Handle(outcome, _ => "/admin/competencies", "Competencies saved. New evaluations use them; evaluations already started keep theirs.") ?? Page();
    }
}
