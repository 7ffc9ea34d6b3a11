using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Coverage;

/// <summary>
/// The coverage board: per shift, unit and role, who is covering against what is required, gaps in red with the number
/// short, the running shift marked, and the next 48 hours at the top. Read by everyone who reads the event.
/// </summary>
public class IndexModel(StormShiftService shifts, TimeProvider clock) : PageModel
{
    public EventShifts Data { get; private set; } = default!;
    public IReadOnlyList<ShiftCoverage> Next48Hours { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await shifts.ShiftsAsync(viewer, eventId, ct) is not { } data || await shifts.Next48HoursAsync(viewer, eventId, ct) is not { } next) return NotFound();
        (Data, Next48Hours, Now) = (data, next, clock.GetUtcNow());
        return Page();
    }

    public bool IsNow(ShiftCoverage s) => s.StartsAt <= Now && Now < s.EndsAt;

    public string ShiftUrl(int shiftId) => $"/storm/{Data.Event.Id}/shifts?open={shiftId}#shift-{shiftId}";

    public static string ReportUrl(int shiftId, int unitId) => $"/storm/shifts/{shiftId}/units/{unitId}/report";

    /// <summary>The status in words (never colour alone): "2 short", "covered", or "none required".</summary>
    public static string Status(CoverageLine l) => l.Gap > 0 ? $"{l.Gap} short" : l.Required == 0 ? "none required" : "covered";
}
