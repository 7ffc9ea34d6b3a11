using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Board;

/// <summary>The improvement board: initiatives in plan–do–check–act columns, filtered by unit, owner and status; overdue work stands out.</summary>
public class IndexModel(InitiativeService initiatives) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public int? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = nameof(InitiativeStatus.Active);
    public IReadOnlyList<InitiativeCard> Cards { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Owners { get; private set; } = [];
    public BoardSteps Steps { get; private set; } = new(false);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Steps = InitiativeService.StepsForBoard(viewer);
        InitiativeStatus? status = Enum.TryParse<InitiativeStatus>(Status, out var s) && Enum.IsDefined(s) ? s : null;
        if (status is null) Status = "all";
        Cards = await initiatives.BoardAsync(viewer, new InitiativeFilter(Unit, Owner, status), ct);
        (Units, Owners) = await initiatives.BoardFiltersAsync(viewer, ct);
    }
}
