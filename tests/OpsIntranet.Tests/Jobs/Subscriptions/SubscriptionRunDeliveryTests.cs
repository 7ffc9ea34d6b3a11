using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>
/// The run/delivery mechanism under the department scorecard's subscription (the report the old configured job used to
/// send): one run per (subscription, period, trigger), its document stored once, one delivery per recipient fanned out
/// to batch jobs in the dispatcher's transaction, each delivery sent once whatever the mail server or the database does.
/// </summary>
public class SubscriptionRunDeliveryTests : SubscriptionTestBase
{
    private static readonly string[] Recipients = ["leadership@cityutility.example", "city.manager.office@cityutility.example", "cfo@cityutility.example"];

    private async Task<ReportSubscription> ScorecardAsync(params string[] recipients) =>
        await (await BuildWorldAsync()).DepartmentScorecardAsync(App, recipients.Length > 0 ? recipients : Recipients);

    private Task<SendSubscriptionJob.Outcome> RunAsync(ReportSubscription s, string period = "2026-10", RunTrigger trigger = RunTrigger.Scheduled, string key = "") =>
        SubscriptionTestKit.RunAsync(App, s.Id, period, trigger, key);

    private async Task<List<int>> DeliveryIdsAsync(int runId)
    {
        await using var db = App.CreateDbContext();
        return await db.ReportDeliveries.Where(d => d.ReportRunId == runId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
    }

    private async Task<Dictionary<string, string>> MessageIdsAsync(int runId)
    {
        await using var db = App.CreateDbContext();
        return await db.ReportDeliveries.Where(d => d.ReportRunId == runId).ToDictionaryAsync(d => d.Recipient, d => d.MessageId);
    }

    [Fact]
    public async Task DepartmentScorecard_SendsEachRecipientOneMailWithThePdf_AndASecondRunSendsNothing()
    {
        var s = await ScorecardAsync(Recipients[0], Recipients[1]);

        var first = await RunAsync(s);
        Assert.Equal((RunStatus.Dispatched, 2), (first.Status, first.Enqueued));
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(2, Smtp.Count);

        var message = Smtp.Messages.Single(m => To(m) == Recipients[0]);
        Assert.Equal("October figures are in", message.Subject);
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("department-scorecard-2026-10.pdf", attachment.FileName);
        using var pdfStream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfStream);
        var pdf = PdfText.Read(pdfStream.ToArray());
        Assert.Contains("Department Scorecard", pdf.All);
        Assert.Contains("Walk-In Unit", pdf.All);
        Assert.Contains("Credit and Collections", pdf.All);
        // The e-mail names each count by the status word of the badges on the page and in the PDF.
        Assert.Contains("Meets target", message.HtmlBody);

        var second = await RunAsync(s);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal((0, 2), (second.Enqueued, second.AlreadySent));
        Assert.Equal(2, Smtp.Count);

        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.ReportRuns.CountAsync());
        Assert.All(await db.ReportDeliveries.ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task DepartmentScorecard_MonthWithoutApprovedData_IsSkippedAndSendsNothing()
    {
        var s = await ScorecardAsync();
        var outcome = await RunAsync(s, "2026-11");
        Assert.Equal(RunStatus.Skipped, outcome.Status);
        Assert.Contains("No approved figures for November 2026", outcome.Message);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(0, Smtp.Count);
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.ReportDeliveries.CountAsync());
    }

