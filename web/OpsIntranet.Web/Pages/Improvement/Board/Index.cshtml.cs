using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Board;

/// <summary>The improvement board: initiatives in plan–do–check–act columns, filtered by unit, owner and status; overdue work stands out.</summary>
public class IndexModel(AppDbContext db, InitiativeService initiatives) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public int? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = nameof(InitiativeStatus.Active);
    public IReadOnlyList<InitiativeCard> Cards { get; private set; } = [];
    public List<(int Id, string Name)> Units { get; } = [];
    public List<(int Id, string Name)> Owners { get; } = [];
    public BoardSteps Steps { get; private set; } = new(false);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Steps = InitiativeService.StepsForBoard(viewer);
        InitiativeStatus? status = Enum.TryParse<InitiativeStatus>(Status, out var s) && Enum.IsDefined(s) ? s : null;
        if (status is null) Status = "all";
        Cards = await initiatives.BoardAsync(viewer, new InitiativeFilter(Unit, Owner, status), ct);
        var units = viewer.Filter(db.Units.AsNoTracking());
        Units.AddRange((await units.OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)));
        var unitIds = Units.Select(u => u.Id).ToList();
        Owners.AddRange((await db.Initiatives.AsNoTracking().Where(i => i.Owner != null && i.Units.Any(u => unitIds.Contains(u.UnitId)))
            .Select(i => new { i.Owner!.Id, Name = i.Owner.FirstName + " " + i.Owner.LastName }).Distinct().OrderBy(o => o.Name).ToListAsync(ct)).Select(o => (o.Id, o.Name)));
    }
}
