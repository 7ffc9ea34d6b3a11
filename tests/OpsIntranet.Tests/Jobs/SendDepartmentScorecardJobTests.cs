using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

public class SendDepartmentScorecardJobTests : IAsyncLifetime
{
    private static readonly string[] Recipients = ["leadership@cityutility.example", "city.manager.office@cityutility.example"];
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private OpsWebFactory App(int smtpPort, params string[] recipients)
    {
        var settings = new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(), ["Smtp:Security"] = "None", ["Smtp:TimeoutSeconds"] = "5" };
        for (var i = 0; i < recipients.Length; i++) settings[$"Reports:DepartmentScorecard:Recipients:{i}"] = recipients[i];
        return new OpsWebFactory(_cs, settings: settings);
    }

    private static async Task<SendDepartmentScorecardJob.Outcome> RunAsync(OpsWebFactory app, string period = "2026-10")
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SendDepartmentScorecardJob>().ExecuteAsync(period, CancellationToken.None);
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
        Assert.Contains("Meet target", message.HtmlBody);

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
            Assert.NotNull((await db.ReportRuns.SingleAsync()).Document);
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
