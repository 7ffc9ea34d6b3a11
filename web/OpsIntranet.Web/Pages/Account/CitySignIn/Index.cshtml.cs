using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Account.CitySignIn;

/// <summary>
/// "Sign in with City account". GET sends the browser to the City's provider (a link, so it needs no form post to another
/// site); the provider's answer comes back through the OpenID Connect handler, which validates the token and calls
/// ?handler=done. There the account is linked and its roles and units set from the groups, then the ordinary session
/// cookie is issued; a refusal goes back to the sign-in page with its reason. 404 while single sign-on is off.
/// </summary>
public class IndexModel(SignInManager<AppUser> signIn, SingleSignOnService accounts, IOptions<SingleSignOnOptions> settings, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public const string ProviderUnreachable = "The City's sign-in service could not be reached, so you are not signed in. Try again in a few minutes; if it keeps happening, tell the intranet's administrators.";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!settings.Value.Enabled) return NotFound();
        var done = Url.Page("/Account/CitySignIn/Index", "done", new { returnUrl = LocalReturnUrl });
        try
        {
            // Challenged here rather than through a ChallengeResult so that a provider that is down or misconfigured
            // (its discovery document cannot be read) is told on the sign-in page instead of an error page.
            await HttpContext.ChallengeAsync(SingleSignOnSetup.Scheme, signIn.ConfigureExternalAuthenticationProperties(SingleSignOnSetup.Scheme, done));
            return new EmptyResult();
        }
        catch (InvalidOperationException e) when (!Response.HasStarted)
        {
            logger.LogError(e, "City account sign-in could not start: the provider's configuration could not be read");
            return Refuse(ProviderUnreachable);
        }
    }

    public async Task<IActionResult> OnGetDoneAsync(CancellationToken ct)
    {
        if (!settings.Value.Enabled) return NotFound();
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The proof of the provider's sign-in is used once, whatever the outcome.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var city = external.Succeeded ? SingleSignOnSetup.ReadCityAccount(external, settings.Value) : null;
        if (city is null) return Refuse("The sign-in with your City account did not complete, so you are not signed in. Start again with \"Sign in with City account\".");

        var outcome = await accounts.SignInAsync(city, ct);
        if (outcome.UserId is not { } userId)
        {
            logger.LogWarning("City account sign-in refused for subject {Subject} ({Email}): {Why}", city.Subject, city.Email, outcome.Refusal);
            return Refuse(outcome.Refusal!);
        }
        var user = await signIn.UserManager.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
        if (user is null) return Refuse("Your intranet account was removed while you signed in. Ask an administrator.");
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: SingleSignOnSetup.AuthenticationMethod);
        logger.LogInformation("Signed in with the City account: user {UserId}", userId);
        return LocalRedirect(LocalReturnUrl);
    }

    private string LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private RedirectResult Refuse(string why)
    {
        TempData[Login.IndexModel.RefusalKey] = why;
        return Redirect("/account/login");
    }
}
