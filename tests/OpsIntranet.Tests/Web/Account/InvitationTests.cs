using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs;

namespace OpsIntranet.Tests.Web.Account;

/// <summary>
/// Inviting someone (/admin/users): the invitation goes out through the delivery ledger to a real SMTP server; its
/// link lands on "Set your password", works once and until it expires; then the person signs in with the role and
/// units the administrator gave.
/// </summary>
public partial class InvitationTests : IAsyncLifetime
{
    private readonly TestSmtpServer _smtp = TestSmtpServer.Start();
    private readonly MovableClock _clock = new();
    private OpsWebFactory? _factory;

    private OpsWebFactory Factory => _factory!;
    private TestData Data => new(Factory);

    public async Task InitializeAsync()
    {
        _factory = new OpsWebFactory(await TestDatabases.CreateEmptyAsync(), clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
            ["Intranet:Url"] = "https://intranet.city.example/",
        });
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        _smtp.Dispose();
        if (_factory is null) return;
        var cs = _factory.ConnectionString;
        await _factory.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    [GeneratedRegex(@"https://intranet\.city\.example(/account/set-password\?t=[^\s""<]+)")]
    private static partial Regex SetPasswordLink();

    /// <summary>Works the queued delivery jobs as a job server would, and returns the one invitation e-mail whose link is not among <paramref name="seen"/>.</summary>
    private async Task<(MimeMessage Message, string Link)> DeliverAsync(int expectedTotal, params string[] seen)
    {
        var performed = await DeliveryQueue.PerformAsync(Factory.Services, Factory.ConnectionString);
        Assert.All(performed, p => Assert.Equal(DeliveryResult.Sent, p.Result));
        Assert.True(await _smtp.WaitForAsync(expectedTotal, TimeSpan.FromSeconds(30)));
        // The test server does not keep the order messages arrived in.
        var fresh = _smtp.Messages.Select(m => (Message: m, Link: SetPasswordLink().Match(m.TextBody ?? "").Groups[1].Value)).Where(m => !seen.Contains(m.Link)).ToList();
        return Assert.Single(fresh);
    }

