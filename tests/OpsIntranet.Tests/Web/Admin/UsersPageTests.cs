using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Identity;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Admin;

/// <summary>
/// /admin/users: roles and units given and taken apply on the person's next request, on this web node and on
/// another; the last administrator cannot be removed or disabled; a disabled account is signed out; bad input is
/// told next to its field; every change is in the audit trail.
/// </summary>
public class UsersPageTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Posts the account's roles-and-units form as it stands, with the given roles and units ticked instead.</summary>
    private static async Task<HttpResponseMessage> SaveAccessAsync(HttpClient admin, int userId, string[] roles, int[] units)
    {
        var page = await admin.GetDocumentAsync($"/admin/users/{userId}");
        var fields = page.QuerySelector("#access")!.Fields().Where(f => f.Key is not ("Roles" or "UnitIds")).ToList();
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        fields.AddRange(units.Select(u => new KeyValuePair<string, string>("UnitIds", S(u))));
        return await admin.PostFormAsync($"/admin/users/{userId}", fields);
    }

    private static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient admin, int userId, string handler)
    {
        var page = await admin.GetDocumentAsync($"/admin/users/{userId}");
        var form = page.QuerySelectorAll("#sign-in form").Single(f => f.GetAttribute("action")!.Contains($"handler={handler}", StringComparison.Ordinal));
        return await admin.PostFormAsync(form.Action($"/admin/users/{userId}"), form.Fields());
    }

    [Fact]
    public async Task ARoleChange_AppliesOnTheNextRequest_OnThisNodeAndOnAnother()
    {
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var patricia = await _app.Data.User("Patricia", "Odum").Leadership().BuildAsync();
        await using var nodeB = new OpsWebFactory(_app.Factory.ConnectionString);
        var onA = await _app.Factory.SignedInClientAsync(patricia);
        var onB = await nodeB.SignedInClientAsync(patricia);
        Assert.Equal(HttpStatusCode.NotFound, (await onA.GetAsync("/admin/units")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync("/admin/units")).StatusCode);

        // Given on node A: both of her sessions have it on their next request.
        var adminOnA = await _app.Factory.SignedInClientAsync(kevin);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(adminOnA, patricia.Id, [Roles.Leadership, Roles.Administrator], [])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/admin/units")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/units")).StatusCode);
        Assert.Contains("Leadership, Administrator", (await onA.GetDocumentAsync("/")).Text("#main-nav"));

        // Taken away on node B: her session on node A loses it on its next request, and stays signed in.
        var adminOnB = await nodeB.SignedInClientAsync(kevin);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(adminOnB, patricia.Id, [Roles.Leadership], [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onA.GetAsync("/admin/units")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/")).StatusCode);

        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(["role Administrator given", "role Administrator taken away"],
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account && a.RecordId == patricia.Id).OrderBy(a => a.Id).Select(a => a.Detail!).ToListAsync());
        Assert.All(await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account).ToListAsync(), a => Assert.Equal(("Kevin Tran", kevin.Id), (a.UserName, a.UserId!.Value)));
    }

    [Fact]
    public async Task GivingAUnit_WidensASupervisorsScopeOnTheirNextRequest()
    {
        var ucc = await _app.Data.Unit("UCC").BuildAsync();
        var walkIn = await _app.Data.Unit("WIU").BuildAsync();
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var dana = await _app.Data.User("Dana", "Reyes").SupervisorOf(ucc).BuildAsync();
        var danaClient = await _app.Factory.SignedInClientAsync(dana);
        Assert.Equal(HttpStatusCode.NotFound, (await danaClient.GetAsync($"/units/{walkIn.Id}")).StatusCode);
        var admin = await _app.Factory.SignedInClientAsync(kevin);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(admin, dana.Id, [Roles.Supervisor], [ucc.Id, walkIn.Id])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await danaClient.GetAsync($"/units/{walkIn.Id}")).StatusCode);
        var list = await admin.GetDocumentAsync($"/admin/users?Unit={walkIn.Id}");
        Assert.Equal(["Dana Reyes"], list.QuerySelectorAll("#accounts tbody tr td:first-child").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task TheLastAdministrator_CannotLoseTheRole_NorBeDisabled_AndNothingIsSaved()
    {
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var admin = await _app.Factory.SignedInClientAsync(kevin);

        var demote = await SaveAccessAsync(admin, kevin.Id, [Roles.Leadership], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        Assert.Equal(AccountAdminService.LastAdministrator, (await demote.ParseAsync()).Text("#Roles-error"));

        var disable = await PostSignInFormAsync(admin, kevin.Id, "Disable");
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal("You are the last administrator who can sign in; disabling yourself would leave nobody to run the intranet. Nothing was saved.", (await disable.ParseAsync()).Text("#form-error"));

        await using var db = _app.Factory.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.LockoutEnd == DateTimeOffset.MaxValue));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.RecordType == AuditRecords.Account));

        // With a second administrator who can sign in, the first may step down.
        await _app.Data.User("Ana", "Ruiz").Administrator().BuildAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(admin, kevin.Id, [Roles.Leadership], [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorWhoSignsInOnlyWithTheCityAccount_IsActive_AndCountsAsOneWhoCanSignIn()
    {
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var ana = await _app.Data.User("Ana", "Ruiz").Administrator().BuildAsync();
        // Ana came in through single sign-on: a City login and no password.
        await using (var db = _app.Factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == ana.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, (string?)null));
            db.UserLogins.Add(new Microsoft.AspNetCore.Identity.IdentityUserLogin<int> { LoginProvider = OpsIntranet.Core.Identity.SingleSignOnService.Provider, ProviderKey = "city-subject-ana", ProviderDisplayName = "City account", UserId = ana.Id });
            await db.SaveChangesAsync();
        }
        var admin = await _app.Factory.SignedInClientAsync(kevin);
        var list = await admin.GetDocumentAsync("/admin/users?State=Active");
        Assert.Contains("Ana Ruiz", list.QuerySelectorAll("#accounts tbody tr td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Empty((await admin.GetDocumentAsync("/admin/users?State=Invited")).QuerySelectorAll("#accounts tbody tr"));

        // Kevin may step down: Ana can still sign in and run the intranet.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(admin, kevin.Id, [Roles.Leadership], [])).StatusCode);
    }

    [Fact]
    public async Task ADisabledAccount_IsSignedOutOnItsNextRequest_AndEnablingLetsItBack()
    {
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var unit = await _app.Data.Unit("UCC").BuildAsync();
        var dana = await _app.Data.User("Dana", "Reyes").SupervisorOf(unit).BuildAsync();
        await using var nodeB = new OpsWebFactory(_app.Factory.ConnectionString);
        var danaOnB = await nodeB.SignedInClientAsync(dana);
        Assert.Equal(HttpStatusCode.OK, (await danaOnB.GetAsync("/")).StatusCode);

        var admin = await _app.Factory.SignedInClientAsync(kevin);
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInFormAsync(admin, dana.Id, "Disable")).StatusCode);
        var next = await danaOnB.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/account/login", next.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await _app.Factory.CreateBrowserLikeClient().PostLoginAsync(dana.Email, TestData.Password)).StatusCode);
        Assert.Equal("Disabled", (await admin.GetDocumentAsync($"/admin/users/{dana.Id}")).Text("#state"));
        Assert.Equal(["Dana Reyes"], (await admin.GetDocumentAsync("/admin/users?State=Disabled")).QuerySelectorAll("#accounts tbody tr td:first-child").Select(td => td.TextContent.Trim()));

        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInFormAsync(admin, dana.Id, "Enable")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _app.Factory.CreateBrowserLikeClient().PostLoginAsync(dana.Email, TestData.Password)).StatusCode);

        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(["disabled; signed out; open invitations withdrawn", "enabled"],
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account && a.RecordId == dana.Id).OrderBy(a => a.Id).Select(a => a.Detail!).ToListAsync());
    }

    [Fact]
    public async Task ALockedAccount_IsUnlockedByAnAdministrator()
    {
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var patricia = await _app.Data.User("Patricia", "Odum").Leadership().BuildAsync();
        var stranger = _app.Factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++) await stranger.PostLoginAsync(patricia.Email, "Wrong-password-123");
        Assert.Equal(HttpStatusCode.OK, (await _app.Factory.CreateBrowserLikeClient().PostLoginAsync(patricia.Email, TestData.Password)).StatusCode);

        var admin = await _app.Factory.SignedInClientAsync(kevin);
        Assert.Equal(["Patricia Odum"], (await admin.GetDocumentAsync("/admin/users?State=Locked")).QuerySelectorAll("#accounts tbody tr td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInFormAsync(admin, patricia.Id, "Unlock")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _app.Factory.CreateBrowserLikeClient().PostLoginAsync(patricia.Email, TestData.Password)).StatusCode);
        // Nothing left to unlock.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostFormAsync($"/admin/users/{patricia.Id}?handler=Unlock")).StatusCode);
    }

    [Fact]
    public async Task BadInput_IsToldNextToItsField_AndAStaleFormIsRefused()
    {
        var unit = await _app.Data.Unit("UCC").BuildAsync();
        var kevin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var patricia = await _app.Data.User("Patricia", "Odum").Leadership().BuildAsync();
        var admin = await _app.Factory.SignedInClientAsync(kevin);

        var noRole = await SaveAccessAsync(admin, patricia.Id, [], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRole.StatusCode);
        Assert.Equal("Give at least one role. To stop someone signing in, disable the account instead.", (await noRole.ParseAsync()).Text("#Roles-error"));
        var unitWithoutRole = await SaveAccessAsync(admin, patricia.Id, [Roles.Leadership], [unit.Id]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unitWithoutRole.StatusCode);
        var page = await unitWithoutRole.ParseAsync();
        Assert.StartsWith("Units are for supervisors and managers", page.Text("#UnitIds-error"));
        // What was ticked stays ticked.
        Assert.True(page.QuerySelector($"#unit-{unit.Id}")!.HasAttribute("checked"));

        var form = await admin.GetDocumentAsync($"/admin/users/{patricia.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAccessAsync(admin, patricia.Id, [Roles.Leadership, Roles.Manager], [unit.Id])).StatusCode);
        var stale = await admin.PostFormAsync($"/admin/users/{patricia.Id}", form.QuerySelector("#access")!.Fields(("Roles", Roles.Administrator)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var other = await _app.Data.Employee("Nora", "Quinn").Email("nora.quinn@cityutility.example").BuildAsync();
        var link = await admin.PostFormAsync($"/admin/users/{patricia.Id}?handler=Link", ("Version", (await admin.GetDocumentAsync($"/admin/users/{patricia.Id}")).Version()), ("EmployeeId", S(other.Id)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, link.StatusCode);
        Assert.Equal($"Nora Quinn's e-mail address is nora.quinn@cityutility.example, and this account signs in as {patricia.Email}. An account is linked to the employee with the same address: correct one of them first.",
            (await link.ParseAsync()).Text("#EmployeeId-error"));

        var invite = await admin.PostFormAsync("/admin/users?handler=Invite", ("Email", "not-an-address"), ("Name", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invite.StatusCode);
        page = await invite.ParseAsync();
        Assert.Equal("Enter an e-mail address such as first.last@cityutility.example.", page.Text("#Email-error"));
        Assert.StartsWith("Give the person's name", page.Text("#Name-error"));
        Assert.StartsWith("Give at least one role", page.Text("#Roles-error"));

        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(["role Manager given; unit Unit UCC given"],
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account).Select(a => a.Detail!).ToListAsync());
        Assert.Equal(2, await db.Users.CountAsync());
    }

    [Fact]
    public async Task AManager_FindsNoUsersAdministration()
    {
        var unit = await _app.Data.Unit("WIU").BuildAsync();
        var maria = await _app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync();
        var client = await _app.Factory.SignedInClientAsync(maria);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/users/{maria.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/users/{maria.Id}", ("Version", "0"), ("Roles", Roles.Administrator))).StatusCode);
    }
}