    [Fact]
    public async Task BadPeriod_IsRejected()
    {
        var s = await ScorecardAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(s, "October"));
    }

    [Fact]
    public async Task Run_FansOutToOneBatchJobOfItsDeliveryIds()
    {
        var s = await ScorecardAsync();
        var run = await RunAsync(s);

        await using var db = App.CreateDbContext();
        var deliveries = await db.ReportDeliveries.Where(d => d.ReportRunId == run.RunId).ToListAsync();
        Assert.Equal(Recipients.Order(), deliveries.Select(d => d.Recipient).Order());
        Assert.Equal(deliveries.Select(d => d.Id).Order(), Assert.Single(DeliveryQueue.EnqueuedJobs(App.ConnectionString)).Order());
        Assert.Equal(RunStatus.Dispatched, (await db.ReportRuns.SingleAsync(r => r.Id == run.RunId)).Status);
    }

    /// <summary>A delivery job queued before batches existed (one delivery by id) still runs after the upgrade.</summary>
    [Fact]
    public async Task SingleDeliveryJob_QueuedBeforeBatches_StillSends()
    {
        var s = await ScorecardAsync();
        var run = await RunAsync(s);
        var performed = await DeliveryQueue.PerformJobAsync(App.Services, [(await DeliveryIdsAsync(run.RunId!.Value))[1]], batch: false);
        Assert.Equal(DeliveryResult.Sent, Assert.Single(performed).Result);
        Assert.Equal(1, Smtp.Count);
    }

    /// <summary>
    /// The period's scheduled run triggered twice at once, each taken by another Hangfire server on the same storage:
    /// one run, one document, one e-mail per recipient.
    /// </summary>
    [Fact]
    public async Task SameRunTriggeredTwice_ByTwoServersAtOnce_OneRunAndOneEmailPerRecipient()
    {
        var s = await ScorecardAsync();
        using var smtp = new LocalSmtpServer();
        var clock = new FakeTimeProvider(TestClock.Now);
        using var one = Delivery.DeliveryDrill.Node(App.ConnectionString, smtp.Port, clock);
        using var two = Delivery.DeliveryDrill.Node(App.ConnectionString, smtp.Port, clock);
        var storage = DeliveryQueue.Storage(App.ConnectionString);
        var client = new BackgroundJobClient(storage);
        client.Enqueue<SendSubscriptionJob>(job => job.ExecuteAsync(s.Id, "2026-10", CancellationToken.None));
        client.Enqueue<SendSubscriptionJob>(job => job.ExecuteAsync(s.Id, "2026-10", CancellationToken.None));

        await Task.WhenAll(one.StartAsync(), two.StartAsync());
        var monitor = storage.GetMonitoringApi();
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (smtp.Count < Recipients.Length || monitor.EnqueuedCount("default") > 0 || monitor.ProcessingCount() > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"The run did not finish within three minutes ({smtp.Count} e-mails).");
            await Task.Delay(200);
        }
        await Task.WhenAll(one.StopAsync(), two.StopAsync());

        Assert.Equal(Recipients.Order(), smtp.Messages.Select(To).Order());
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.ReportRuns.CountAsync());
        Assert.Equal(1, await db.Documents.CountAsync(d => d.Kind == DepartmentScorecardKind.KindKey));
        Assert.All(await db.ReportDeliveries.ToListAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        // Both jobs ran to the end: each took the run as its own and found nothing left to do twice.
        Assert.Equal(2, monitor.SucceededJobs(0, 100).Count(j => j.Value.Job?.Type == typeof(SendSubscriptionJob)));
    }

    [Fact]
    public async Task DeliveryJob_RunTwice_SendsOnce()
    {
        var s = await ScorecardAsync();
        var run = await RunAsync(s);
        var first = (await DeliveryIdsAsync(run.RunId!.Value))[0];

        using (var scope = App.Services.CreateScope())
            Assert.Equal(DeliveryResult.Sent, await scope.ServiceProvider.GetRequiredService<SendDeliveryJob>().ExecuteAsync(first, CancellationToken.None));
        using (var scope = App.Services.CreateScope())
            Assert.Equal(DeliveryResult.AlreadySent, await scope.ServiceProvider.GetRequiredService<SendDeliveryJob>().ExecuteAsync(first, CancellationToken.None));

        Assert.Equal(1, Smtp.Count);
        await using var db = App.CreateDbContext();
        var delivery = await db.ReportDeliveries.SingleAsync(d => d.Id == first);
        Assert.Equal((DeliveryStatus.Sent, 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(delivery.MessageId, Smtp.Messages.Single().MessageId);
    }

    [Fact]
    public async Task SameSubscriptionPeriodAndTrigger_IsTheSameRun_AnotherRequestGetsItsOwn()
    {
        var s = await ScorecardAsync();
        var scheduled = await RunAsync(s);
        var again = await RunAsync(s);
        Assert.Equal(scheduled.RunId, again.RunId);

        var manual = await RunAsync(s, trigger: RunTrigger.Manual, key: "request-1");
        var manualRetried = await RunAsync(s, trigger: RunTrigger.Manual, key: "request-1");
        var secondManual = await RunAsync(s, trigger: RunTrigger.Manual, key: "request-2");
        Assert.Equal(manual.RunId, manualRetried.RunId);
        Assert.NotEqual(scheduled.RunId, manual.RunId);
        Assert.NotEqual(manual.RunId, secondManual.RunId);

        await using var db = App.CreateDbContext();
        Assert.Equal(3, await db.ReportRuns.CountAsync());
        // A retry of a request stores no second document and adds no second delivery.
        Assert.Equal(3, await db.Documents.CountAsync(d => d.Kind == DepartmentScorecardKind.KindKey));
        Assert.Equal(9, await db.ReportDeliveries.CountAsync());
    }

    [Fact]
    public async Task AnotherRequest_IsANewRunWithNewMessageIds_WhileARetryOfEitherKeepsItsOwn()
    {
        var s = await ScorecardAsync();
        var scheduled = await RunAsync(s);
        await SubscriptionTestKit.DeliverAsync(App);
        var scheduledIds = await MessageIdsAsync(scheduled.RunId!.Value);

        var manual = await RunAsync(s, trigger: RunTrigger.Manual, key: "form:1");
        Assert.NotEqual(scheduled.RunId, manual.RunId);
        Assert.Equal(3, manual.Enqueued);
        await SubscriptionTestKit.DeliverAsync(App);
        var manualIds = await MessageIdsAsync(manual.RunId!.Value);
        Assert.Empty(manualIds.Values.Intersect(scheduledIds.Values));
        // The Message-ID rule worked by hand: subscription.{run}.{first 16 hex of SHA-256 of the address}@opsintranet.
        Assert.Equal("subscription." + manual.RunId + "." + "7e6cd46d79f48443@opsintranet", manualIds["leadership@cityutility.example"]);

        // Each recipient has had two messages, one per run, each with its run's Message-ID.
        Assert.Equal(6, Smtp.Count);
        Assert.Equal(scheduledIds.Values.Concat(manualIds.Values).Order(), Smtp.Messages.Select(m => m.MessageId).Order());

        // Retrying the request or the schedule sends nothing more and keeps every Message-ID.
        Assert.Equal(0, (await RunAsync(s, trigger: RunTrigger.Manual, key: "form:1")).Enqueued);
        Assert.Equal(0, (await RunAsync(s)).Enqueued);
        Assert.Empty(DeliveryQueue.Enqueued(App.ConnectionString));
        Assert.Equal(scheduledIds, await MessageIdsAsync(scheduled.RunId!.Value));
        Assert.Equal(manualIds, await MessageIdsAsync(manual.RunId!.Value));
    }

    [Fact]
    public async Task ScorecardDocument_IsStoredOncePerRun_AndTheAttachmentIsTheStoredDocument()
    {
        var s = await ScorecardAsync();
        var run = await RunAsync(s);
        await RunAsync(s);
        await SubscriptionTestKit.DeliverAsync(App);

        await using var db = App.CreateDbContext();
        var document = await db.Documents.SingleAsync();
        Assert.Equal((DocumentSubjects.ReportRun, run.RunId!.Value, 1), (document.SubjectType, document.SubjectId, document.Version));
        Assert.Equal(document.Id, (await db.ReportRuns.SingleAsync()).DocumentId);
        Assert.Equal("department-scorecard-2026-10.pdf", document.FileName);
        Assert.Equal(3, Smtp.Count);
        foreach (var message in Smtp.Messages)
        {
            var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
            using var bytes = new MemoryStream();
            await attachment.Content!.DecodeToAsync(bytes);
            Assert.Equal(document.Size, bytes.Length);
            Assert.Equal(document.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray())));
        }
    }

    /// <summary>
    /// The dispatcher's transaction fails after the deliveries and their jobs were written: neither is left. The same
    /// dispatch committed makes them appear together.
    /// </summary>
    [Fact]
    public async Task Dispatch_RolledBack_LeavesNeitherDeliveriesNorJobs()
    {
        var s = await ScorecardAsync();
        using var scope = App.Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
        var run = await ledger.EnsureRunAsync(new RunKey(s.ReportKind, s.RunScope, "2026-10"), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);
        await ledger.LinkSubscriptionAsync(run.Id, s.Id, CancellationToken.None);

        var dispatcher = scope.ServiceProvider.GetRequiredService<RunDispatcher>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync(run, Recipients, SendSubscriptionJob.MessageIdPrefix, CancellationToken.None,
            beforeCommit: () => throw new InvalidOperationException("the transaction fails after the jobs were written")));

        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.ReportDeliveries.CountAsync(d => d.ReportRunId == run.Id));
        Assert.Equal(RunStatus.Pending, (await db.ReportRuns.SingleAsync(r => r.Id == run.Id)).Status);
        Assert.Empty(DeliveryQueue.Enqueued(App.ConnectionString));

        var enqueued = await dispatcher.DispatchAsync(run, Recipients, SendSubscriptionJob.MessageIdPrefix, CancellationToken.None);
        Assert.Equal(3, enqueued.Count);
        Assert.Equal(enqueued.Order(), DeliveryQueue.Enqueued(App.ConnectionString).Select(j => j.DeliveryId).Order());
    }

    /// <summary>A recipient added to a run that went out already is sent to by the next dispatch of that run; nobody else is sent to again.</summary>
    [Fact]
    public async Task RecipientAddedToADispatchedRun_OnlyTheNewOneReceivesIt()
    {
        var s = await ScorecardAsync(Recipients[0]);
        var run = await RunAsync(s);
        await SubscriptionTestKit.DeliverAsync(App);

        using (var scope = App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<DeliveryLedger>().FindRunAsync(new RunKey(s.ReportKind, s.RunScope, "2026-10"), CancellationToken.None);
            var enqueued = await scope.ServiceProvider.GetRequiredService<RunDispatcher>().DispatchAsync(stored!, Recipients[..2], SendSubscriptionJob.MessageIdPrefix, CancellationToken.None);
            Assert.Single(enqueued);
        }
        await SubscriptionTestKit.DeliverAsync(App);

        await using var db = App.CreateDbContext();
        Assert.Equal(run.RunId, (await db.ReportRuns.SingleAsync()).Id);
        Assert.Equal(Recipients[..2].Order(), Smtp.Messages.Select(To).Order());
    }

    /// <summary>
    /// The mail server is down when the run's batch job runs: every delivery is left Failed with its error and one attempt,
    /// the document kept. Hangfire's retry of the batch, once the server is back, sends each once with that same document.
    /// </summary>
    [Fact]
    public async Task SmtpDown_DeliveriesAreLeftFailedAndRetryable_AndTheRetrySendsEachOnce()
    {
        var s = await ScorecardAsync(Recipients[0], Recipients[1]);
        var port = TestSmtpServer.UnusedPort();
        await using var down = new SubscriptionApp(App.ConnectionString, port);
        var run = await SubscriptionTestKit.RunAsync(down, s.Id, "2026-10");
        var batch = Assert.Single(DeliveryQueue.EnqueuedJobs(App.ConnectionString));

        var failed = await DeliveryQueue.PerformJobAsync(down.Services, batch);
        Assert.Equal(2, failed.Count(p => p.Error is not null));
        await using (var db = App.CreateDbContext())
        {
            Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
            {
                Assert.Equal((DeliveryStatus.Failed, 1), (d.Status, d.Attempts));
                Assert.False(string.IsNullOrWhiteSpace(d.LastError));
            });
            // The PDF was rendered and kept: the retry sends the same document.
            Assert.NotNull((await db.ReportRuns.SingleAsync(r => r.Id == run.RunId)).DocumentId);
        }

        using var smtp = TestSmtpServer.Start(port);
        await using var up = new SubscriptionApp(App.ConnectionString, port);
        var retried = await DeliveryQueue.PerformJobAsync(up.Services, batch);
        Assert.All(retried, p => Assert.Equal(DeliveryResult.Sent, p.Result));
        Assert.Equal(2, smtp.Count);
        await using (var db = App.CreateDbContext())
        {
            Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
            {
                Assert.Equal((DeliveryStatus.Sent, 2), (d.Status, d.Attempts));
                Assert.Null(d.LastError);
            });
        }
    }

    /// <summary>The app with the real mail sender, which calls <paramref name="accepted"/> each time the mail server has accepted a message.</summary>
    private sealed class AppWatchingMail(string cs, int smtpPort, Action accepted) : OpsWebFactory(cs, settings: new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddScoped<MailKitSender>();
                services.AddScoped<IMailSender>(sp => new AcceptedThen(sp.GetRequiredService<MailKitSender>(), accepted));
            });
        }

        private sealed class AcceptedThen(MailKitSender inner, Action accepted) : IMailSender
        {
            public MailboxAddress From => inner.From;

            public async Task SendAsync(MimeMessage message, CancellationToken ct)
            {
                await inner.SendAsync(message, ct);
                accepted();
            }
        }
    }

    /// <summary>
    /// PostgreSQL restarts in the moment between the mail server accepting a message and the delivery being marked
    /// sent. The job keeps trying until the database is back, so the delivery ends up Sent and a later attempt
    /// (Hangfire's retry of the batch, or another worker once the claim has expired) sends nothing again.
    /// </summary>
    [Fact]
    public async Task DatabaseRestartsRightAfterTheMailServerAccepted_MarksItSentOnceBack_AndNobodyGetsItTwice()
    {
        var s = await ScorecardAsync(Recipients[0], Recipients[1]);
        using var proxy = new CuttableProxy(App.ConnectionString);
        var outages = 0;
        await using var app = new AppWatchingMail(proxy.ConnectionStringFor(App.ConnectionString), Smtp.Port, () =>
        {
            if (Interlocked.Increment(ref outages) == 1) proxy.Cut();
        });
        _ = app.Server;
        await SubscriptionTestKit.RunAsync(app, s.Id, "2026-10");
        var batch = Assert.Single(DeliveryQueue.EnqueuedJobs(App.ConnectionString));
        // The database comes back only after the job has run into the outage with a new connection.
        _ = proxy.FirstRefusal.ContinueWith(_ => proxy.Restore(), TaskScheduler.Default);

        var first = await DeliveryQueue.PerformJobAsync(app.Services, batch);
        proxy.Restore();
        // A failed job is retried by Hangfire later, by which time a claim left behind has expired.
        ((FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMinutes(30));
        var retry = await DeliveryQueue.PerformJobAsync(app.Services, batch);

        Assert.Equal(Recipients[..2].Order(), Smtp.Messages.Select(To).Order());
        Assert.All(first.Concat(retry), p => Assert.Null(p.Error));
        Assert.True(proxy.Refused > 0, "The job never met the outage, so this test proved nothing.");
        await using var db = App.CreateDbContext();
        Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
        {
            Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts));
            Assert.Null(d.ClaimToken);
        });
    }
}
