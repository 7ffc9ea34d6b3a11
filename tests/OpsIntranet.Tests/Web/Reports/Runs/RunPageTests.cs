using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs;
using OpsIntranet.Tests.Jobs.Delivery;

namespace OpsIntranet.Tests.Web.Reports.Runs;

/// <summary>
/// The run page and the administrators' failed deliveries, over HTTP: a run of a subscription with one recipient
/// refused by the mail server until given up and one sent; its owner resends the failed one from the page.
/// </summary>
public class RunPageTests : IAsyncLifetime
{
    private string _cs = "";
    private LocalSmtpServer _smtp = default!;
    private DrillApp _app = default!;
    private BuiltUser _owner = default!, _otherManager = default!, _admin = default!;
    private ReportRun _run = default!;

    private sealed class DrillApp(string cs, int smtpPort, bool jobStoreFails = false) : OpsWebFactory(cs, settings: DeliveryDrill.SmtpSettings(smtpPort))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddScoped<IReportMail, DrillMail>();
                if (jobStoreFails) services.AddScoped<OpsIntranet.Jobs.Hangfire.TransactionalJobs, Jobs.Subscriptions.UnwritableJobs>();
            });
        }
    }

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateEmptyAsync();
        _smtp = new LocalSmtpServer();
        _app = new DrillApp(_cs, _smtp.Port);
        var data = new TestData(_app);
        var ucc = await data.Unit("UCC").BuildAsync();
        var billing = await data.Unit("BIL").BuildAsync();
        _owner = await data.User("Olive", "Owner").ManagerOf(ucc).BuildAsync();
        _otherManager = await data.User("Boris", "Billing").ManagerOf(billing).BuildAsync();
        _admin = await data.User("Adam", "Admin").Administrator().BuildAsync();
        var subscription = await DeliveryDrill.SubscriptionAsync(_cs, _owner.Id, ucc.Id);
        _run = await DeliveryDrill.StartRunAsync(_app.Services, ["ann@cityutility.example", "bob@cityutility.example"], subscription);
        var job = Assert.Single(DeliveryQueue.EnqueuedJobs(_cs));
        // Ann's mailbox refuses every attempt; Bob's first goes through.
        for (var attempt = 1; attempt <= SendDeliveryJob.MaxAttempts; attempt++)
        {
            _smtp.RefuseNext(1, "452 4.2.2 Mailbox full");
            await DeliveryQueue.PerformJobAsync(_app.Services, job);
        }
        _smtp.Recover();
        await DeliveryQueue.PerformAsync(_app.Services, _cs);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _smtp.Dispose();
        await TestDatabases.DropAsync(_cs);
    }

    [Fact]
    public async Task Owner_SeesEachRecipient_AndResendsTheFailedOne_WhichArrivesOnce()
    {
        var client = await _app.SignedInClientAsync(_owner);
        var page = await client.GetDocumentAsync($"/reports/runs/{_run.Id}");
        Assert.Equal("delivery drill — October 2026", page.QuerySelector("h1")!.TextContent.Trim());
        var ann = page.QuerySelector("tr[data-delivery] td")!.ParentElement!;
        Assert.Contains("ann@cityutility.example", ann.TextContent);
        Assert.Contains("Failed — given up", ann.TextContent);
        Assert.Contains("The mail server answered 452", ann.TextContent);
        Assert.Contains("Mailbox full", ann.TextContent);
        Assert.Contains($"{SendDeliveryJob.MaxAttempts}", ann.QuerySelector("td.num")!.TextContent);
        var bob = page.QuerySelectorAll("tr[data-delivery]")[1];
        Assert.Contains("Sent", bob.TextContent);
        Assert.Null(bob.QuerySelector("form"));
        Assert.Contains("Resend all failed (1)", page.QuerySelector("#resend-all")!.TextContent);

        var resend = await client.PostFormAsync($"/reports/runs/{_run.Id}?handler=Resend", ann.QuerySelector("form")!.Fields());
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        await DeliveryQueue.PerformAsync(_app.Services, _cs);
        var after = await client.GetDocumentAsync($"/reports/runs/{_run.Id}");
        Assert.Contains("ann@cityutility.example is being sent again", after.QuerySelector(".alert")!.TextContent);
        Assert.All(after.QuerySelectorAll("tr[data-delivery]"), row => Assert.Contains("Sent", row.TextContent));
        Assert.Null(after.QuerySelector("#resend-all"));
        // Bob had his before; Ann has hers now, once, and the owner heard about Ann's failure once.
        Assert.Equal(1, _smtp.Messages.Count(m => m.To.Mailboxes.Single().Address == "ann@cityutility.example"));
        Assert.Equal(1, _smtp.Messages.Count(m => m.To.Mailboxes.Single().Address == "bob@cityutility.example"));
        Assert.Equal(1, _smtp.Messages.Count(m => string.Equals(m.To.Mailboxes.Single().Address, _owner.Email, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The resend reopens the delivery, then its job cannot be written: the delivery stays as it was, given up, and the owner is told.</summary>
    [Fact]
    public async Task Resend_WhenTheJobCannotBeQueued_LeavesTheDeliveryGivenUp_AndSaysSo()
    {
        await using var broken = new DrillApp(_cs, _smtp.Port, jobStoreFails: true);
        var client = await broken.SignedInClientAsync(_owner);
        var page = await client.GetDocumentAsync($"/reports/runs/{_run.Id}");
        var queued = DeliveryQueue.EnqueuedJobs(_cs).Count;

        var resend = await client.PostFormAsync($"/reports/runs/{_run.Id}?handler=ResendAll", page.QuerySelector("#resend-all")!.Fields());

        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Contains("The failed e-mails could not be queued for sending, so nothing was saved or sent.", (await resend.ParseAsync()).Text(".alert"));
        Assert.Equal(queued, DeliveryQueue.EnqueuedJobs(_cs).Count);
        await using var db = TestDatabases.CreateDbContext(_cs);
        var ann = await db.ReportDeliveries.SingleAsync(d => d.ReportRunId == _run.Id && d.Recipient == "ann@cityutility.example");
        Assert.Equal((DeliveryStatus.Failed, SendDeliveryJob.MaxAttempts), (ann.Status, ann.Attempts));
        Assert.NotNull(ann.GaveUpAt);
    }

    [Fact]
    public async Task ManagerOfOtherUnits_GetsNotFound_ForThePageTheDocumentAndTheResend()
    {
        var client = await _app.SignedInClientAsync(_otherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/reports/runs/{_run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/reports/runs/{_run.Id}?handler=Pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/reports/runs/{_run.Id}?handler=ResendAll", [], await client.TokenAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/deliveries")).StatusCode);
    }

    [Fact]
    public async Task Administrator_ListsFailedDeliveries_FiltersThem_AndResendsFromTheList()
    {
        var client = await _app.SignedInClientAsync(_admin);
        var list = await client.GetDocumentAsync("/admin/deliveries");
        var row = Assert.Single(list.QuerySelectorAll("#failed-deliveries tbody tr"));
        Assert.Contains("ann@cityutility.example", row.TextContent);
        Assert.Equal($"/reports/runs/{_run.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        // The run is the test clock's day (15 November 2026): outside a filter for October, inside one for November.
        Assert.NotNull((await client.GetDocumentAsync("/admin/deliveries?From=2026-10-01&To=2026-10-31")).QuerySelector("#no-failures"));
        Assert.NotNull((await client.GetDocumentAsync($"/admin/deliveries?Report={DrillMail.ReportName}&From=2026-11-15&To=2026-11-15")).QuerySelector("#failed-deliveries"));
        Assert.NotNull((await client.GetDocumentAsync("/admin/deliveries?Report=department-scorecard")).QuerySelector("#no-failures"));

        var form = row.QuerySelector("form")!;
        var resend = await client.PostFormAsync(form.GetAttribute("action")!, form.Fields());
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        await DeliveryQueue.PerformAsync(_app.Services, _cs);
        Assert.NotNull((await client.GetDocumentAsync("/admin/deliveries")).QuerySelector("#no-failures"));
        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.All(await db.ReportDeliveries.Where(d => d.ReportRunId == _run.Id).ToListAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
    }

    /// <summary>
    /// A department-scorecard run made by the retired configured job (it has no subscription), in a database from before
    /// the job was retired: administrators still see it with its recipients, but its e-mail went with the job, so it is
    /// not offered for resending and a resend is refused with the reason, leaving the delivery as it was.
    /// </summary>
    [Fact]
    public async Task RunOfTheRetiredScorecardJob_IsShownToAdministrators_ButNotResent()
    {
        int runId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
            var run = await ledger.EnsureRunAsync(new RunKey("department-scorecard", "department", "2026-10"), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);
            await ledger.AddDeliveriesAsync(run, ["leadership@cityutility.example"], "scorecard", CancellationToken.None);
            runId = run.Id;
        }
        await using (var db = TestDatabases.CreateDbContext(_cs))
            await db.ReportDeliveries.Where(d => d.ReportRunId == runId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.Attempts, SendDeliveryJob.MaxAttempts)
                .SetProperty(d => d.GaveUpAt, TestClock.Now).SetProperty(d => d.LastError, "The mail server answered 452 Mailbox full"));
        var queued = DeliveryQueue.EnqueuedJobs(_cs).Count;

        var client = await _app.SignedInClientAsync(_admin);
        var page = await client.GetDocumentAsync($"/reports/runs/{runId}");
        Assert.Equal("Department scorecard — October 2026", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Failed — given up", page.QuerySelector("tr[data-delivery]")!.TextContent);
        Assert.Null(page.QuerySelector("tr[data-delivery] form"));
        Assert.Null(page.QuerySelector("#resend-all"));
        Assert.Equal(RunHistory.MadeBeforeSubscriptions, page.Text("#not-resendable"));

        var resend = await client.PostFormAsync($"/reports/runs/{runId}?handler=ResendAll", [], await client.TokenAsync());
        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Contains(RunHistory.MadeBeforeSubscriptions, (await resend.ParseAsync()).Text(".alert"));
        Assert.Equal(queued, DeliveryQueue.EnqueuedJobs(_cs).Count);
        await using (var db = TestDatabases.CreateDbContext(_cs))
            Assert.Equal(DeliveryStatus.Failed, (await db.ReportDeliveries.SingleAsync(d => d.ReportRunId == runId)).Status);
        // Not a subscription's run: nobody but an administrator sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.SignedInClientAsync(_owner)).GetAsync($"/reports/runs/{runId}")).StatusCode);
    }
}
