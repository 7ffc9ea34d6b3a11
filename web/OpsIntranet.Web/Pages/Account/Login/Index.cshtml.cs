using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Account.Login;

public class IndexModel(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, IWebHostEnvironment environment, IOptions<SingleSignOnOptions> singleSignOn, ILogger<IndexModel> logger) : PageModel
{
    /// <summary>Where the City sign-in leaves its refusal for this page to show.</summary>
    public const string RefusalKey = "SignInRefusal";

    public const string PasswordsOff =
        "Password sign-in is switched off: sign in with your City account. Only the break-glass administrator signs in with a password here.";

    /// <summary>
    /// One answer to every failed sign-in (unknown address, wrong password, locked or disabled account),
    /// so the page cannot be used to find out who has an account.
    /// </summary>
    public static readonly string Refused =
        $"The e-mail or password is not right. After {IdentitySetup.MaxFailedAttempts} failed sign-ins an account is locked for " +
        $"{IdentitySetup.LockoutDuration.TotalMinutes:0} minutes; an administrator can unlock it sooner.";

    private static readonly AppUser NoOne = new() { DisplayName = "" };
    private static string? _placeholderHash;

    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    /// <summary>What the page before said, e.g. "Your password is set" after an invitation.</summary>
    [TempData] public string? Message { get; set; }
    /// <summary>Why the City account sign-in did not let the person in (unknown or unverified e-mail, disabled account…).</summary>
    [TempData(Key = RefusalKey)] public string? SignInRefusal { get; set; }

    /// <summary>"Sign in with City account" is offered when the SingleSignOn settings name a provider.</summary>
    public bool OffersCityAccount => singleSignOn.Value.Enabled;
    /// <summary>Local accounts are off: the password form is there for the break-glass administrator only.</summary>
    public bool BreakGlassOnly => !singleSignOn.Value.LocalAccountsEnabled;

    /// <summary>The demo accounts and their password are printed only in Development, never in production.</summary>
    public bool ShowDemoAccounts => environment.IsDevelopment();

    public class LoginInput
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address such as name@cityutility.example.")]
        [StringLength(254)]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [StringLength(200)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var email = Input.Email.Trim();
        if (!singleSignOn.Value.MayUsePassword(email))
        {
            logger.LogWarning("Password sign-in refused, local accounts are off: {Email}", email);
            Error = PasswordsOff;
            Input.Password = "";
            return Page();
        }
        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is not null && !await signIn.UserManager.IsLockedOutAsync(user) && await signIn.CanSignInAsync(user))
        {
            var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                logger.LogInformation("Signed in: {Email}", email);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            }
            if (result.IsLockedOut) logger.LogWarning("Sign-in refused, account now locked: {Email}", email);
        }
        else
        {
            // Identity answers these without hashing, which a stopwatch tells apart from a wrong password: hash all the same.
            _placeholderHash ??= hasher.HashPassword(NoOne, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            hasher.VerifyHashedPassword(user ?? NoOne, _placeholderHash, Input.Password);
            logger.LogWarning("Sign-in refused, {Why}: {Email}", user is null ? "no such account" : "account locked or disabled", email);
        }
        Error = Refused;
        Input.Password = "";
        return Page();
    }
}
