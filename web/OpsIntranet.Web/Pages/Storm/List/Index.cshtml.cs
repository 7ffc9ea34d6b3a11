using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.List;

/// <summary>Storm operations: the events the viewer may read, newest first, and "Open an event" for managers and administrators.</summary>
public class IndexModel(StormEventService events) : RecordPage
{
    public IReadOnlyList<StormEventCard> Events { get; private set; } = [];
    public bool CanOpen { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Events = await events.ListAsync(viewer, ct);
        CanOpen = StormAccess.CanOpen(viewer);
    }
}
