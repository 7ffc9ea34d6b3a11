using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// "Sign in with City account": the authorization-code flow with PKCE against the provider named in the SingleSignOn
/// settings. The handler only proves who the person is (into Identity's short-lived external cookie); the City sign-in page
/// then links the account and applies the group mapping (<see cref="SingleSignOnService"/>) and signs into the app's own
/// cookie, so sessions, the per-request checks and sign-out are the same as for a password.
/// </summary>
public static class SingleSignOnSetup
{
    /// <summary>The authentication scheme of the City's provider.</summary>
    public const string Scheme = "City";
    /// <summary>Put into the session when it was opened with the City account (the authentication method claim).</summary>
    public const string AuthenticationMethod = "City";

    public static IServiceCollection AddOpsSingleSignOn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<SingleSignOnOptions, SingleSignOnOptionsValidation>(configuration, SingleSignOnOptions.Section);
        services.AddScoped<SingleSignOnService>();
        var settings = configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        // Off by default; a wrong block is reported by the validation above when the host starts.
        if (!settings.Enabled || !Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority)) return services;

        services.AddAuthentication().AddOpenIdConnect(Scheme, "City account", o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
            o.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in settings.ScopeList) o.Scope.Add(scope);
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = "/signin-oidc";
            // The claims as the provider names them (sub, email, groups), not renamed to WS-Federation URIs.
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SaveTokens = false;
            o.TokenValidationParameters.NameClaimType = "name";
            o.Events.OnRemoteFailure = context =>
            {
                // A token that does not validate, a cancelled sign-in, a provider error: back to the sign-in page with one sentence.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOnSetup))
                    .LogWarning(context.Failure, "Sign-in with the City account failed.");
                var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
                tempData[Pages.Account.Login.IndexModel.RefusalKey] = "The sign-in with your City account did not succeed, so you are not signed in. Try again; if it keeps failing, tell the City's IT service desk.";
                tempData.Save();
                context.Response.Redirect("/account/login");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>What the City's provider says about the person, from the validated token's claims.</summary>
    public static CityAccount? ReadCityAccount(AuthenticateResult result, SingleSignOnOptions settings)
    {
        var principal = result.Principal;
        var subject = principal?.FindFirst("sub")?.Value;
        if (principal is null || string.IsNullOrEmpty(subject)) return null;
        var verified = principal.FindFirst(settings.EmailVerifiedClaim)?.Value;
        var groups = principal.FindAll(settings.GroupsClaim).Select(c => c.Value).Where(v => v.Length > 0).ToList();
        return new CityAccount(subject, principal.FindFirst("email")?.Value, string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirst("name")?.Value, groups);
    }
}
