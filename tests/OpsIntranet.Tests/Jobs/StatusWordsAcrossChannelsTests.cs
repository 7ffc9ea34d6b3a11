using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// One value, one word: the Utility Contact Center's October abandonment rate set to 2.5% (target
/// ≤ 5.0%, so it meets the target) reads "Meets target" on the home page, in the department
/// scorecard PDF and in the e-mail of the department scorecard's subscription that carries it.
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
        });
        int adminId;
        await using (var db = app.CreateDbContext())
            adminId = await db.Users.Where(u => u.Email == DemoUsers.Administrator).Select(u => u.Id).SingleAsync();
        // Kept by an administrator, as the seeded one is: the report shows every unit, as the leadership's home page does.
        var subscription = await SubscriptionTestKit.AddSubscriptionAsync(app, DepartmentScorecardKind.KindKey, s =>
        {
            s.OwnerUserId = adminId;
            s.Addresses = [Recipient];
        });

        var client = await app.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var ucc = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("Utility Contact Center"));
        var badge = ucc.QuerySelector("tr[data-metric='abandonment_rate'] .badge")!;
        Assert.Equal(Word, badge.TextContent.Trim());
        Assert.Equal("green", badge.GetAttribute("data-status"));
        var greenOnPage = page.QuerySelectorAll("section.unit-card .badge[data-status=green]").Length;

        Assert.Equal(1, (await SubscriptionTestKit.RunAsync(app, subscription.Id, "2026-10")).Enqueued);
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
        Assert.Matches(new Regex($@"(?m)^{Word} +{greenOnPage}$"), message.TextBody!.ReplaceLineEndings("\n"));
    }
}
