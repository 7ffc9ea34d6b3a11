using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Reports;

/// <summary>
/// "Shift reports" of one event: per shift and unit, filed (with its figures and abandon rate), late, or missing once
/// the shift has ended, each linking to its report. Whoever reads the event reads this; anyone else gets 404.
/// </summary>
public class IndexModel(ShiftReportService reports, StormEventService events, TimeProvider clock) : PageModel
{
    public StormEventDetails Event { get; private set; } = default!;
    public IReadOnlyList<IGrouping<int, ShiftReportSlot>> Shifts { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public int Filed { get; private set; }
    public int Late { get; private set; }
    public int Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await events.DetailsAsync(viewer, eventId, ct) is not { } details || await reports.SlotsAsync(viewer, eventId, ct) is not { } slots) return NotFound();
        Event = details;
        Now = clock.GetUtcNow();
        // Latest shift first: during an event the lead and the manager look for the shift that just ended.
        Shifts = slots.GroupBy(s => s.ShiftId).OrderByDescending(g => g.First().StartsAt).ToList();
        Filed = slots.Count(s => s.Report is not null);
        Late = slots.Count(s => s.Late);
        Missing = slots.Count(s => s.Report is null && s.Ended(Now));
        return Page();
    }

    /// <summary>A slot's state in words and colour: filed, filed late, missing (and late once the grace has passed), or not due yet.</summary>
    public (string Css, string Text) State(ShiftReportSlot s) => (s.Report, s.Late, s.Ended(Now)) switch
    {
        (not null, false, _) => ("status-green", "Filed"),
        (not null, true, _) => ("status-red", "Filed late"),
        (null, true, _) => ("status-red", "Missing, late"),
        (null, false, true) => ("status-amber", $"Missing, due by {StormTime.Describe(s.EndsAt + ShiftReportService.Grace)}"),
        _ => ("status-none", "Not due yet"),
    };

    public static string ReportUrl(ShiftReportSlot s) => $"/storm/shifts/{s.ShiftId}/units/{s.UnitId}/report";
}
