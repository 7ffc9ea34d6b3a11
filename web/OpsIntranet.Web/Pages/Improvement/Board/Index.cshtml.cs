using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Board;

/// <summary>The improvement board: initiatives in plan–do–check–act columns, filtered by unit, owner and status; overdue work stands out.</summary>
public class IndexModel(InitiativeService initiatives, PageCache pages, TimeProvider clock) : RecordPage
{
    /// <summary>The filters and the cards, kept per data version, filter, scope and day (overdue moves with the date).</summary>
    public static readonly CachedRead BoardRead = new("improvement-board", typeof(Initiative), typeof(InitiativeUnit), typeof(InitiativeAction),
        typeof(Core.Units.Unit), typeof(Core.People.Employee), typeof(Core.Metrics.MetricDefinition));

    public CachedPage Cached { get; private set; } = default!;

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
        // The owner's own actions widen what they see, so the person's employee id is part of the key.
        Cached = await pages.LookupAsync(BoardRead, $"{Unit}|{Owner}|{status}|{viewer.EmployeeId}|{viewer.ScopeKey}|{Core.Calendar.DepartmentCalendar.Today(clock)}", ct, "board");
        if (Cached.IsHit) return;
        await Cached.LoadAsync(async () =>
        {
            Cards = await initiatives.BoardAsync(viewer, new InitiativeFilter(Unit, Owner, status), ct);
            (Units, Owners) = await initiatives.BoardFiltersAsync(viewer, ct);
        });
    }
}
