using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Identity;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Account;

/// <summary>
/// What an administrator changes about a person reaches that person's open session on its very next
/// request, on every node: two web hosts on one database, the person signed in on one (node A), the
/// change made through the other (node B).
/// </summary>
public class SessionRevocationTests : IAsyncLifetime
{
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Saves the person's record on the edit page as an administrator would, changing what <paramref name="change"/> says.</summary>
    private async Task<HttpResponseMessage> EditPersonAsync(HttpClient admin, string email, params (string Key, string Value)[] change)
    {
        var response = await PostPersonAsync(admin, email, change);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The edit was not saved ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<HttpResponseMessage> PostPersonAsync(HttpClient admin, string email, params (string Key, string Value)[] change)
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        var person = await db.Employees.AsNoTracking().SingleAsync(e => e.Email == email);
        var successor = await db.Users.Where(u => u.Email == DemoUsers.Administrator).Select(u => u.Id).SingleAsync();
        var edit = await admin.GetDocumentAsync($"/people/{person.Id}/edit");
        var fields = new Dictionary<string, string>
        {
            ["Version"] = edit.Version(), ["FirstName"] = person.FirstName, ["LastName"] = person.LastName, ["Position"] = person.Position,
            ["Email"] = person.Email, ["UnitId"] = person.UnitId is { } u ? Id(u) : "", ["ReportsToId"] = person.ReportsToId is { } r ? Id(r) : "",
            ["HireDate"] = person.HireDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["IsActive"] = "true",
            ["HandOverToUserId"] = Id(successor), ["HandOverReason"] = "Session test",
        };
        foreach (var (key, value) in change) fields[key] = value;
        return await admin.PostFormAsync($"/people/{person.Id}/edit", fields);
    }

    private async Task<int> UnitIdAsync(string code)
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task RecordedAsLeft_OnAnotherNode_TheirOpenSessionIsRefusedOnItsNextRequest()
    {
        await using var nodeA = new OpsWebFactory(_cs);
        await using var nodeB = new OpsWebFactory(_cs);
        var ucc = await UnitIdAsync("UCC");
        var dana = await nodeA.SignedInClientAsync(DemoUsers.UccSupervisor);
        var token = await dana.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync($"/units/{ucc}")).StatusCode);

        var admin = await nodeB.SignedInClientAsync(DemoUsers.Administrator);
        await EditPersonAsync(admin, DemoUsers.UccSupervisor, ("IsActive", "false"), ("LeftOn", "2026-11-15"));

        AssertSentToSignIn(await dana.GetAsync($"/units/{ucc}"));
        // Saving is refused as well (the form was loaded before she was recorded as left).
        AssertSentToSignIn(await dana.PostAsync("/units/" + ucc + "/months/2026-10", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));
        // And she cannot sign in again.
        Assert.Equal(HttpStatusCode.OK, (await nodeA.CreateBrowserLikeClient().PostLoginAsync(DemoUsers.UccSupervisor, OpsIntranet.Demo.DemoDataSeeder.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task RecordingThatTheLastAdministratorLeft_IsRefused_AndNothingIsSaved()
    {
        await using var node = new OpsWebFactory(_cs);
        var admin = await node.SignedInClientAsync(DemoUsers.Administrator);
        var refused = await PostPersonAsync(admin, DemoUsers.Administrator, ("IsActive", "false"), ("LeftOn", "2026-11-15"), ("HandOverToUserId", ""), ("HandOverReason", ""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("is the last administrator who can sign in", (await refused.ParseAsync()).Text("#LeftOn-error"));
        await using var db = TestDatabases.CreateDbContext(_cs);
        var kevin = await db.Employees.AsNoTracking().SingleAsync(e => e.Email == DemoUsers.Administrator);
        Assert.True(kevin.IsActive);
        Assert.Null(kevin.LeftOn);
        Assert.False(await db.Users.AnyAsync(u => u.Email == DemoUsers.Administrator && u.LockoutEnd == DateTimeOffset.MaxValue));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task MovedToAnotherUnit_OnAnotherNode_TheirOpenSessionSeesTheNewScopeOnItsNextRequest()
    {
        await using var nodeA = new OpsWebFactory(_cs);
        await using var nodeB = new OpsWebFactory(_cs);
        var (ucc, walkIn) = (await UnitIdAsync("UCC"), await UnitIdAsync("WIU"));
        var dana = await nodeA.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync($"/units/{ucc}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dana.GetAsync($"/units/{walkIn}")).StatusCode);

        var admin = await nodeB.SignedInClientAsync(DemoUsers.Administrator);
        await EditPersonAsync(admin, DemoUsers.UccSupervisor, ("UnitId", Id(walkIn)));

        Assert.Equal(HttpStatusCode.NotFound, (await dana.GetAsync($"/units/{ucc}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync($"/units/{walkIn}")).StatusCode);
    }

    [Fact]
    public async Task RoleTakenAway_OnAnotherNode_TheirOpenSessionLosesItOnItsNextRequest()
    {
        await using var nodeA = new OpsWebFactory(_cs);
        await using var nodeB = new OpsWebFactory(_cs);
        var kevin = await nodeA.SignedInClientAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await kevin.GetAsync("/admin/audit")).StatusCode);

        // No page edits roles today; node B changes them through Identity, as an administration tool would.
        using (var scope = nodeB.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByEmailAsync(DemoUsers.Administrator))!;
            Assert.True((await users.AddToRoleAsync(account, Roles.Leadership)).Succeeded);
            Assert.True((await users.RemoveFromRoleAsync(account, Roles.Administrator)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await kevin.GetAsync("/admin/audit")).StatusCode);
        // Still signed in, with what is left to him.
        Assert.Equal(HttpStatusCode.OK, (await kevin.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task RoleGiven_OnAnotherNode_TheirOpenSessionGetsItOnItsNextRequest()
    {
        await using var nodeA = new OpsWebFactory(_cs);
        await using var nodeB = new OpsWebFactory(_cs);
        var patricia = await nodeA.SignedInClientAsync(DemoUsers.Leadership);
        Assert.Equal(HttpStatusCode.NotFound, (await patricia.GetAsync("/admin/audit")).StatusCode);

        using (var scope = nodeB.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByEmailAsync(DemoUsers.Leadership))!, Roles.Administrator)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.OK, (await patricia.GetAsync("/admin/audit")).StatusCode);
    }
}
