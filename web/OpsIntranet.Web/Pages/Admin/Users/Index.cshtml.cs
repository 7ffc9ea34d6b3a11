using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Users;

/// <summary>Users and roles (administrators): every account, filtered by name, role, unit and state; invite someone.</summary>
public class IndexModel(AccountAdminService accounts) : RecordPage
{
    public AccountList List { get; private set; } = new([], []);
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public AccountState? State { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public List<int> UnitIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var outcome = await accounts.InviteAsync(await HttpContext.ViewerAsync(ct), new InviteInput(Email, Name, Roles, UnitIds), ct);
        if (Handle(outcome, id => $"/admin/users/{id}", $"Invitation sent to {Email?.Trim().ToLowerInvariant()}. The link works once, for {AccountAdminService.InvitationLifetime.TotalDays:0} days.") is { } answer) return answer;
        return await ShowAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> ShowAsync(CancellationToken ct)
    {
        if (Role is { } r && !OpsIntranet.Core.Identity.Roles.All.Contains(r)) Role = null;
        if (await accounts.ListAsync(await HttpContext.ViewerAsync(ct), new AccountFilter(Q, Role, Unit, State), ct) is not { } list) return false;
        List = list;
        return true;
    }
}
