using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Account.Login;

public class IndexModel(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, IWebHostEnvironment environment, ILogger<IndexModel> logger) : PageModel
{
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
