using System.Net.Mail;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.Identity;

/// <summary>
/// Sign-in with the City's OpenID Connect provider (Entra ID, ADFS, Okta…), one settings block. Off while
/// <see cref="Authority"/> is empty (the default: local accounts only, as scripts/run.sh runs the demo).
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "SingleSignOn";

    /// <summary>The provider's issuer address; its /.well-known/openid-configuration is read from there.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Space-separated, as OAuth writes them; must include openid.</summary>
    public string Scopes { get; set; } = "openid profile email";
    /// <summary>The claim that lists the person's groups (Entra ID and Okta: groups; ADFS: often group or role).</summary>
    public string GroupsClaim { get; set; } = "groups";
    /// <summary>The claim that says the e-mail address is verified (Entra ID: xms_edov, as an optional claim).</summary>
    public string EmailVerifiedClaim { get; set; } = "email_verified";
    /// <summary>Group → role. When any is given, every sign-in sets exactly the roles the person's groups map to.</summary>
    public Dictionary<string, string> GroupRoles { get; set; } = [];
    /// <summary>Group → unit code. When any is given, every sign-in sets exactly the units the person's groups map to.</summary>
    public Dictionary<string, string> GroupUnits { get; set; } = [];
    /// <summary>False: only <see cref="BreakGlassAdministrator"/> may sign in with a password; everyone else uses the City account.</summary>
    public bool LocalAccountsEnabled { get; set; } = true;
    /// <summary>The e-mail of the administrator account that keeps its password when local accounts are off.</summary>
    public string? BreakGlassAdministrator { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Whether this address may sign in with a password under these settings.</summary>
    public bool MayUsePassword(string? email) =>
        LocalAccountsEnabled || (BreakGlassAdministrator is { Length: > 0 } breakGlass && string.Equals(email?.Trim(), breakGlass.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Checks the SingleSignOn section when the host starts, so a wrong block stops the app with the setting's name.</summary>
public sealed class SingleSignOnOptionsValidation : IValidateOptions<SingleSignOnOptions>
{
    public ValidateOptionsResult Validate(string? name, SingleSignOnOptions options)
    {
        var errors = new SettingErrors(SingleSignOnOptions.Section);
        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                errors.Add(nameof(options.Authority), $"must be the provider's https address (its issuer), was \"{options.Authority}\".");
            // Tokens and the client secret travel to the authority: plain http only to this machine (a provider under development).
            else if (authority.Scheme == "http" && !authority.IsLoopback)
                errors.Add(nameof(options.Authority), $"must use https (plain http only for a provider on this machine), was \"{options.Authority}\".");
            errors.Required(nameof(options.ClientId), options.ClientId);
            if (!options.ScopeList.Contains("openid", StringComparer.Ordinal))
                errors.Add(nameof(options.Scopes), $"must include openid, was \"{options.Scopes}\".");
            errors.Required(nameof(options.GroupsClaim), options.GroupsClaim);
            errors.Required(nameof(options.EmailVerifiedClaim), options.EmailVerifiedClaim);
        }
        else if (!options.LocalAccountsEnabled)
            errors.Add(nameof(options.LocalAccountsEnabled), "is false but SingleSignOn:Authority is empty: nobody but the break-glass administrator could sign in. Set the authority or turn local accounts back on.");
        foreach (var (group, role) in options.GroupRoles)
            if (!Roles.All.Contains(role, StringComparer.Ordinal))
                errors.Add($"GroupRoles:{group}", $"must be one of {string.Join(", ", Roles.All)}, was \"{role}\".");
        foreach (var (group, unit) in options.GroupUnits)
            if (string.IsNullOrWhiteSpace(unit)) errors.Add($"GroupUnits:{group}", "must be a unit code (as on Administration → Units).");
        if (!string.IsNullOrWhiteSpace(options.BreakGlassAdministrator) && !MailAddress.TryCreate(options.BreakGlassAdministrator.Trim(), out _))
            errors.Add(nameof(options.BreakGlassAdministrator), $"must be an e-mail address, was \"{options.BreakGlassAdministrator}\".");
        else if (!options.LocalAccountsEnabled && string.IsNullOrWhiteSpace(options.BreakGlassAdministrator))
            errors.Add(nameof(options.BreakGlassAdministrator), "must name an administrator's e-mail when local accounts are off, so someone can still sign in when the City's provider is down.");
        return errors.Result();
    }
}
