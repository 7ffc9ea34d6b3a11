using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Delivery;

/// <summary>
/// The delivery layer when the mail server misbehaves, against a real SMTP server on loopback. Hangfire's retries are
/// made by running the job again, as Hangfire would after its delay: a delivery's attempts are counted in the ledger,
/// so no test waits out a back-off.
/// </summary>
public class DeliveryFaultTests : IAsyncLifetime
{
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    /// <summary>The web app with the drill report, sending to the given port.</summary>
    private sealed class DrillApp(string cs, int smtpPort) : OpsWebFactory(cs, settings: DeliveryDrill.SmtpSettings(smtpPort))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddScoped<IReportMail, DrillMail>());
        }
    }

    private async Task<List<ReportDelivery>> DeliveriesAsync(int runId)
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        return await db.ReportDeliveries.Where(d => d.ReportRunId == runId).OrderBy(d => d.Id).ToListAsync();
    }

    private static void EachOnce(LocalSmtpServer smtp, IEnumerable<ReportDelivery> deliveries)
    {
        var received = smtp.Messages.Where(m => (m.Subject ?? "").StartsWith("Drill", StringComparison.Ordinal))
            .GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Select(m => m.MessageId).ToList());
        Assert.All(deliveries, d => Assert.Equal([d.MessageId], received.GetValueOrDefault(d.Recipient) ?? []));
        Assert.Equal(deliveries.Count(), received.Count);
    }

    [Fact]
    public async Task Dispatch_120Recipients_ThreeBatchJobs_EachSendsOverOneConnection()
    {
        using var smtp = new LocalSmtpServer();
        await using var app = new DrillApp(_cs, smtp.Port);
        var run = await DeliveryDrill.StartRunAsync(app.Services, DeliveryDrill.Recipients(120));

        Assert.Equal([50, 50, 20], DeliveryQueue.EnqueuedJobs(_cs).Select(j => j.Length));
        var performed = await DeliveryQueue.PerformAsync(app.Services, _cs);

        Assert.Equal(120, performed.Count(p => p.Result == DeliveryResult.Sent));
        Assert.Equal(3, smtp.Connections);
        EachOnce(smtp, await DeliveriesAsync(run.Id));
    }

    [Fact]
    public async Task SmtpAnswers4xx_ThenRecovers_EachRecipientGetsItOnce_AndTheOthersOfTheBatchAreNotHeldUp()
    {
        using var smtp = new LocalSmtpServer();
        await using var app = new DrillApp(_cs, smtp.Port);
        var run = await DeliveryDrill.StartRunAsync(app.Services, DeliveryDrill.Recipients(3));
        var job = Assert.Single(DeliveryQueue.EnqueuedJobs(_cs));

        smtp.RefuseNext(2);
        var first = await DeliveryQueue.PerformJobAsync(app.Services, job);
        Assert.Equal([null, null, DeliveryResult.Sent], first.Select(p => p.Result));
        Assert.Contains("451", first[0].Error!.Message);
        Assert.Equal((1, 2, 1), (smtp.Count, smtp.Refused, smtp.Connections));

        // Hangfire's retry of the batch (the server has recovered).
        var retry = await DeliveryQueue.PerformJobAsync(app.Services, job);
        Assert.Equal([DeliveryResult.Sent, DeliveryResult.Sent, DeliveryResult.AlreadySent], retry.Select(p => p.Result));

        var deliveries = await DeliveriesAsync(run.Id);
        EachOnce(smtp, deliveries);
        Assert.Equal([2, 2, 1], deliveries.Select(d => d.Attempts));
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Sent, null, null), (d.Status, d.LastError, d.GaveUpAt)));
        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.False(await db.ReportRuns.AnyAsync(r => r.Report == DeliveryAlerts.Report));
    }

    [Fact]
    public async Task SmtpDownForTheWholeRetryWindow_DeliveriesFail_OwnerIsAlertedOnce_AndAResendDeliversOnce()
    {
        using var smtp = new LocalSmtpServer();
        smtp.Down();
        await using var app = new DrillApp(_cs, smtp.Port);
        var data = new TestData(app);
        var unit = await data.Unit("UCC").BuildAsync();
        var owner = await data.User("Olive", "Owner").ManagerOf(unit).BuildAsync();
        await data.User("Adam", "Admin").Administrator().BuildAsync();
        var subscription = await DeliveryDrill.SubscriptionAsync(_cs, owner.Id, unit.Id);
        var run = await DeliveryDrill.StartRunAsync(app.Services, DeliveryDrill.Recipients(3), subscription);
        var job = Assert.Single(DeliveryQueue.EnqueuedJobs(_cs));

        // The first attempt and Hangfire's retries but the last: each delivery fails and is left to try again.
        for (var attempt = 1; attempt < SendDeliveryJob.MaxAttempts; attempt++)
        {
            var performed = await DeliveryQueue.PerformJobAsync(app.Services, job);
            Assert.All(performed, p => Assert.Null(p.Result));
            Assert.Single(DeliveryQueue.EnqueuedJobs(_cs));
        }
        var last = await DeliveryQueue.PerformJobAsync(app.Services, job);
        Assert.All(last, p => Assert.Equal(DeliveryResult.GivenUp, p.Result));
        var deliveries = await DeliveriesAsync(run.Id);
        Assert.All(deliveries, d =>
        {
            Assert.Equal((DeliveryStatus.Failed, SendDeliveryJob.MaxAttempts), (d.Status, d.Attempts));
            Assert.NotNull(d.GaveUpAt);
            Assert.Contains("could not be reached", d.LastError);
        });
        // The alert's job, queued when the run settled; a stray retry of the batch changes nothing and queues no second one.
        Assert.Equal(2, DeliveryQueue.EnqueuedJobs(_cs).Count);
        Assert.All(await DeliveryQueue.PerformJobAsync(app.Services, job), p => Assert.Equal(DeliveryResult.GivenUp, p.Result));
        Assert.Equal(2, DeliveryQueue.EnqueuedJobs(_cs).Count);

        smtp.Up();
        await DeliveryQueue.PerformAsync(app.Services, _cs);
        var alert = Assert.Single(smtp.Messages);
        Assert.Equal(owner.Email, alert.To.Mailboxes.Single().Address, ignoreCase: true);
        Assert.Equal("3 e-mails of the delivery drill for 2026-10 could not be delivered", alert.Subject);
        foreach (var d in deliveries) Assert.Contains($"- {d.Recipient}: 6 attempt(s)", alert.TextBody);
        Assert.Contains($"https://ops.example/reports/runs/{run.Id}", alert.TextBody);
        Assert.Contains($"https://ops.example/reports/runs/{run.Id}", alert.HtmlBody);

        // Told once, whatever runs again.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DeliveryAlerts>().WhenSettledAsync(run.Id, CancellationToken.None);
        Assert.Empty(DeliveryQueue.EnqueuedJobs(_cs));

        // "Resend all failed" by the owner, while a stray retry of the old batch runs too: one e-mail each, with its own Message-ID.
        Outcome resent;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(owner.Id);
            resent = await scope.ServiceProvider.GetRequiredService<RunHistory>().ResendAllFailedAsync(viewer, run.Id, CancellationToken.None);
        }
        Assert.True(resent.Succeeded, resent.Message);
        Assert.Equal("3 failed e-mails are being sent again.", resent.Message);
        await DeliveryQueue.PerformJobAsync(app.Services, job);
        await DeliveryQueue.PerformAsync(app.Services, _cs);
        Assert.Equal(4, smtp.Count);
        deliveries = await DeliveriesAsync(run.Id);
        EachOnce(smtp, deliveries);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Sent, null), (d.Status, d.GaveUpAt)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(owner.Id);
            var again = await scope.ServiceProvider.GetRequiredService<RunHistory>().ResendAllFailedAsync(viewer, run.Id, CancellationToken.None);
            Assert.Equal(OutcomeKind.Conflict, again.Kind);
        }
        Assert.Empty(DeliveryQueue.EnqueuedJobs(_cs));
    }

    [Fact]
    public async Task Resend_WhileAnotherWorkerIsSendingIt_IsRefused_AndTheSentOnesAreUntouched()
    {
        using var smtp = new LocalSmtpServer();
        await using var app = new DrillApp(_cs, smtp.Port);
        var admin = await new TestData(app).User("Adam", "Admin").Administrator().BuildAsync();
        var run = await DeliveryDrill.StartRunAsync(app.Services, DeliveryDrill.Recipients(2));
        var job = Assert.Single(DeliveryQueue.EnqueuedJobs(_cs));
        smtp.RefuseNext(1);
        await DeliveryQueue.PerformJobAsync(app.Services, job);
        var (failed, sent) = (await DeliveriesAsync(run.Id)) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        Assert.Equal((DeliveryStatus.Failed, DeliveryStatus.Sent), (failed.Status, sent.Status));

        await using var scope = app.Services.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(admin.Id);
        var history = scope.ServiceProvider.GetRequiredService<RunHistory>();
        Assert.Equal(OutcomeKind.Conflict, (await history.ResendAsync(viewer, run.Id, sent.Id, CancellationToken.None)).Kind);

        // Hangfire's retry has claimed the failed one and is talking to the mail server.
        var claim = await scope.ServiceProvider.GetRequiredService<DeliveryLedger>().TryClaimAsync(failed.Id, CancellationToken.None);
        Assert.NotNull(claim);
        var refused = await history.ResendAsync(viewer, run.Id, failed.Id, CancellationToken.None);
        Assert.Equal(OutcomeKind.Conflict, refused.Kind);
        Assert.Contains("being sent right now", refused.Message);
        Assert.Empty(DeliveryQueue.EnqueuedJobs(_cs).Skip(1));
        Assert.Equal(1, smtp.Count);
    }
}
