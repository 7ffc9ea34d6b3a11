using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Jobs.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

public class SendDepartmentScorecardJobTests : IAsyncLifetime
{
    private static readonly string[] Recipients = ["leadership@cityutility.example", "city.manager.office@cityutility.example"];
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private static Dictionary<string, string?> Settings(int smtpPort, params string[] recipients)
    {
        var settings = new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(), ["Smtp:Security"] = "None" };
        for (var i = 0; i < recipients.Length; i++) settings[$"Reports:DepartmentScorecard:Recipients:{i}"] = recipients[i];
        return settings;
    }

    private OpsWebFactory App(int smtpPort, params string[] recipients) => new(_cs, settings: Settings(smtpPort, recipients));

    /// <summary>The app with the real mail sender, which calls <paramref name="accepted"/> each time the mail server has accepted a message.</summary>
    private sealed class AppWatchingMail(string cs, Dictionary<string, string?> settings, Action accepted) : OpsWebFactory(cs, settings: settings)
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

    /// <summary>What the scheduled job and then the delivery jobs it enqueued came to, counted the way the job counted before it fanned out.</summary>
    private sealed record Outcome(int Sent, int Failed, int AlreadySent, bool NoData);

    /// <summary>Runs the scheduled job, then works the delivery jobs it enqueued, as a job server would; fails as the run failed.</summary>
    private async Task<Outcome> RunAsync(OpsWebFactory app, string period = "2026-10")
    {
        SendDepartmentScorecardJob.Outcome planned;
        using (var scope = app.Services.CreateScope())
            planned = await scope.ServiceProvider.GetRequiredService<SendDepartmentScorecardJob>().ExecuteAsync(period, CancellationToken.None);
        Assert.Equal(planned.Enqueued.Order(), DeliveryQueue.Enqueued(_cs).Select(j => j.DeliveryId).Order());
        var performed = await DeliveryQueue.PerformAsync(app.Services, _cs);
        var failed = performed.Where(p => p.Error is not null).ToList();
        var outcome = new Outcome(performed.Count(p => p.Result == DeliveryResult.Sent), failed.Count,
            planned.AlreadySent + performed.Count(p => p.Result == DeliveryResult.AlreadySent), planned.NoData);
        if (failed.Count > 0)
            throw new DeliveryFailedException($"{failed.Count} of {planned.AlreadySent + performed.Count} deliveries failed: {string.Join("; ", failed.Select(f => f.Error!.Message))}");
        return outcome;
    }

    [Fact]
    public async Task Execute_SendsOneMailPerRecipientWithThePdf_AndASecondRunSendsNothing()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port, Recipients);

        var first = await RunAsync(app);
        Assert.Equal(2, first.Sent);
        Assert.Equal(2, smtp.Count);

        var message = smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == Recipients[0]);
        Assert.Equal("Department Scorecard — October 2026", message.Subject);
        var attachment = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("department-scorecard-2026-10.pdf", attachment.FileName);
        using var pdfStream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfStream);
        var pdf = PdfText.Read(pdfStream.ToArray());
        Assert.Contains("Department Scorecard", pdf.All);
        Assert.Contains("Utility Contact Center", pdf.All);
        Assert.Contains("Credit and Collections", pdf.All);
        // The e-mail names each count by the status word of the badges on the page and in the PDF.
        Assert.Contains("Meets target", message.HtmlBody);

        var second = await RunAsync(app);
        Assert.Equal(0, second.Sent);
        Assert.Equal(2, second.AlreadySent);
        Assert.Equal(2, smtp.Count);

        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(1, await db.ReportRuns.CountAsync());
        Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
        {
            Assert.Equal(DeliveryStatus.Sent, d.Status);
            Assert.Equal(1, d.Attempts);
        });
    }

    [Fact]
    public async Task Execute_SmtpDown_LeavesDeliveriesFailedAndRetryable_ThenSendsOnce()
    {
        var port = TestSmtpServer.UnusedPort();
        await using (var app = App(port, Recipients))
        {
            var error = await Assert.ThrowsAsync<DeliveryFailedException>(() => RunAsync(app));
            Assert.Contains("2 of 2 deliveries", error.Message);
        }
        await using (var db = TestDatabases.CreateDbContext(_cs))
        {
            var deliveries = await db.ReportDeliveries.ToListAsync();
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d =>
            {
                Assert.Equal(DeliveryStatus.Failed, d.Status);
                Assert.Equal(1, d.Attempts);
                Assert.False(string.IsNullOrWhiteSpace(d.LastError));
            });
            // The PDF was rendered and kept: the retry sends the same document.
            Assert.NotNull((await db.ReportRuns.SingleAsync()).DocumentId);
        }

        using var smtp = TestSmtpServer.Start(port);
        await using (var app = App(port, Recipients))
        {
            var retry = await RunAsync(app);
            Assert.Equal(2, retry.Sent);
        }
        Assert.Equal(2, smtp.Count);
        await using (var db = TestDatabases.CreateDbContext(_cs))
        {
            Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
            {
                Assert.Equal(DeliveryStatus.Sent, d.Status);
                Assert.Equal(2, d.Attempts);
                Assert.Null(d.LastError);
            });
        }
    }

    /// <summary>
    /// PostgreSQL restarts in the moment between the mail server accepting a message and the delivery
    /// being marked sent. The job keeps trying until the database is back, so the delivery ends up Sent
    /// and a later run (Hangfire's retry, or another worker once the claim has expired) sends nothing again.
    /// </summary>
    [Fact]
    public async Task Execute_DatabaseRestartsRightAfterTheMailServerAccepted_MarksItSentOnceBack_AndNobodyGetsItTwice()
    {
        using var smtp = TestSmtpServer.Start();
        using var proxy = new CuttableProxy(_cs);
        var outages = 0;
        await using var app = new AppWatchingMail(proxy.ConnectionStringFor(_cs), Settings(smtp.Port, Recipients), () =>
        {
            if (Interlocked.Increment(ref outages) == 1) proxy.Cut();
        });
        _ = app.Server;
        // The database comes back only after the job has run into the outage with a new connection.
        _ = proxy.FirstRefusal.ContinueWith(_ => proxy.Restore(), TaskScheduler.Default);

        Exception? failure = null;
        try { await RunAsync(app); }
        catch (Exception ex) { failure = ex; }
        proxy.Restore();
        // A failed job is retried by Hangfire later, by which time a claim left behind has expired.
        ((FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromMinutes(30));
        try { await RunAsync(app); }
        catch (Exception ex) { failure ??= ex; }

        Assert.Equal(Recipients.Order(), smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Null(failure);
        Assert.True(proxy.Refused > 0, "The job never met the outage, so this test proved nothing.");
        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.All(await db.ReportDeliveries.ToListAsync(), d =>
        {
            Assert.Equal(DeliveryStatus.Sent, d.Status);
            Assert.Equal(1, d.Attempts);
            Assert.Null(d.ClaimToken);
        });
    }

    [Fact]
    public async Task Execute_NewRecipientAdded_OnlyTheNewOneReceivesIt()
    {
        using var smtp = TestSmtpServer.Start();
        await using (var app = App(smtp.Port, Recipients[0])) await RunAsync(app);
        await using (var app = App(smtp.Port, Recipients)) await RunAsync(app);
        Assert.Equal(2, smtp.Count);
        Assert.Equal(Recipients.Order(), smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    [Fact]
    public async Task Execute_MonthWithoutApprovedData_SendsNothingAndSaysSo()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = App(smtp.Port, Recipients);
        var outcome = await RunAsync(app, "2026-11");
        Assert.True(outcome.NoData);
        Assert.Equal(0, smtp.Count);
        await using var db = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(0, await db.ReportDeliveries.CountAsync());
    }

    [Fact]
    public async Task Execute_BadPeriod_IsRejected()
    {
        await using var app = App(TestSmtpServer.UnusedPort(), Recipients);
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(app, "October"));
    }
}
