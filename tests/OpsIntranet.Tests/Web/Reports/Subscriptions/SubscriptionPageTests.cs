using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Web.Reports.Subscriptions;

/// <summary>The subscription's own page: who sees it, its recipients, "Send now", "Send to me", the previews and the history.</summary>
public class SubscriptionPageTests : IAsyncLifetime
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private const string Chief = "chief@cityutility.example";
    private readonly TestSmtpServer _smtp = TestSmtpServer.Start();
    private SubscriptionApp _app = default!;

    public async Task InitializeAsync()
    {
        _app = new SubscriptionApp(await TestDatabases.CreateEmptyAsync(), _smtp.Port);
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        var cs = _app.ConnectionString;
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
        _smtp.Dispose();
    }

    private sealed record World(ReportSubscription Subscription, BuiltUser Manager, BuiltUser OtherManager, BuiltUser Supervisor, BuiltUser Admin);

    private async Task<World> BuildAsync()
    {
        var data = new TestData(_app);
        var unit = await data.Unit("WAL").Named("Walk-In Unit").BuildAsync();
        var other = await data.Unit("CC").Named("Credit and Collections").BuildAsync();
        var wait = await data.Metric(unit, "avg_wait").Named("Average wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2027, 8, 2).BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var otherManager = await data.User("Lou", "Park").ManagerOf(other).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        var admin = await data.User("Ada", "Admin").Administrator().BuildAsync();
        await data.Month(unit, October).Value(wait, 7.5m).EnteredBy(supervisor).Approved(by: manager).BuildAsync();
        var s = await SubscriptionTestKit.AddSubscriptionAsync(_app, UnitScorecardKind.KindKey, s =>
        {
            s.UnitIds = [unit.Id];
            s.OwnerUserId = manager.Id;
            s.Addresses = [Chief];
            s.LeadershipOfUnitIds = [unit.Id];
        });
        return new World(s, manager, otherManager, supervisor, admin);
    }

    [Fact]
    public async Task Page_IsTheKeepersOnly_404ElsewhereForEveryHandler()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        foreach (var outsider in new[] { w.OtherManager, w.Supervisor })
        {
            var client = await _app.SignedInClientAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + "?handler=PreviewPdf")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(url + "?handler=SendNow", ("Version", "1"), ("period", "2026-10"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.SignedInClientAsync(w.Manager)).GetAsync("/reports/subscriptions/999999")).StatusCode);

        var page = await (await _app.SignedInClientAsync(w.Admin)).GetDocumentAsync(url);
        var recipients = page.Text("#recipients");
        Assert.Contains("3 recipients", recipients);
        Assert.Contains(Chief, recipients);
        Assert.Contains("Typed in", recipients);
        Assert.Contains($"{w.Supervisor.Email} {w.Supervisor.DisplayName} Leadership of Walk-In Unit", string.Join(" ", page.QuerySelectorAll("#recipients tbody tr").Select(r => string.Join(" ", r.Children.Select(c => c.TextContent.Trim())))));
        Assert.Contains("Monthly on day 12 at 08:00 (America/New_York)", page.Text("#what"));
        Assert.Contains("October 2026", page.Text("#send-now"));
        Assert.NotNull(page.QuerySelector($"a[href='/reports/subscriptions/{w.Subscription.Id}/edit']"));
    }

    [Fact]
    public async Task SendNow_SentTwiceFromOneForm_MakesOneRun_AndEveryRecipientGetsOneMail_ThenSendToMeGoesToMeOnly()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        var client = await _app.SignedInClientAsync(w.Manager);
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelector("#send-now")!;
        var fields = form.Fields();

        var first = await client.PostFormAsync(url + "?handler=SendNow", fields);
        var second = await client.PostFormAsync(url + "?handler=SendNow", fields);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Single(SubscriptionTestKit.Enqueued(_app.ConnectionString));
        var after = await client.GetDocumentAsync(url);
        Assert.Contains("already been sent", after.Text(".alert"));

        var outcomes = await SubscriptionTestKit.PerformEnqueuedAsync(_app);
        await SubscriptionTestKit.DeliverAsync(_app);
        Assert.Equal(RunStatus.Dispatched, Assert.Single(outcomes).Status);
        Assert.Equal(new[] { Chief, w.Manager.Email, w.Supervisor.Email }.Order(), _smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());

        page = await client.GetDocumentAsync(url);
        var toMe = await client.PostFormAsync(url + "?handler=SendToMe", page.QuerySelector("#send-to-me")!.Fields());
        Assert.Equal(HttpStatusCode.Redirect, toMe.StatusCode);
        await SubscriptionTestKit.PerformEnqueuedAsync(_app);
        await SubscriptionTestKit.DeliverAsync(_app);
        Assert.Equal(4, _smtp.Count);
        Assert.Equal(2, _smtp.Messages.Count(m => m.To.Mailboxes.Single().Address == w.Manager.Email));

        page = await client.GetDocumentAsync(url);
        var rows = page.QuerySelectorAll("#runs tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Send to me (test)", rows[0]);
        Assert.Contains("Send now", rows[1]);
        Assert.Contains("Mae Ross", rows[1]);
        await using var db = _app.CreateDbContext();
        var runIds = await db.ReportRuns.OrderByDescending(r => r.Id).Select(r => r.Id).ToListAsync();
        Assert.Equal(runIds.Select(id => $"/reports/runs/{id}"), page.QuerySelectorAll("#runs tbody a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task SendNow_AfterTheSubscriptionChanged_IsRefusedAndSendsNothing()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        var client = await _app.SignedInClientAsync(w.Manager);
        var fields = (await client.GetDocumentAsync(url)).QuerySelector("#send-now")!.Fields();
        await using (var db = _app.CreateDbContext())
            await db.ReportSubscriptions.Where(s => s.Id == w.Subscription.Id).ExecuteUpdateAsync(x => x.SetProperty(s => s.Addresses, new List<string> { "someone.else@cityutility.example" }));

        var response = await client.PostFormAsync(url + "?handler=SendNow", fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("changed this record", (await response.ParseAsync()).Text(".alert"));
        Assert.Empty(SubscriptionTestKit.Enqueued(_app.ConnectionString));
    }

    [Fact]
    public async Task Previews_ShowTheEmailAndThePdfOfTheCurrentPeriod_AndStoreNothing()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        var client = await _app.SignedInClientAsync(w.Manager);

        var mail = await client.GetAsync(url + "?handler=PreviewEmail");
        Assert.Equal(HttpStatusCode.OK, mail.StatusCode);
        Assert.Equal("text/html", mail.Content.Headers.ContentType!.MediaType);
        var html = await mail.Content.ReadAsStringAsync();
        Assert.Contains("Monthly Scorecard, October 2026", html);
        Assert.Contains("The monthly figures, as approved.", html);
        Assert.Contains("/unsubscribe?t=", html);

        var pdf = await client.GetAsync(url + "?handler=PreviewPdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Monthly Scorecard", PdfText.Read(await pdf.Content.ReadAsByteArrayAsync()).All);

        await using var db = _app.CreateDbContext();
        Assert.Equal(0, await db.ReportRuns.CountAsync());
        Assert.Equal(0, await db.Documents.CountAsync());
    }
}
