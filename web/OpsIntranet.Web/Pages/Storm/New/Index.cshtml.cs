using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.New;

/// <summary>Opens an event in monitoring: managers (for their units) and administrators. A resent form opens one event.</summary>
public class IndexModel(StormEventService events, TimeProvider clock) : EventFormPage
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!StormAccess.CanOpen(viewer)) return NotFound();
        // A start on the hour ahead: most events are opened as the forecast firms up, before anyone is called in.
        var now = StormTime.ToEastern(clock.GetUtcNow());
        StartsAt = StormHtml.ToInput(StormTime.FromEastern(DateOnly.FromDateTime(now), new TimeOnly(now.Hour, 0)).AddHours(1));
        (Kind, Level) = (StormKind.Hurricane, ActivationLevel.Monitoring);
        await LoadUnitsAsync(events, viewer, [], ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!StormAccess.CanOpen(viewer)) return NotFound();
        if (Input() is { } input && Handle(await events.OpenAsync(viewer, input, ct), id => $"/storm/{id}", "Event opened, in monitoring.") is { } done) return done;
        await LoadUnitsAsync(events, viewer, [], ct);
        return Page();
    }
}
