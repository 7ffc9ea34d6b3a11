using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Subscriptions.List;

/// <summary>The report subscriptions the viewer keeps (managers their units', administrators all), with their next three runs; pause and resume.</summary>
public class IndexModel(SubscriptionService subscriptions) : RecordPage
{
    public IReadOnlyList<SubscriptionRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ShowOrNotFoundAsync(subscriptions.ListAsync(await HttpContext.ViewerAsync(ct), ct), rows => Rows = rows);

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
