using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.People.Reminders;

/// <summary>The "Reminders" section of the person's own profile and its page: switches for optional kinds, mandatory ones always on.</summary>
public class ReminderSettingsTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static List<KeyValuePair<string, string>> Switches(AngleSharp.Dom.IElement form, params string[] on) =>
        form.Fields().Where(f => f.Key != "On").Concat(on.Select(k => new KeyValuePair<string, string>("On", k))).ToList();

    [Fact]
    public async Task Profile_SwitchOffAndOn_RoundTrips_AndMandatoryKindsStayOn()
    {
        var unit = await app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(unit).BuildAsync();
        var client = await app.Factory.SignedInClientAsync(dana);

        // Her own record shows the section: every kind with its description; the optional ones as switches, on.
        var profile = await client.GetDocumentAsync($"/people/{dana.Employee.Id}");
        var section = profile.QuerySelector("#reminders")!;
        foreach (var kind in ReminderKinds.All) Assert.Contains(kind.Description, section.TextContent);
        Assert.Equal(["evaluation-step-waiting", "metrics-due-soon"], section.QuerySelectorAll("input[name=On][checked]").Select(i => i.GetAttribute("value")!).Order(StringComparer.Ordinal));
        Assert.Equal(3, section.QuerySelectorAll("[data-kind]").Count(b => b.TextContent == "Always on"));
        Assert.Empty(section.QuerySelectorAll("input[name=On][value='metrics-due-today'], input[name=On][value='metrics-late-escalation'], input[name=On][value='evaluation-review-overdue']"));

        // Due soon off: saved, confirmed on the profile, shown off.
        var form = section.QuerySelector("form")!;
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var saved = await client.PostFormAsync(form.GetAttribute("action")!, Switches(form, "evaluation-step-waiting"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/people/me#reminders", saved.Headers.Location!.ToString());
        var me = await client.GetAsync("/people/me");
        Assert.Equal($"/people/{dana.Employee.Id}", me.Headers.Location!.ToString());
        profile = await client.GetDocumentAsync($"/people/{dana.Employee.Id}");
        Assert.Contains("Reminder settings saved: Metrics due soon off; Evaluation waiting on you on. Mandatory notices stay on.", profile.Body!.TextContent);
        Assert.Equal(["evaluation-step-waiting"], profile.QuerySelectorAll("#reminders input[name=On][checked]").Select(i => i.GetAttribute("value")!));
        await using (var db = app.Factory.CreateDbContext())
            Assert.Equal(["metrics-due-soon"], await db.ReminderOptOuts.Where(o => o.UserId == dana.Id).Select(o => o.Kind).ToListAsync());

        // Both on again, from the page of its own: the row is gone.
        var page = await client.GetDocumentAsync("/people/me/reminders");
        form = page.QuerySelector("#reminders form")!;
        var back = await client.PostFormAsync("/people/me/reminders", Switches(form, "metrics-due-soon", "evaluation-step-waiting"));
        Assert.Equal("/people/me/reminders", back.Headers.Location!.ToString());
        page = await client.GetDocumentAsync("/people/me/reminders");
        Assert.Equal(2, page.QuerySelectorAll("#reminders input[name=On][checked]").Length);
        await using (var db = app.Factory.CreateDbContext())
            Assert.False(await db.ReminderOptOuts.AnyAsync(o => o.UserId == dana.Id));
    }

    [Fact]
    public async Task Post_AMandatoryOrUnknownKind_IsRefusedWithAMessage_AndSavesNothing()
    {
        var dana = await app.Data.User("Dana", "Reyes").BuildAsync();
        var client = await app.Factory.SignedInClientAsync(dana);

        var mandatory = await client.PostFormAsync("/people/me/reminders", ("Shown", "metrics-due-today"), ("Shown", "metrics-due-soon"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mandatory.StatusCode);
        Assert.Contains("Mandatory notices cannot be switched off.", (await mandatory.ParseAsync()).Body!.TextContent);
        var unknown = await client.PostFormAsync("/people/me/reminders", ("Shown", "weekly-digest"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("does not exist", (await unknown.ParseAsync()).Body!.TextContent);

        await using var db = app.Factory.CreateDbContext();
        Assert.False(await db.ReminderOptOuts.AnyAsync());
    }

    [Fact]
    public async Task SomeoneElsesProfile_HasNoReminderSection()
    {
        var unit = await app.Data.Unit("UCC").BuildAsync();
        var maria = await app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(unit).ReportsTo(maria).BuildAsync();
        var client = await app.Factory.SignedInClientAsync(maria);
        var profile = await client.GetDocumentAsync($"/people/{dana.Employee.Id}");
        Assert.Null(profile.QuerySelector("#reminders"));
        Assert.NotNull((await client.GetDocumentAsync($"/people/{maria.Employee.Id}")).QuerySelector("#reminders"));
    }

    [Fact]
    public async Task AnAccountWithoutARecord_FindsItsRemindersUnderMyRecord()
    {
        await app.Data.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var account = new AppUser { UserName = "service@builder.example", Email = "service@builder.example", EmailConfirmed = true, DisplayName = "Service account", LockoutEnabled = true };
            Assert.True((await users.CreateAsync(account, TestData.Password)).Succeeded);
            return 0;
        });
        var client = await app.Factory.SignedInClientAsync("service@builder.example", TestData.Password);
        var me = await client.GetAsync("/people/me");
        Assert.Equal("/people/me/reminders", me.Headers.Location!.ToString());
        var page = await client.GetDocumentAsync("/people/me/reminders");
        Assert.Equal(2, page.QuerySelectorAll("#reminders input[name=On][checked]").Length);
    }
}
