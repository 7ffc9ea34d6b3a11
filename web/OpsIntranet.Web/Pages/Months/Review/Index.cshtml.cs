using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Months.Review;

/// <summary>The manager's queue: submitted months of their units waiting for approval.</summary>
[Authorize(Roles = Roles.Manager)]
public class IndexModel(CompletenessService completeness) : PageModel
{
    public IReadOnlyList<QueueItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        Items = await completeness.QueueAsync(viewer, viewer.Actor.UserId, ct);
    }
}
