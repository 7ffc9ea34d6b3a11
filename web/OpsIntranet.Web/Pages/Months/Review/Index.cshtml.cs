using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Security;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Months.Review;

/// <summary>The manager's queue: submitted months of their units waiting for approval.</summary>
[Authorize(Roles = Roles.Manager)]
public class IndexModel(CompletenessService completeness, UnitScopeService scopes) : PageModel
{
    public IReadOnlyList<QueueItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await completeness.QueueAsync(await scopes.ForAsync(User, ct), Actor.From(User, IdentitySetup.DisplayNameClaim).UserId, ct);
}
