using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Identity;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Account;

/// <summary>
/// "Sign in with City account" against a real OpenID Connect provider (OpenIddict inside the test, real signed tokens): the
/// first sign-in links the employee or account with the same verified e-mail, the groups give roles and units through the
/// mapping at every sign-in, unknown or unverified addresses and tampered tokens are refused with a sentence on the sign-in page.
/// </summary>
public class CitySignInTests : IAsyncLifetime
{
    private readonly CitySignInApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(BuiltUnit A, BuiltUnit B)> UnitsAsync() =>
        (await app.Data.Unit("UNA").Named("Unit A").BuildAsync(), await app.Data.Unit("UNB").Named("Unit B").BuildAsync());

    private async Task<(List<string> Roles, List<string> Units, int? EmployeeId, List<string> Logins)> AccountAsync(string email)
    {
        await using var db = app.Web.CreateDbContext();
        var normalized = email.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == normalized);
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(r => r).ToListAsync();
        var units = await db.UserUnits.Where(x => x.UserId == user.Id).Select(x => x.Unit!.Code).OrderBy(c => c).ToListAsync();
        var logins = await db.UserLogins.Where(l => l.UserId == user.Id).Select(l => l.LoginProvider + ":" + l.ProviderKey).ToListAsync();
        return (roles, units, user.EmployeeId, logins);
    }

    private async Task<List<string>> AuditDetailsAsync()
    {
        await using var db = app.Web.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account).OrderBy(a => a.Id).Select(a => a.UserName + ": " + a.Detail).ToListAsync();
    }

    private static async Task<string> RefusalAsync(HttpClient browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        var page = await browser.GetDocumentAsync("/account/login");
        return page.QuerySelector("#sign-in-refusal")?.TextContent.Trim() ?? "(no refusal shown)";
    }

    private static async Task AssertSignedOutAsync(HttpClient browser)
    {
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/login", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_OffersTheCityAccount()
    {
        var page = await app.CreateBrowser().GetDocumentAsync("/account/login");
        Assert.Equal("Sign in with City account", page.QuerySelector("#city-sign-in")?.TextContent.Trim());
        Assert.Null(page.QuerySelector("#passwords-off"));
    }

    [Fact]
    public async Task AProviderThatCannotBeReached_IsToldOnTheSignInPage_NotAnErrorPage()
    {
        // The same provider under a path that has no discovery document: what a wrong Authority or a provider outage gives.
        var broken = new CitySignInApp(new Dictionary<string, string?> { ["SingleSignOn:Authority"] = TestOpenIdProvider.Issuer + "no-such-tenant/" });
        await broken.InitializeAsync();
        try
        {
            var browser = broken.CreateBrowser();
            var start = await browser.GetAsync("/account/city-sign-in?returnUrl=%2F");
            Assert.Equal(OpsIntranet.Web.Pages.Account.CitySignIn.IndexModel.ProviderUnreachable, await RefusalAsync(browser, start));
            await AssertSignedOutAsync(browser);
        }
        finally
        {
            await broken.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstSignIn_OfAnEmployeeWithoutAccount_CreatesTheirLinkedAccount_WithTheGroupsRolesAndUnits()
    {
        var (_, b) = await UnitsAsync();
        var employee = await app.Data.Employee("Rosa", "Quintero").Email("rosa.quintero@city.example").BuildAsync();
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-rosa", "Rosa.Quintero@city.example", ["ops-managers", "ops-unit-b", "everyone"]));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/", done.Headers.Location!.OriginalString);
        var (roles, units, employeeId, logins) = await AccountAsync("rosa.quintero@city.example");
        Assert.Equal(["Manager"], roles);
        Assert.Equal(["UNB"], units);
        Assert.Equal(employee.Id, employeeId);
        Assert.Equal(["City:sub-rosa"], logins);
        // Signed in: the home page and the manager's people list answer.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/people")).StatusCode);
        var audit = Assert.Single(await AuditDetailsAsync());
        Assert.Equal("Rosa Quintero (City account sign-in): account created at the first sign-in with the City account, for employee Rosa Quintero; " +
            "linked to the City account sub-rosa (verified e-mail rosa.quintero@city.example); role Manager given (groups ops-managers); unit Unit B given", audit);
    }

    [Fact]
    public async Task FirstSignIn_OfAnExistingAccount_LinksIt_AndTheGroupsReplaceHandGivenRolesAndUnits()
    {
        var (a, _) = await UnitsAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(a).BuildAsync();
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-dana", dana.Email, ["ops-managers", "ops-supervisors", "ops-unit-b"]));

        Assert.Equal("/", done.Headers.Location!.OriginalString);
        var (roles, units, employeeId, logins) = await AccountAsync(dana.Email);
        Assert.Equal(["Manager", "Supervisor"], roles);
        Assert.Equal(["UNB"], units);
        Assert.Equal(dana.Employee.Id, employeeId);
        Assert.Equal(["City:sub-dana"], logins);
        var audit = Assert.Single(await AuditDetailsAsync());
        Assert.Contains("Dana Reyes (City account sign-in): linked to the City account sub-dana", audit, StringComparison.Ordinal);
        Assert.Contains("role Manager given (groups ops-managers)", audit, StringComparison.Ordinal);
        Assert.Contains("unit Unit A taken away (no group gives it)", audit, StringComparison.Ordinal);
        Assert.Contains("unit Unit B given", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovedGroup_TakesTheRoleAndUnitAway_AtTheNextSignIn()
    {
        await UnitsAsync();
        await app.Data.Employee("Lee", "Park").Email("lee.park@city.example").BuildAsync();
        var first = app.CreateBrowser();
        await app.SignInWithCityAsync(first, new CityPerson("sub-lee", "lee.park@city.example", ["ops-managers", "ops-unit-a", "ops-unit-b"]));
        Assert.Equal("Manager | UNA, UNB", await RolesAndUnitsAsync());

        // The directory moved Lee: no longer a manager, a supervisor of unit A only. The subject finds the account again.
        var second = app.CreateBrowser();
        var done = await app.SignInWithCityAsync(second, new CityPerson("sub-lee", "lee.park@city.example", ["ops-supervisors", "ops-unit-a"]));

        Assert.Equal("/", done.Headers.Location!.OriginalString);
        Assert.Equal("Supervisor | UNA", await RolesAndUnitsAsync());
        // The manager's page is gone for Lee at once, in the new session and the old one alike.
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("/people")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync("/people")).StatusCode);
        var last = (await AuditDetailsAsync())[^1];
        Assert.Equal("Lee Park (City account sign-in): role Manager taken away (no group gives it); role Supervisor given (groups ops-supervisors); unit Unit B taken away (no group gives it)", last);

        async Task<string> RolesAndUnitsAsync()
        {
            var account = await AccountAsync("lee.park@city.example");
            return $"{string.Join(", ", account.Roles)} | {string.Join(", ", account.Units)}";
        }
    }

    [Fact]
    public async Task UnknownEmail_IsRefused_WithTheMessage_AndNothingIsCreated()
    {
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-stranger", "stranger@city.example", ["ops-managers"]));

        Assert.Equal("Nobody in the intranet has the e-mail address stranger@city.example. Ask an administrator to add you to the people directory or invite you.",
            await RefusalAsync(browser, done));
        await AssertSignedOutAsync(browser);
        await using var db = app.Web.CreateDbContext();
        Assert.Empty(await db.Users.ToListAsync());
        Assert.Empty(await db.UserLogins.ToListAsync());
    }

    [Fact]
    public async Task UnverifiedEmail_IsRefused_EvenWhenAnAccountHasIt()
    {
        var (a, _) = await UnitsAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(a).BuildAsync();
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-someone", dana.Email, ["ops-administrators"], EmailVerified: false));

        Assert.Equal($"The City's sign-in service does not confirm that {dana.Email} is verified, so it cannot be matched to an intranet account. Ask the City's IT service desk to verify the address.",
            await RefusalAsync(browser, done));
        await AssertSignedOutAsync(browser);
        var (roles, _, _, logins) = await AccountAsync(dana.Email);
        Assert.Equal(["Supervisor"], roles);
        Assert.Empty(logins);
    }

    [Fact]
    public async Task DisabledAccount_IsRefused()
    {
        var (a, _) = await UnitsAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(a).BuildAsync();
        await using (var db = app.Web.CreateDbContext())
            await db.Users.Where(u => u.Id == dana.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue));
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-dana", dana.Email, ["ops-supervisors", "ops-unit-a"]));

        Assert.Equal("Your intranet account is disabled. Ask an administrator if you need it again.", await RefusalAsync(browser, done));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task NoMappedGroup_TakesTheRolesAway_AndRefusesWithTheReason()
    {
        var (a, _) = await UnitsAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(a).BuildAsync();
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-dana", dana.Email, ["everyone"]));

        Assert.Equal("Your City account is in none of the groups that give a role in the intranet. Ask an administrator to add you to the right group.", await RefusalAsync(browser, done));
        await AssertSignedOutAsync(browser);
        var (roles, units, _, _) = await AccountAsync(dana.Email);
        Assert.Empty(roles);
        Assert.Empty(units);
    }

    [Theory]
    [InlineData(IdTokenTampering.Signature)]
    [InlineData(IdTokenTampering.Claims)]
    public async Task TamperedIdToken_IsRefused_AndNothingIsLinked(IdTokenTampering tampering)
    {
        var (a, _) = await UnitsAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(a).BuildAsync();
        app.Provider.Tampering = tampering;
        var browser = app.CreateBrowser();

        var done = await app.SignInWithCityAsync(browser, new CityPerson("sub-dana", dana.Email, ["ops-supervisors", "ops-unit-a"]));

        Assert.Equal("The sign-in with your City account did not succeed, so you are not signed in. Try again; if it keeps failing, tell the City's IT service desk.",
            await RefusalAsync(browser, done));
        await AssertSignedOutAsync(browser);
        var (roles, _, _, logins) = await AccountAsync(dana.Email);
        Assert.Equal(["Supervisor"], roles);
        Assert.Empty(logins);

        // The same sign-in untouched goes through: the refusal was the tampering's.
        app.Provider.Tampering = IdTokenTampering.None;
        Assert.Equal("/", (await app.SignInWithCityAsync(browser, new CityPerson("sub-dana", dana.Email, ["ops-supervisors", "ops-unit-a"]))).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CitySignInPage_WithoutTheProvidersProof_SendsBackToSignIn()
    {
        var browser = app.CreateBrowser();
        var done = await browser.GetAsync("/account/city-sign-in?handler=done");
        Assert.Equal("The sign-in with your City account did not complete, so you are not signed in. Start again with \"Sign in with City account\".", await RefusalAsync(browser, done));
    }
}

/// <summary>Local accounts switched off: only the City account signs in, but the named break-glass administrator keeps a password.</summary>
public class CityOnlySignInTests : IAsyncLifetime
{
    private const string BreakGlass = "kim.admin@builder.example";
    private readonly CitySignInApp app = new(new Dictionary<string, string?>
    {
        ["SingleSignOn:LocalAccountsEnabled"] = "false",
        ["SingleSignOn:BreakGlassAdministrator"] = BreakGlass,
    });

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task PasswordSignIn_IsRefused_ButTheBreakGlassAdministrators()
    {
        var unit = await app.Data.Unit("UNA").Named("Unit A").BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(unit).BuildAsync();
        var kim = await app.Data.User("Kim", "Admin").Administrator().BuildAsync();
        Assert.Equal(BreakGlass, kim.Email);

        var page = await app.CreateBrowser().GetDocumentAsync("/account/login");
        Assert.NotNull(page.QuerySelector("#city-sign-in"));
        Assert.Contains("Password sign-in is switched off", page.QuerySelector("#passwords-off")?.TextContent, StringComparison.Ordinal);

        var browser = app.CreateBrowser();
        var refused = await browser.PostLoginAsync(dana.Email, TestData.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(OpsIntranet.Web.Pages.Account.Login.IndexModel.PasswordsOff, (await refused.ParseAsync()).QuerySelector(".alert-danger")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);

        var admin = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostLoginAsync(kim.Email, TestData.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);

        // Dana comes in with her City account instead.
        var city = app.CreateBrowser();
        Assert.Equal("/", (await app.SignInWithCityAsync(city, new CityPerson("sub-dana", dana.Email, ["ops-supervisors", "ops-unit-a"]))).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("/")).StatusCode);
    }
}
