using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Coverage;

/// <summary>
/// The coverage board: per shift, unit and role, who is covering against what is required, gaps in red with the number
/// short, the running shift marked, and the next 48 hours at the top. Read by everyone who reads the event.
/// </summary>
/// <remarks>
/// During a storm everyone in the affected units keeps this page open, so it is kept as rendered HTML per data version
/// (every storm table, units and employees move it). The board itself is the same for every viewer who may read the
/// event, so it is kept once per event, not once per person; whether this viewer may read it is decided first, kept per
/// version, scope and person (their own unit is what lets a call taker without a role in). What moves with the clock
/// (the running shift, the next 48 hours) is in the key as the shifts it selects, so a kept board never shows a stale "now".
/// </remarks>
public class IndexModel(StormShiftService shifts, PageCache pages, ScorecardCache cache, TimeProvider clock) : PageModel
{
    /// <summary>The board: the event's name and units (the access check reads the viewer's own unit beside them), its shifts, their requirements and assignments.</summary>
    public static readonly CachedRead BoardRead = new("storm-board", typeof(StormEvent), typeof(StormEventUnit), typeof(Core.Units.Unit), typeof(Core.People.Employee),
        typeof(StormShift), typeof(ShiftRequirement), typeof(ShiftAssignment));

    /// <summary>Whether a viewer may read the event: its units and the viewer's own unit.</summary>
    public static readonly CachedRead AccessRead = new("storm-board-access", typeof(StormEvent), typeof(StormEventUnit), typeof(Core.Units.Unit), typeof(Core.People.Employee));

    /// <summary>The board below the layout, kept per data version, event and clock window.</summary>
    public CachedPage Cached { get; private set; } = default!;

    public CoverageBoard Data { get; private set; } = default!;
    public IReadOnlyList<ShiftCoverage> Next48Hours { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The viewer's answer, kept as an object so a kept "no" is told from a miss.</summary>
    private sealed record Access(bool CanRead);

    /// <summary>The shifts' times at one data version: all a request needs to find the board kept for its moment.</summary>
    private sealed record ShiftTimes(IReadOnlyList<ShiftCoverage> Shifts);

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var version = await pages.VersionAsync(ct);
        var access = cache.At<Access>(version, AccessRead, $"{eventId}|{viewer.ScopeKey}|{viewer.EmployeeId}");
        if (access.Hit is not { } may)
        {
            may = new Access(await ScorecardCache.ComputeAsync(AccessRead, () => shifts.CanReadAsync(viewer, eventId, ct)));
            access.Store(may);
        }
        if (!may.CanRead) return NotFound();

        Now = clock.GetUtcNow();
        var times = cache.At<ShiftTimes>(version, BoardRead, eventId.ToString(CultureInfo.InvariantCulture));
        if (times.Hit is { } known)
        {
            Cached = await pages.LookupAsync(version, BoardRead, ClockKey(eventId, known.Shifts), ct, "board");
            if (Cached.IsHit) return Page();
        }
        CoverageBoard? board = null;
        await ScorecardCache.ComputeAsync(BoardRead, async () => board = await shifts.BoardAsync(viewer, eventId, ct));
        // Gone since the access was kept (deleted, or its units changed in between): the next request's version says so too.
        if (board is null) return NotFound();
        if (times.Hit is null) times.Store(new ShiftTimes(board.Shifts));
        Cached = await pages.LookupAsync(version, BoardRead, ClockKey(eventId, board.Shifts), ct, "board");
        (Data, Next48Hours) = (board, [.. board.Shifts.Where(s => StormShiftService.InNext48Hours(s, Now))]);
        return Page();
    }

    /// <summary>
    /// The event and what the clock selects on its board now: the shifts in the next 48 hours and the one running. Any
    /// change of either (a shift starting, ending, coming within 48 hours) is a new key, however the shifts were edited.
    /// </summary>
    private string ClockKey(int eventId, IReadOnlyList<ShiftCoverage> all) =>
        $"{eventId}|next:{string.Join(',', all.Where(s => StormShiftService.InNext48Hours(s, Now)).Select(s => s.ShiftId))}|now:{string.Join(',', all.Where(IsNow).Select(s => s.ShiftId))}";

    public bool IsNow(ShiftCoverage s) => StormShiftService.IsRunning(s, Now);

    public string ShiftUrl(int shiftId) => $"/storm/{Data.EventId}/shifts?open={shiftId}#shift-{shiftId}";

    public static string ReportUrl(int shiftId, int unitId) => $"/storm/shifts/{shiftId}/units/{unitId}/report";

    /// <summary>The status in words (never colour alone): "2 short", "covered", or "none required".</summary>
    public static string Status(CoverageLine l) => l.Gap > 0 ? $"{l.Gap} short" : l.Required == 0 ? "none required" : "covered";
}
