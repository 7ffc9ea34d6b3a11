using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Checks the sign-in cookie against the database on every request, in place of Identity's validator
/// (which looks only every 30 minutes): a person recorded as having left, a disabled account or a new
/// security stamp is signed out on the next request, and a role change applies on the next request,
/// on every node. The account is read with the viewer the page builds next (<see cref="Viewers.AccountAsync"/>): one query per request serves both.
/// </summary>
public sealed class SessionValidator(Viewers viewers, SignInManager<AppUser> signIn, IOptions<IdentityOptions> identity, IOptions<SingleSignOnOptions> singleSignOn, ILogger<SessionValidator> logger)
    : ISecurityStampValidator
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var claims = identity.Value.ClaimsIdentity;
        var principal = context.Principal;
        if (principal is null || !int.TryParse(principal.FindFirstValue(claims.UserIdClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            await RejectAsync(context, null, "no user id");
            return;
        }
        // The same read the page's viewer is built from next (Viewers keeps it for the request): one query for both.
        var account = await viewers.AccountAsync(userId, context.HttpContext.RequestAborted);
        if (account is null || account.SecurityStamp != principal.FindFirstValue(claims.SecurityStampClaimType)
            || account.Left || account.LockoutEnd == DateTimeOffset.MaxValue)
        {
            await RejectAsync(context, userId, account is null ? "no such account" : account.Left ? "left" : "security stamp changed or sign-in disabled");
            return;
        }
        // Local accounts switched off: a session opened with a password (before the switch) ends, but the break-glass administrator's.
        var method = principal.FindFirstValue(ClaimTypes.AuthenticationMethod);
        if (method != SingleSignOnSetup.AuthenticationMethod && !singleSignOn.Value.MayUsePassword(account.Email))
        {
            await RejectAsync(context, userId, "password sign-in is switched off");
            return;
        }
        if (!principal.FindAll(claims.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal).SetEquals(account.Roles))
        {
            // Same person, same session, other roles: a fresh principal now and a fresh cookie with the response.
            var user = await signIn.UserManager.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
            if (user is null)
            {
                await RejectAsync(context, userId, "no such account");
                return;
            }
            var fresh = await signIn.CreateUserPrincipalAsync(user);
            // How the session was opened stays with it (the check above reads it on every request).
            if (method is not null) ((ClaimsIdentity)fresh.Identity!).AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method));
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    private async Task RejectAsync(CookieValidatePrincipalContext context, int? userId, string why)
    {
        logger.LogInformation("Session of user {UserId} ended: {Why}.", userId, why);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
