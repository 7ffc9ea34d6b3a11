using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

/// <summary>The run/delivery mechanism through its first user, the department scorecard (October 2026 is approved in the demo data).</summary>
public class DeliveryRunTests : IAsyncLifetime
{
    private static readonly string[] Recipients = ["leadership@cityutility.example", "city.manager.office@cityutility.example", "cfo@cityutility.example"];
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private OpsWebFactory App(int smtpPort) => new(_cs, settings: new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None", ["Smtp:TimeoutSeconds"] = "5",
        ["Reports:DepartmentScorecard:Recipients:0"] = Recipients[0],
        ["Reports:DepartmentScorecard:Recipients:1"] = Recipients[1],
        ["Reports:DepartmentScorecard:Recipients:2"] = Recipients[2],
    });

    private static async Task<SendDepartmentScorecardJob.Outcome> PlanAsync(OpsWebFactory app, RunTrigger trigger = RunTrigger.Scheduled, string key = "")
    {
        using var scope = app.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<SendDepartmentScorecardJob>();
        return trigger == RunTrigger.Scheduled
            ? await job.ExecuteAsync("2026-10", CancellationToken.None)
            : await job.ExecuteAsync("2026-10", trigger, key, null, null, CancellationToken.None);
    }

    private async Task<Dictionary<string, string>> MessageIdsAsync(int runId)
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        return await db.ReportDeliveries.Where(d => d.ReportRunId == runId).ToDictionaryAsync(d => d.Recipient, d => d.MessageId);
    }

    [Fact]
    public async Task Run_FansOutToOneBatchJobOfItsDeliveryIds()
    {
        await using var app = App(TestSmtpServer.UnusedPort());
        var planned = await PlanAsync(app);

        await using var db = TestDatabases.CreateDbContext(_cs);
        var deliveries = await db.ReportDeliveries.Where(d => d.ReportRunId == planned.RunId).ToListAsync();
        Assert.Equal(3, deliveries.Count);
        Assert.Equal(Recipients.Order(), deliveries.Select(d => d.Recipient).Order());
        Assert.Equal(deliveries.Select(d => d.Id).Order(), Assert.Single(DeliveryQueue.EnqueuedJobs(_cs)).Order());
        Assert.Equal(RunStatus.Dispatched, (await db.ReportRuns.SingleAsync(r => r.Id == planned.RunId)).Status);
    }

    /// <summary>A delivery job queued before batches existed (one delivery by id) still runs after the upgrade.</summary>
    [Fact]
    public async Task SingleDeliveryJob_QueuedBeforeBatches_StillSends()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port);
        var planned = await PlanAsync(app);
        var performed = await DeliveryQueue.PerformJobAsync(app.Services, [planned.Enqueued[1]], batch: false);
        Assert.Equal(DeliveryResult.Sent, Assert.Single(performed).Result);
        Assert.Equal(1, smtp.Count);
    }

    /// <summary>
    /// The month's scheduled job triggered twice at once, each taken by another Hangfire server on the same storage:
    /// one run, one document, one e-mail per recipient.
    /// </summary>
    [Fact]
    public async Task SameRunTriggeredTwice_ByTwoServersAtOnce_OneRunAndOneEmailPerRecipient()
    {
        using var smtp = new LocalSmtpServer();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < Recipients.Length; i++) settings[$"Reports:DepartmentScorecard:Recipients:{i}"] = Recipients[i];
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.Now);
        using var one = Delivery.DeliveryDrill.Node(_cs, smtp.Port, clock, settings);
        using var two = Delivery.DeliveryDrill.Node(_cs, smtp.Port, clock, settings);
        // The demo's queued evaluation packets are not this test's subject: off the queue, so the servers only do this.
        var storage = DeliveryQueue.Storage(_cs);
        var client = new Hangfire.BackgroundJobClient(storage);
        foreach (var job in storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)) client.Delete(job.Key);
        client.Enqueue<SendDepartmentScorecardJob>(job => job.ExecuteAsync("2026-10", CancellationToken.None));
        client.Enqueue<SendDepartmentScorecardJob>(job => job.ExecuteAsync("2026-10", CancellationToken.None));

        await Task.WhenAll(one.StartAsync(), two.StartAsync());
        var monitor = storage.GetMonitoringApi();
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (smtp.Count < Recipients.Length || monitor.EnqueuedCount("default") > 0 || monitor.ProcessingCount() > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"The run did not finish within three minutes ({smtp.Count} e-mails).");
            await Task.Delay(200);
        }
        await Task.WhenAll(one.StopAsync(), two.StopAsync());

        Assert.Equal(Recipients.Order(), smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(1, await db.ReportRuns.CountAsync());
        Assert.Equal(1, await db.Documents.CountAsync(d => d.Kind == SendDepartmentScorecardJob.ReportName));
        Assert.All(await db.ReportDeliveries.ToListAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        // Both jobs ran to the end: each took the run as its own and found nothing left to do twice.
        Assert.Equal(2, monitor.SucceededJobs(0, 100).Count(j => j.Value.Job?.Type == typeof(SendDepartmentScorecardJob)));
    }

    [Fact]
    public async Task DeliveryJob_RunTwice_SendsOnce()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port);
        var planned = await PlanAsync(app);
        var first = planned.Enqueued[0];

        using (var scope = app.Services.CreateScope())
            Assert.Equal(DeliveryResult.Sent, await scope.ServiceProvider.GetRequiredService<SendDeliveryJob>().ExecuteAsync(first, CancellationToken.None));
        using (var scope = app.Services.CreateScope())
            Assert.Equal(DeliveryResult.AlreadySent, await scope.ServiceProvider.GetRequiredService<SendDeliveryJob>().ExecuteAsync(first, CancellationToken.None));

        Assert.Equal(1, smtp.Count);
        await using var db = TestDatabases.CreateDbContext(_cs);
        var delivery = await db.ReportDeliveries.SingleAsync(d => d.Id == first);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(delivery.MessageId, smtp.Messages.Single().MessageId);
    }

    [Fact]
    public async Task SameKindScopePeriodAndTrigger_IsTheSameRun_AnotherRequestGetsItsOwn()
    {
        await using var app = App(TestSmtpServer.UnusedPort());
        var scheduled = await PlanAsync(app);
        var again = await PlanAsync(app);
        Assert.Equal(scheduled.RunId, again.RunId);

        var manual = await PlanAsync(app, RunTrigger.Manual, "request-1");
        var manualRetried = await PlanAsync(app, RunTrigger.Manual, "request-1");
        var secondManual = await PlanAsync(app, RunTrigger.Manual, "request-2");
        Assert.Equal(manual.RunId, manualRetried.RunId);
        Assert.NotEqual(scheduled.RunId, manual.RunId);
        Assert.NotEqual(manual.RunId, secondManual.RunId);

        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(3, await db.ReportRuns.CountAsync());
        // A retry of a request stores no second document and adds no second delivery.
        Assert.Equal(3, await db.Documents.CountAsync(d => d.Kind == SendDepartmentScorecardJob.ReportName));
        Assert.Equal(9, await db.ReportDeliveries.CountAsync());
    }

    [Fact]
    public async Task Resend_IsANewRunWithNewMessageIds_WhileARetryOfEitherKeepsItsOwn()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port);
        var scheduled = await PlanAsync(app);
        Assert.All(await DeliveryQueue.PerformAsync(app.Services, _cs), p => Assert.Equal(DeliveryResult.Sent, p.Result));
        var scheduledIds = await MessageIdsAsync(scheduled.RunId!.Value);

        var resend = await PlanAsync(app, RunTrigger.Resend, "resend-1");
        Assert.NotEqual(scheduled.RunId, resend.RunId);
        Assert.Equal(3, resend.Enqueued.Count);
        Assert.All(await DeliveryQueue.PerformAsync(app.Services, _cs), p => Assert.Equal(DeliveryResult.Sent, p.Result));
        var resendIds = await MessageIdsAsync(resend.RunId!.Value);
        Assert.Empty(resendIds.Values.Intersect(scheduledIds.Values));
        // The Message-ID rule worked by hand: scorecard.{run}.{first 16 hex of SHA-256 of the address}@opsintranet.
        Assert.Equal("scorecard." + resend.RunId + "." + "7e6cd46d79f48443@opsintranet", resendIds["leadership@cityutility.example"]);

        // Each recipient has had two messages, one per run, each with its run's Message-ID.
        Assert.Equal(6, smtp.Count);
        Assert.Equal(scheduledIds.Values.Concat(resendIds.Values).Order(), smtp.Messages.Select(m => m.MessageId).Order());

        // Retrying the resend or the schedule sends nothing more and keeps every Message-ID.
        Assert.Empty((await PlanAsync(app, RunTrigger.Resend, "resend-1")).Enqueued);
        Assert.Empty((await PlanAsync(app)).Enqueued);
        Assert.Empty(DeliveryQueue.Enqueued(_cs));
        Assert.Equal(scheduledIds, await MessageIdsAsync(scheduled.RunId!.Value));
        Assert.Equal(resendIds, await MessageIdsAsync(resend.RunId!.Value));
    }

    [Fact]
    public async Task Dispatch_RolledBack_LeavesNeitherDeliveriesNorJobs()
    {
        await using var app = App(TestSmtpServer.UnusedPort());
        using var scope = app.Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
        var run = await ledger.EnsureRunAsync(new RunKey("rollback-check", "department", "2026-10"), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);

        var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync(run, Recipients, "check", CancellationToken.None,
            beforeCommit: () => throw new InvalidOperationException("the transaction fails after the jobs were written")));

        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(0, await db.ReportDeliveries.CountAsync(d => d.ReportRunId == run.Id));
        Assert.Empty(DeliveryQueue.Enqueued(_cs));

        // The same dispatch, committed: the deliveries and their jobs appear together.
        var enqueued = await dispatcher.DispatchAsync(run, Recipients, "check", CancellationToken.None);
        Assert.Equal(3, enqueued.Count);
        Assert.Equal(enqueued.Order(), DeliveryQueue.Enqueued(_cs).Select(j => j.DeliveryId).Order());
    }

    [Fact]
    public async Task ScorecardDocument_IsStoredOncePerRun_AndTheAttachmentIsTheStoredDocument()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port);
        var planned = await PlanAsync(app);
        await PlanAsync(app);
        await DeliveryQueue.PerformAsync(app.Services, _cs);

        await using var db = TestDatabases.CreateDbContext(_cs);
        var document = await db.Documents.SingleAsync();
        Assert.Equal((DocumentSubjects.ReportRun, planned.RunId!.Value, 1), (document.SubjectType, document.SubjectId, document.Version));
        Assert.Equal(document.Id, (await db.ReportRuns.SingleAsync()).DocumentId);
        Assert.Equal("department-scorecard-2026-10.pdf", document.FileName);
        foreach (var message in smtp.Messages)
        {
            var attachment = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
            using var bytes = new MemoryStream();
            await attachment.Content!.DecodeToAsync(bytes);
            Assert.Equal(document.Size, bytes.Length);
            Assert.Equal(document.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray())));
        }
    }
}
