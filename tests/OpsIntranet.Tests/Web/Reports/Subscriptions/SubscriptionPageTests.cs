using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Web.Reports.Subscriptions;

/// <summary>The subscription's own page: who sees it, its recipients, "Send now", "Send to me", the previews and the history.</summary>
public class SubscriptionPageTests : SubscriptionTestBase
{
    private const string Chief = SubscriptionWorld.Chief;

    private sealed record World(ReportSubscription Subscription, BuiltUser Manager, BuiltUser OtherManager, BuiltUser Supervisor, BuiltUser Admin);

    /// <summary>The shared world, and the Walk-In Unit's scorecard to the chief and the unit's leadership.</summary>
    private async Task<World> BuildAsync()
    {
        var w = await BuildWorldAsync();
        var s = await w.UnitScorecardAsync(App, s => s.LeadershipOfUnitIds = [w.Unit.Id]);
        return new World(s, w.Manager, w.OtherManager, w.Supervisor, w.Admin);
    }

    [Fact]
    public async Task Page_IsTheKeepersOnly_404ElsewhereForEveryHandler()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        foreach (var outsider in new[] { w.OtherManager, w.Supervisor })
        {
            var client = await App.SignedInClientAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + "?handler=PreviewPdf")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(url + "?handler=SendNow", ("Version", "1"), ("period", "2026-10"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await App.SignedInClientAsync(w.Manager)).GetAsync("/reports/subscriptions/999999")).StatusCode);

        var page = await (await App.SignedInClientAsync(w.Admin)).GetDocumentAsync(url);
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
        var client = await App.SignedInClientAsync(w.Manager);
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelector("#send-now")!;
        var fields = form.Fields();

        var first = await client.PostFormAsync(url + "?handler=SendNow", fields);
        var second = await client.PostFormAsync(url + "?handler=SendNow", fields);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Single(SubscriptionTestKit.Enqueued(App.ConnectionString));
        var after = await client.GetDocumentAsync(url);
        Assert.Contains("already been sent", after.Text(".alert"));

        var outcomes = await SubscriptionTestKit.PerformEnqueuedAsync(App);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(RunStatus.Dispatched, Assert.Single(outcomes).Status);
        Assert.Equal(new[] { Chief, w.Manager.Email, w.Supervisor.Email }.Order(), Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());

        page = await client.GetDocumentAsync(url);
        var toMe = await client.PostFormAsync(url + "?handler=SendToMe", page.QuerySelector("#send-to-me")!.Fields());
        Assert.Equal(HttpStatusCode.Redirect, toMe.StatusCode);
        await SubscriptionTestKit.PerformEnqueuedAsync(App);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(4, Smtp.Count);
        Assert.Equal(2, Smtp.Messages.Count(m => m.To.Mailboxes.Single().Address == w.Manager.Email));

        page = await client.GetDocumentAsync(url);
        var rows = page.QuerySelectorAll("#runs tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Send to me (test)", rows[0]);
        Assert.Contains("Send now", rows[1]);
        Assert.Contains("Mae Ross", rows[1]);
        await using var db = App.CreateDbContext();
        var runIds = await db.ReportRuns.OrderByDescending(r => r.Id).Select(r => r.Id).ToListAsync();
        Assert.Equal(runIds.Select(id => $"/reports/runs/{id}"), page.QuerySelectorAll("#runs tbody a").Select(a => a.GetAttribute("href")));
    }

    /// <summary>
    /// The run row, the audit row and the form's claim are written, then the job cannot be: all of it rolls back together,
    /// so no run waits in the history for a job that does not exist, and the person is told.
    /// </summary>
    [Fact]
    public async Task SendNow_WhenTheJobCannotBeQueued_LeavesNoRunNoAuditNoJob_AndSaysSo()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        await using var broken = new SubscriptionApp(App.ConnectionString, Smtp.Port, jobStoreFails: true);
        var client = await broken.SignedInClientAsync(w.Manager);
        var fields = (await client.GetDocumentAsync(url)).QuerySelector("#send-now")!.Fields();

        var response = await client.PostFormAsync(url + "?handler=SendNow", fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The report could not be queued for sending, so nothing was saved or sent.", (await response.ParseAsync()).Text(".alert"));
        Assert.Empty(SubscriptionTestKit.Enqueued(App.ConnectionString));
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.ReportRuns.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.RecordType == "Subscription"));
        Assert.Equal(0, await db.FormSubmissions.CountAsync());

        // Once the job store answers again, the page sends: the run and its job appear together.
        var working = await App.SignedInClientAsync(w.Manager);
        var retry = await working.PostFormAsync(url + "?handler=SendNow", (await working.GetDocumentAsync(url)).QuerySelector("#send-now")!.Fields());
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Single(SubscriptionTestKit.Enqueued(App.ConnectionString));
        var run = await db.ReportRuns.SingleAsync();
        Assert.Equal((w.Subscription.Id, RunTrigger.Manual, RunStatus.Pending), (run.SubscriptionId, run.Trigger, run.Status));
    }

    [Fact]
    public async Task SendNow_AfterTheSubscriptionChanged_IsRefusedAndSendsNothing()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        var client = await App.SignedInClientAsync(w.Manager);
        var fields = (await client.GetDocumentAsync(url)).QuerySelector("#send-now")!.Fields();
        await using (var db = App.CreateDbContext())
            await db.ReportSubscriptions.Where(s => s.Id == w.Subscription.Id).ExecuteUpdateAsync(x => x.SetProperty(s => s.Addresses, new List<string> { "someone.else@cityutility.example" }));

        var response = await client.PostFormAsync(url + "?handler=SendNow", fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("changed this record", (await response.ParseAsync()).Text(".alert"));
        Assert.Empty(SubscriptionTestKit.Enqueued(App.ConnectionString));
    }

    [Fact]
    public async Task Previews_ShowTheEmailAndThePdfOfTheCurrentPeriod_AndStoreNothing()
    {
        var w = await BuildAsync();
        var url = $"/reports/subscriptions/{w.Subscription.Id}";
        var client = await App.SignedInClientAsync(w.Manager);

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

        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.ReportRuns.CountAsync());
        Assert.Equal(0, await db.Documents.CountAsync());
    }
}
