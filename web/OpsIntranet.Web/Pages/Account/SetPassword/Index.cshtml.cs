using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Web.Pages.Account.SetPassword;

/// <summary>
/// "Set your password": where an invitation's link lands (anyone with the link, signed in or not). The link works
/// once and until it expires; the password follows the app's rules; setting it confirms the e-mail address. A link
/// that is not ours answers 400, one used, replaced or expired 410, each with a sentence saying what to do.
/// </summary>
public class IndexModel(AccountAdminService accounts, InvitationTokens tokens, UserManager<AppUser> users, AppDbContext db,
    IOptions<SingleSignOnOptions> singleSignOn, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    public InvitationCheck? Check { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public string? E(string key) => Errors.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await CheckAsync(ct) ? Page() : Refused();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await CheckAsync(ct)) return Refused();
        var (invitationId, nonce) = tokens.Read(Token)!.Value;
        var user = (await users.FindByIdAsync(Check!.UserId!.Value.ToString(CultureInfo.InvariantCulture)))!;
        if (string.IsNullOrEmpty(Password)) Errors["Password"] = "Choose a password of at least 12 characters.";
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, Password);
                if (!result.Succeeded) { Errors["Password"] = string.Join(" ", result.Errors.Select(e => e.Description)); break; }
            }
            if (!Errors.ContainsKey("Password") && Password != ConfirmPassword) Errors["ConfirmPassword"] = "The two passwords are not the same; type it again.";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claimed in the transaction that sets the password: of two posts of one link, one sets it and the other is refused.
        if (!await accounts.ClaimInvitationAsync(invitationId, nonce, ct))
        {
            await tx.RollbackAsync(ct);
            await CheckAsync(ct);
            return Refused();
        }
        user.EmailConfirmed = true;
        var added = await users.AddPasswordAsync(user, Password!);
        if (!added.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            Errors["Password"] = string.Join(" ", added.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Password set with invitation {Invitation} for user {UserId}.", invitationId, user.Id);
        TempData["Message"] = "Your password is set. Sign in with your e-mail address and the new password.";
        return Redirect("/account/login");
    }

    private async Task<bool> CheckAsync(CancellationToken ct)
    {
        Check = tokens.Read(Token) is { } read ? await accounts.CheckInvitationAsync(read.InvitationId, read.Nonce, ct)
            : new InvitationCheck(false, "This link is not valid. Check that the whole link from the e-mail was opened, or ask an administrator for a new invitation.", null, null, null);
        // With local accounts off a password would not let the person in: they use the City account (the break-glass administrator excepted).
        if (Check.Usable && !singleSignOn.Value.MayUsePassword(Check.Email))
            Check = Check with { Usable = false, Refusal = "Passwords are switched off for this intranet: sign in with your City account on the sign-in page instead." };
        return Check.Usable;
    }

    private PageResult Refused()
    {
        // Ours but no longer usable (used, replaced, expired, disabled) is "gone"; anything else is a bad request.
        Response.StatusCode = Check?.UserId is null ? StatusCodes.Status400BadRequest : StatusCodes.Status410Gone;
        return Page();
    }
}
