using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Users.Edit;

/// <summary>One account (administrators): roles and units, the employee record it belongs to, unlock, disable or enable, invite again.</summary>
public class IndexModel(AccountAdminService accounts) : RecordPage
{
    public AccountPage Account { get; private set; } = null!;
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public List<int> UnitIds { get; set; } = [];
    [BindProperty] public int? EmployeeId { get; set; }

    public async Task<IActionResult> OnGetAsync(int userId, CancellationToken ct)
    {
        if (!await ShowAsync(userId, ct)) return NotFound();
        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.SaveAccessAsync(await HttpContext.ViewerAsync(ct), userId, PostedVersion(), new AccessInput(Roles, UnitIds), ct),
            "Roles and units saved. They apply on the person's next page.", keepAccess: true, ct);

    public async Task<IActionResult> OnPostLinkAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.LinkEmployeeAsync(await HttpContext.ViewerAsync(ct), userId, PostedVersion(), EmployeeId, ct),
            EmployeeId is null ? "The account is no longer linked to an employee record." : "The account is linked to the employee record.", keepAccess: false, ct);

    public async Task<IActionResult> OnPostUnlockAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.UnlockAsync(await HttpContext.ViewerAsync(ct), userId, ct), "Unlocked: they can sign in again.", keepAccess: false, ct);

    public async Task<IActionResult> OnPostDisableAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.SetDisabledAsync(await HttpContext.ViewerAsync(ct), userId, PostedVersion(), true, ct),
            "Disabled: they are signed out on their next page and cannot sign in.", keepAccess: false, ct);

    public async Task<IActionResult> OnPostEnableAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.SetDisabledAsync(await HttpContext.ViewerAsync(ct), userId, PostedVersion(), false, ct),
            "Enabled: they can sign in again.", keepAccess: false, ct);

    public async Task<IActionResult> OnPostResendAsync(int userId, CancellationToken ct) =>
        await AnswerAsync(userId, await accounts.ResendInvitationAsync(await HttpContext.ViewerAsync(ct), userId, ct),
            "A new invitation is on its way; the links of earlier ones no longer work.", keepAccess: false, ct);

    /// <summary>Done: back to the account with the message. Refused: the page again, with what was posted in the form that was sent.</summary>
    private async Task<IActionResult> AnswerAsync(int userId, Outcome outcome, string message, bool keepAccess, CancellationToken ct)
    {
        if (Handle(outcome, id => $"/admin/users/{id}", message) is { } answer) return answer;
        if (!await ShowAsync(userId, ct)) return NotFound();
        var posted = (Roles, UnitIds, EmployeeId);
        Fill();
        if (keepAccess) (Roles, UnitIds) = (posted.Roles, posted.UnitIds);
        else if (Errors.ContainsKey("EmployeeId")) EmployeeId = posted.EmployeeId;
        return Page();
    }

    private void Fill()
    {
        Roles = [.. Account.Roles];
        UnitIds = [.. Account.UnitIds];
        EmployeeId = Account.EmployeeId;
    }

    private async Task<bool> ShowAsync(int userId, CancellationToken ct)
    {
        if (await accounts.PageAsync(await HttpContext.ViewerAsync(ct), userId, ct) is not { } page) return false;
        Account = page;
        return true;
    }
}
