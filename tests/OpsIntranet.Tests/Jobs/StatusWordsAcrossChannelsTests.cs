using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// One value, one word: the Utility Contact Center's October abandonment rate set to 2.5% (target
/// ≤ 5.0%, so it meets the target) reads "Meets target" on the home page, in the department
/// scorecard PDF and in the e-mail that carries it.
/// </summary>
public class StatusWordsAcrossChannelsTests : IAsyncLifetime
{
    private const string Word = "Meets target";
    private const string Recipient = "leadership@cityutility.example";
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateDemoAsync();
        await using var db = TestDatabases.CreateDbContext(_cs);
        var row = await db.MetricValues.SingleAsync(v => v.Submission!.Unit!.Code == "UCC" && v.Submission.Month == TestClock.LastMonth && v.MetricDefinition!.Code == "abandonment_rate");
        row.Value = 2.5m;
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    [Fact]
    public async Task OneValue_ReadsTheSameOnThePage_InThePdf_AndInTheEmail()
    {
        using var smtp = TestSmtpServer.Start();
        await using var app = new OpsWebFactory(_cs, settings: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(), ["Smtp:Security"] = "None", ["Smtp:TimeoutSeconds"] = "5",
            ["Reports:DepartmentScorecard:Recipients:0"] = Recipient,
        });

        var client = await app.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var ucc = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("Utility Contact Center"));
        var badge = ucc.QuerySelector("tr[data-metric='abandonment_rate'] .badge")!;
        Assert.Equal(Word, badge.TextContent.Trim());
        Assert.Equal("green", badge.GetAttribute("data-status"));
        var greenOnPage = page.QuerySelectorAll("section.unit-card .badge[data-status=green]").Length;

        using (var scope = app.Services.CreateScope())
            Assert.Single((await scope.ServiceProvider.GetRequiredService<SendDepartmentScorecardJob>().ExecuteAsync("2026-10", CancellationToken.None)).Enqueued);
        Assert.Equal(DeliveryResult.Sent, Assert.Single(await DeliveryQueue.PerformAsync(app.Services, _cs)).Result);
        var message = Assert.Single(smtp.Messages);

        var attachment = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
        using var pdfStream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfStream);
        var pdf = PdfText.Read(pdfStream.ToArray()).All;
        // The row: metric, value, previous month, target, status.
        Assert.Matches(new Regex(@"Abandonment rate\s+2\.5%\s+\S+\s+≤ 5\.0%\s+" + Word), pdf);

        // The e-mail counts values by the same words, and its count is the page's.
        Assert.Contains(Word, message.HtmlBody);
        Assert.Contains($"{Word}: {greenOnPage}\n", message.TextBody!.ReplaceLineEndings("\n"));
    }
}
