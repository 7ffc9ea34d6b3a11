using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Details;

/// <summary>
/// One event: what it is, its state, level and units, every step with who and when, the moves the viewer may take
/// (activate, start recovery, close, change the level) and the sections of the event. Out of scope: 404.
/// </summary>
public class IndexModel(StormEventService events, StormRosterService roster) : RecordPage
{
    /// <summary>The essential staff of the event's units, phones as the viewer may see them.</summary>
    public IReadOnlyList<RosterLine> Roster { get; private set; } = [];
    /// <summary>The units whose roster page the viewer reads (theirs, or every unit for leadership and administrators).</summary>
    public HashSet<int> RosterPages { get; } = [];

    public StormEventDetails Details { get; private set; } = default!;
    public StormEvent Event => Details.Event;
    public StormSteps Can => Details.Can;
    public bool CanReadHours { get; private set; }

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct) => await LoadAsync(await HttpContext.ViewerAsync(ct), eventId, ct);

    /// <summary>Activate, start recovery or close: one step along the event's life.</summary>
    public Task<IActionResult> OnPostMoveAsync(int eventId, StormState? to, ActivationLevel? level, string? note, CancellationToken ct) =>
        RunAsync(eventId, v => to is { } target
            ? events.MoveAsync(v, eventId, PostedVersion(), target, target == StormState.Activated ? level : null, note, ct)
            : Task.FromResult(Outcome.Conflict("Choose what to do with the event.")), to switch
            {
                StormState.Activated => "Activated: everyone in the event's units now sees the banner.",
                StormState.Recovery => "Recovery started.",
                StormState.Closed => "Closed; its units are free for another event.",
                _ => "Done.",
            }, ct);

    public Task<IActionResult> OnPostLevelAsync(int eventId, ActivationLevel? newLevel, string? levelNote, CancellationToken ct) =>
        RunAsync(eventId, v => events.ChangeLevelAsync(v, eventId, PostedVersion(), newLevel, levelNote, ct), "Activation level changed.", ct);

    private async Task<IActionResult> RunAsync(int eventId, Func<Viewer, Task<Outcome>> command, string message, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (Handle(await command(viewer), _ => $"/storm/{eventId}", message) is { } done) return done;
        return await LoadAsync(viewer, eventId, ct);
    }

    private async Task<IActionResult> LoadAsync(Viewer viewer, int eventId, CancellationToken ct)
    {
        var shown = await ShowOrNotFoundAsync(events.DetailsAsync(viewer, eventId, ct), d => Details = d);
        if (Details is null) return shown;
        CanReadHours = StormAccess.CanReadHours(viewer, Details.Units.Select(u => u.Id).ToList());
        Roster = await roster.ForEventAsync(viewer, eventId, ct) ?? [];
        RosterPages.UnionWith(Details.Units.Select(u => u.Id).Where(viewer.Contains));
        return shown;
    }

    public static string StepText(StormEventStep s) => s.FromState switch
    {
        null => "Opened",
        var from when from == s.ToState => "Level changed",
        _ => s.ToState switch
        {
            StormState.Activated => "Activated",
            StormState.Recovery => "Recovery started",
            StormState.Closed => "Closed",
            _ => StormEventService.Describe(s.ToState),
        },
    };
}
