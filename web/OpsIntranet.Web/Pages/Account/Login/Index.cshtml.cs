using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Identity;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Account.Login;

public class IndexModel(SignInManager<AppUser> signIn, IWebHostEnvironment environment, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

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

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Signed in: {Email}", Input.Email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused, account locked: {Email}", Input.Email);
            Error = $"This account is locked after {IdentitySetup.MaxFailedAttempts} failed sign-ins. Try again in {IdentitySetup.LockoutDuration.TotalMinutes:0} minutes, or ask an administrator to unlock it.";
        }
        else if (result.IsNotAllowed)
        {
            Error = "This account may not sign in. Ask an administrator.";
        }
        else
        {
            // The same words whether the e-mail exists or not, so accounts cannot be discovered.
            Error = "The e-mail or password is not right.";
        }
        Input.Password = "";
        return Page();
    }
}