    private static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string link, string password, string confirm)
    {
        var page = await client.GetAsync(link);
        var token = (await page.ParseAsync()).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                    ?? (await (await client.GetAsync("/account/login")).ParseAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var t = Uri.UnescapeDataString(link[(link.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);
        return await client.PostAsync("/account/set-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["t"] = t, ["Password"] = password, ["ConfirmPassword"] = confirm, ["__RequestVerificationToken"] = token,
        }));
    }

    [Fact]
    public async Task Invite_SetPasswordWithTheLink_SignIn_AndTheLinkWorksOnlyOnce()
    {
        var unit = await Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var nora = await Data.Employee("Nora", "Quinn").InUnit(unit).Email("nora.quinn@cityutility.example").BuildAsync();
        var kevin = await Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var admin = await Factory.SignedInClientAsync(kevin);

        var invited = await admin.PostFormAsync("/admin/users?handler=Invite", ("Email", "Nora.Quinn@cityutility.example"), ("Name", ""),
            ("Roles", Roles.Supervisor), ("UnitIds", unit.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        await using var db = Factory.CreateDbContext();
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "nora.quinn@cityutility.example");
        Assert.Equal((nora.Id, "Nora Quinn", (string?)null, false), (account.EmployeeId!.Value, account.DisplayName, account.PasswordHash, account.EmailConfirmed));
        Assert.Equal("Invited", (await admin.GetDocumentAsync($"/admin/users/{account.Id}")).Text("#state"));
        // One run of the ledger for this invitation, with one delivery to the person, queued with its job.
        var run = await db.ReportRuns.AsNoTracking().Include(r => r.Deliveries).SingleAsync(r => r.Report == "account-invitation");
        Assert.Equal((RunTrigger.Manual, "nora.quinn@cityutility.example", kevin.Id), (run.Trigger, run.Deliveries.Single().Recipient, run.RequestedByUserId!.Value));

        var (message, link) = await DeliverAsync(1);
        Assert.Equal("nora.quinn@cityutility.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("Set your password for the Customer Operations intranet", message.Subject);
        Assert.Contains("Kevin Tran has made you an account", message.TextBody);
        Assert.NotEmpty(link);
        // The ledger keeps no usable link.
        Assert.DoesNotContain("set-password", run.Summary);

        var nobody = Factory.CreateBrowserLikeClient();
        var landing = await nobody.GetDocumentAsync(link);
        Assert.Equal("Set your password", landing.Text("h1"));
        Assert.Contains("nora.quinn@cityutility.example", landing.Text("main"));

        var tooShort = await SetPasswordAsync(nobody, link, "short", "short");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("at least 12 characters", (await tooShort.ParseAsync()).Text("#Password-error"));
        var mismatch = await SetPasswordAsync(nobody, link, "Quinn!Password2026", "Quinn!Password2027");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Equal("The two passwords are not the same; type it again.", (await mismatch.ParseAsync()).Text("#ConfirmPassword-error"));

        var set = await SetPasswordAsync(nobody, link, "Quinn!Password2026", "Quinn!Password2026");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/account/login", set.Headers.Location!.ToString());
        Assert.Equal("Your password is set. Sign in with your e-mail address and the new password.", (await nobody.GetDocumentAsync("/account/login")).Text("#flash"));

        var signedIn = await Factory.SignedInClientAsync("nora.quinn@cityutility.example", "Quinn!Password2026");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync($"/units/{unit.Id}")).StatusCode);
        Assert.Contains("Supervisor", (await signedIn.GetDocumentAsync("/")).Text("#main-nav"));

        // The same link again: refused, and the password stays the one set.
        var again = await Factory.CreateBrowserLikeClient().GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.StartsWith("This link has been used already", (await again.ParseAsync()).Text("#refusal"));
        var secondSet = await SetPasswordAsync(Factory.CreateBrowserLikeClient(), link, "Another!Password2026", "Another!Password2026");
        Assert.Equal(HttpStatusCode.Gone, secondSet.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Factory.CreateBrowserLikeClient().PostLoginAsync("nora.quinn@cityutility.example", "Quinn!Password2026")).StatusCode);

        account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == account.Id);
        Assert.True(account.EmailConfirmed);
        Assert.Equal(["invited nora.quinn@cityutility.example; roles: Supervisor; units: Utility Contact Center; linked to employee Nora Quinn", "password set with the invitation link; e-mail address confirmed"],
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Account && a.RecordId == account.Id).OrderBy(a => a.Id).Select(a => a.Detail!).ToListAsync());
        // Working the queue again sends nothing twice.
        Assert.Empty(await DeliveryQueue.PerformAsync(Factory.Services, Factory.ConnectionString));
        Assert.Equal(1, _smtp.Count);
    }

    /// <summary>
    /// "Invite" double-clicked: the browser sends the same form (the same one-time form token) twice. The second is
    /// answered as the first was — the invitation sent, the new account's page — and makes no second account or e-mail.
    /// </summary>
    [Fact]
    public async Task Invite_SentTwiceFromTheSameForm_AnswersTheSameSuccess_AndInvitesOnce()
    {
        var kevin = await Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var admin = await Factory.SignedInClientAsync(kevin);
        var form = (await admin.GetDocumentAsync("/admin/users")).QuerySelector("form#invite")!
            .Fields(("Email", "auditor@cityutility.example"), ("Name", "City Auditor"), ("Roles", Roles.Leadership));

        var first = await admin.PostFormAsync("/admin/users?handler=Invite", form);
        var second = await admin.PostFormAsync("/admin/users?handler=Invite", form);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("Invitation sent to auditor@cityutility.example. The link works once, for 7 days.", (await admin.GetDocumentAsync(second.Headers.Location!.ToString())).Text("#flash"));

        await using var db = Factory.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "auditor@cityutility.example"));
        Assert.Equal(1, await db.AccountInvitations.CountAsync());
        await DeliverAsync(1);
        Assert.Equal(1, _smtp.Count);
    }

    [Fact]
    public async Task AnExpiredLink_IsRefused_AndANewInvitationReplacesTheOldLink()
    {
        var kevin = await Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var admin = await Factory.SignedInClientAsync(kevin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/users?handler=Invite", ("Email", "auditor@cityutility.example"), ("Name", "City Auditor"), ("Roles", Roles.Leadership))).StatusCode);
        var (_, first) = await DeliverAsync(1);

        _clock.Now += AccountAdminService.InvitationLifetime + TimeSpan.FromMinutes(1);
        var expired = await Factory.CreateBrowserLikeClient().GetAsync(first);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.StartsWith("This link expired on November 22, 2026", (await expired.ParseAsync()).Text("#refusal"));
        Assert.Equal(HttpStatusCode.Gone, (await SetPasswordAsync(Factory.CreateBrowserLikeClient(), first, "Auditor!Pass2026", "Auditor!Pass2026")).StatusCode);
        await using var db = Factory.CreateDbContext();
        Assert.Null(await db.Users.Where(u => u.Email == "auditor@cityutility.example").Select(u => u.PasswordHash).SingleAsync());

        // A new invitation (the administrator signs in again: a week has passed) replaces the old link.
        admin = await Factory.SignedInClientAsync(kevin);
        var id = await db.Users.Where(u => u.Email == "auditor@cityutility.example").Select(u => u.Id).SingleAsync();
        Assert.Contains("the link has expired", (await admin.GetDocumentAsync($"/admin/users/{id}")).Text("#invitation"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{id}?handler=Resend")).StatusCode);
        var (_, second) = await DeliverAsync(2, first);
        Assert.NotEqual(first, second);
        Assert.StartsWith("This link has been replaced", (await (await Factory.CreateBrowserLikeClient().GetAsync(first)).ParseAsync()).Text("#refusal"));
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(Factory.CreateBrowserLikeClient(), second, "Auditor!Pass2026", "Auditor!Pass2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Factory.CreateBrowserLikeClient().PostLoginAsync("auditor@cityutility.example", "Auditor!Pass2026")).StatusCode);
    }

    [Fact]
    public async Task ALinkThatIsNotOurs_IsABadRequest()
    {
        var client = Factory.CreateBrowserLikeClient();
        var forged = await client.GetAsync("/account/set-password?t=not-a-token-of-ours");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.StartsWith("This link is not valid", (await forged.ParseAsync()).Text("#refusal"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/account/set-password")).StatusCode);
    }
}
