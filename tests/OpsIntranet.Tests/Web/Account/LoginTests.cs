using System.Net;
using OpsIntranet.Demo;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Account;

public class LoginTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Login_RightPassword_SignsInAndShowsHome()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("Maria Alvarez", home.QuerySelector("nav")!.TextContent);
        Assert.NotNull(home.QuerySelector("form[action='/account/logout']"));
    }

    [Fact]
    public async Task Login_WrongPassword_IsRefusedWithAMessage()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var response = await client.PostLoginAsync(DemoUsers.Leadership, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("The e-mail or password is not right.", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownEmail_GetsTheSameMessageAsAWrongPassword()
    {
        var response = await app.Factory.CreateBrowserLikeClient().PostLoginAsync("nobody@cityutility.example", "whatever-it-is");
        Assert.Contains("The e-mail or password is not right.", (await response.ParseAsync()).QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Login_EmptyFields_ShowsFieldMessages()
    {
        var response = await app.Factory.CreateBrowserLikeClient().PostLoginAsync("", "");
        var page = await response.ParseAsync();
        Assert.Contains("Enter your e-mail address.", page.Body!.TextContent);
        Assert.Contains("Enter your password.", page.Body!.TextContent);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockTheAccountEvenForTheRightOne()
    {
        // The Walk-In supervisor is used only here, so the lockout does not disturb other tests.
        var client = app.Factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++) await client.PostLoginAsync(DemoUsers.WalkInSupervisor, "wrong-password-" + i);
        var response = await client.PostLoginAsync(DemoUsers.WalkInSupervisor, DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", (await response.ParseAsync()).QuerySelector("[role=alert]")!.TextContent);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/units")]
    [InlineData("/units/1")]
    [InlineData("/units/1/pdf")]
    public async Task Anonymous_IsSentToSignIn(string url)
    {
        var response = await app.Factory.CreateBrowserLikeClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs/jobs/succeeded")]
    [InlineData("/admin/audit")]
    public async Task Anonymous_AdminPages_AreSentToSignIn(string url)
    {
        var response = await app.Factory.CreateBrowserLikeClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    /// <summary>Like every other admin page, the job dashboard does not confirm it exists to anyone else.</summary>
    [Theory]
    [InlineData(DemoUsers.ManagerA, "/admin/jobs")]
    [InlineData(DemoUsers.Leadership, "/admin/jobs")]
    [InlineData(DemoUsers.UccSupervisor, "/admin/jobs")]
    [InlineData(DemoUsers.ManagerA, "/admin/jobs/jobs/succeeded")]
    [InlineData(DemoUsers.ManagerA, "/admin/audit")]
    public async Task AdminPages_ForANonAdministrator_AnswerNotFound(string email, string url)
    {
        var client = await app.Factory.SignedInClientAsync(email);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task JobsDashboard_OpensForAnAdministrator()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var response = await client.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OpsIntranet jobs", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The dashboard is in the product's language (the process runs en-US, not the invariant culture that
    /// made it declare lang="iv"), leads back to the intranet, and Hangfire serves the intranet's stylesheet
    /// and script with its own.
    /// </summary>
    [Fact]
    public async Task JobsDashboard_IsInEnglish_WithTheIntranetsLook()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var page = await client.GetDocumentAsync("/admin/jobs");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("/", page.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Back to site").GetAttribute("href"));
        Assert.Null(page.QuerySelector("link[href*='/css-dark']"));
        var css = await client.GetStringAsync(page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.Contains(".navbar-default { background-color: #1d4e89;", css);
        var script = await client.GetStringAsync(page.QuerySelector("script[src]")!.GetAttribute("src"));
        Assert.Contains("'Select all'", script);
    }

    [Fact]
    public async Task LoginPage_OutsideDevelopment_DoesNotShowDemoPasswords()
    {
        var page = await app.Factory.CreateBrowserLikeClient().GetDocumentAsync("/account/login");
        Assert.DoesNotContain(DemoDataSeeder.DemoPassword, page.Body!.TextContent);
    }

    [Fact]
    public async Task Logout_SignsOut()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var home = await client.GetDocumentAsync("/");
        var token = home.QuerySelector("form[action='/account/logout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

public class DevelopmentLoginPageTests
{
    [Fact]
    public async Task LoginPage_InDevelopment_ListsTheDemoAccounts()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, environment: "Development");
            var page = await factory.CreateBrowserLikeClient().GetDocumentAsync("/account/login");
            var text = page.QuerySelector(".demo-accounts")!.TextContent;
            Assert.Contains(DemoDataSeeder.DemoPassword, text);
            Assert.All(DemoDataSeeder.DemoAccounts, a => Assert.Contains(a.Email, text));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
