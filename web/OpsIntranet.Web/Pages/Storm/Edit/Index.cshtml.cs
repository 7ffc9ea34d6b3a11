using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Edit;

/// <summary>Edits an event's name, kind, level, times and units, for whoever changes it; a form loaded before someone else's save is refused (409).</summary>
public class IndexModel(StormEventService events) : EventFormPage
{
    public int EventId { get; private set; }
    public string EventName { get; private set; } = "";
    public uint Version { get; private set; }
    public bool IsClosed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await LoadAsync(viewer, eventId, ct) is not { } d) return NotFound();
        var e = d.Event;
        (Name, Kind, Level, StartsAt, ExpectedImpactAt, UnitIds, Version) =
            (e.Name, e.Kind, e.Level, StormHtml.ToInput(e.StartsAt), StormHtml.ToInput(e.ExpectedImpactAt), d.Units.Select(u => u.Id).ToList(), e.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int eventId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (Input() is { } input && Handle(await events.EditAsync(viewer, eventId, PostedVersion(), input, ct), id => $"/storm/{id}", "Saved.") is { } done) return done;
        if (await LoadAsync(viewer, eventId, ct) is null) return NotFound();
        // The version the form was loaded with: a stale form stays stale until reloaded.
        Version = PostedVersion();
        return Page();
    }

    /// <summary>The event for those who change it (everyone else: 404, as for a record out of scope).</summary>
    private async Task<StormEventDetails?> LoadAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        if (await events.DetailsAsync(viewer, eventId, ct) is not { } d || !StormAccess.CanChange(viewer, d.Units.Select(u => u.Id).ToList())) return null;
        (EventId, EventName, IsClosed) = (d.Event.Id, d.Event.Name, d.Event.State == StormState.Closed);
        await LoadUnitsAsync(events, viewer, d.Units, ct);
        return d;
    }
}
