using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Subscriptions.List;

/// <summary>The report subscriptions the viewer keeps (managers their units', administrators all), with their next three runs; pause and resume.</summary>
public class IndexModel(SubscriptionService subscriptions, PageCache pages, TimeProvider clock) : RecordPage
{
    /// <summary>The list as shown on a GET: the subscriptions, their owners' names, the unit names and the holidays their schedules skip.</summary>
    public static readonly CachedRead ListRead = new("subscription-list", typeof(ReportSubscription), typeof(Core.Identity.AppUser), typeof(Core.Units.Unit),
        typeof(Core.Calendar.CityHoliday));

    /// <summary>The list on a GET; null after a refused pause or resume, which is rendered afresh with its reason.</summary>
    public CachedPage? Cached { get; private set; }

    public IReadOnlyList<SubscriptionRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // Which subscriptions a manager keeps depends on the person (those they own without units) as well as the scope.
        // The next runs move with the clock: schedules are set to the minute, so a list is kept for the minute it was made in.
        var minute = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Cached = await pages.LookupAsync(ListRead, $"{viewer.UserId}|{viewer.ScopeKey}|{minute}", ct, "list");
        if (Cached.IsHit) return Page();
        IReadOnlyList<SubscriptionRow>? rows = null;
        await Cached.LoadAsync(async () => rows = await subscriptions.ListAsync(viewer, ct));
        if (rows is null) return NotFound();
        Rows = rows;
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync(int id, CancellationToken ct) =>
        ActAsync((viewer, version) => subscriptions.PauseAsync(viewer, id, version, ct), "Paused: it will not run until it is resumed.", ct);

    public Task<IActionResult> OnPostResumeAsync(int id, CancellationToken ct) =>
        ActAsync((viewer, version) => subscriptions.ResumeAsync(viewer, id, version, ct), "Resumed: it runs on its schedule again.", ct);

    private async Task<IActionResult> ActAsync(Func<Core.Access.Viewer, uint, Task<Outcome>> act, string done, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await act(viewer, PostedVersion());
        if (Handle(outcome, _ => "/reports/subscriptions", done) is { } answer) return answer;
        // Refused (someone changed it meanwhile): the list again, with the reason above it.
        Rows = await subscriptions.ListAsync(viewer, ct) ?? [];
        return Page();
    }

    public static string Local(Occurrence o) => o.Local.ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
