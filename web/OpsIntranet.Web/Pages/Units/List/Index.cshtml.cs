using OpsIntranet.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Access;

namespace OpsIntranet.Web.Pages.Units.List;

public class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(int Id, string Name, string Code, string? Description, int Metrics);

    public List<Row> Units { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await HttpContext.ViewerAsync(ct);
        Units.AddRange(await scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new Row(u.Id, u.Name, u.Code, u.Description, u.Metrics.Count(m => m.IsActive)))
            .ToListAsync(ct));
    }
}
