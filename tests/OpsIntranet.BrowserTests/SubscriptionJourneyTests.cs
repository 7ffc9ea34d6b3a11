using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MimeKit;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// The demo app with what "Send to me" needs to reach an inbox: a real SMTP server in the test (the test project's
/// <see cref="LocalSmtpServer"/>, which keeps each message's bytes as received) and a Hangfire server in the app, as
/// the web app runs by default, so the send job and its delivery job run on their own rather than by the test's hand.
/// </summary>
public sealed class MailingBrowserApp : BrowserApp
{
    public LocalSmtpServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
        ["Jobs:RunServer"] = "true", ["Jobs:WorkerCount"] = "2",
    };

    /// <summary>
    /// The demo leaves evaluation packets queued for rendering; on two busy cores a job server would spend minutes on
    /// them before it reached this journey's send. They are not this journey's subject, so they are taken off the queue.
    /// </summary>
    protected override async Task PrepareDatabaseAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var clear = new Npgsql.NpgsqlCommand("DELETE FROM hangfire.jobqueue; DELETE FROM hangfire.job;", connection);
        await clear.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

/// <summary>A manager sets up a report subscription, previews it, sends it to themselves, and finds it in their inbox.</summary>
public class SubscriptionJourneyTests(MailingBrowserApp app) : IClassFixture<MailingBrowserApp>
{
    private const string Name = "Walk-through scorecard to me";
    private const string Subject = "Our unit's scorecard for last month";
    private const string Message = "Here are last month's approved figures.";

    [Fact]
    public async Task Manager_CreatesASubscription_PreviewsIt_SendsItToThemselves_AndTheMailArrives()
    {
        // One of Maria's units whose October the demo has approved: the unit scorecard then has figures to show.
        string unitName, unitCode;
        await using (var db = app.Factory.CreateDbContext())
        {
            var maria = await db.Users.Include(u => u.Units).SingleAsync(u => u.Email == DemoUsers.ManagerA);
            var unitIds = maria.Units.Select(u => u.UnitId).ToList();
            var unit = await db.MetricSubmissions
                .Where(m => unitIds.Contains(m.UnitId) && m.Month == TestClock.LastMonth && m.Status == SubmissionStatus.Approved)
                .OrderBy(m => m.Unit!.Name).Select(m => new { m.Unit!.Name, m.Unit.Code }).FirstAsync();
            (unitName, unitCode) = (unit.Name, unit.Code);
        }

        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Button, new() { Name = "Improvement" }).ClickAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Report subscriptions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Report subscriptions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a subscription" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New report subscription");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(Name);
        await page.GetByRole(AriaRole.Group, new() { Name = "Report", Exact = true }).GetByLabel(new Regex("^Unit scorecard")).CheckAsync();
        // The unit the report covers, not the leadership of units among the recipients (both list the units).
        await page.GetByRole(AriaRole.Group, new() { Name = "Units", Exact = true }).GetByLabel(unitName, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Period each run covers").SelectOptionAsync(new SelectOptionValue { Label = "Previous month" });
        await page.GetByLabel("Monthly on day", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Day of the month (1–31)").FillAsync("12");
        await page.GetByLabel("At (24-hour time)").FillAsync("08:00");
        await page.GetByLabel("Time zone").SelectOptionAsync("America/New_York");
        await page.GetByLabel("Addresses (one per line, or separated by commas)").FillAsync("leadership.office@cityutility.example");
        await page.GetByLabel("E-mail subject").FillAsync(Subject);
        await page.GetByLabel("Short message above the figures (optional)").FillAsync(Message);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save subscription" }).ClickAsync();

        // Back on the list: the subscription with its next three runs, worked by hand from Sunday 15 November 2026.
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Subscription added");
        var row = page.Locator("#subscriptions tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = Name }) });
        await Assertions.Expect(row.Locator(".next-runs li")).ToHaveTextAsync(["Sat 12 Dec 2026, 08:00", "Tue 12 Jan 2027, 08:00", "Fri 12 Feb 2027, 08:00"]);
        await Assertions.Expect(row).ToContainTextAsync("Active");

        await row.GetByRole(AriaRole.Link, new() { Name = Name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Name);
        await Assertions.Expect(page.Locator("#what")).ToContainTextAsync("October 2026");
        await Assertions.Expect(page.Locator("#runs")).ToHaveTextAsync("No runs yet.");
        await BrowserApp.AssertAccessibleAsync(page);

        // The e-mail preview opens in a tab of its own and shows the report's headline figures.
        var preview = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Preview e-mail" }).ClickAsync());
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(unitName);
        await Assertions.Expect(preview.Locator("body")).ToContainTextAsync("October 2026");
        await Assertions.Expect(preview.Locator("body")).ToContainTextAsync(Message);
        var figures = new List<(string Label, string Value)>();
        foreach (var figure in await preview.Locator("table tr").AllAsync())
        {
            var cells = await figure.Locator("td").AllInnerTextsAsync();
            figures.Add((cells[0].Trim(), cells[1].Trim()));
        }
        Assert.Equal([StatusWords.Label(MetricStatus.Green), StatusWords.Label(MetricStatus.Amber), StatusWords.Label(MetricStatus.Red)], figures.Select(f => f.Label));
        Assert.All(figures, f => Assert.Matches(@"^\d+$", f.Value));
        Assert.True(figures.Sum(f => int.Parse(f.Value, CultureInfo.InvariantCulture)) > 0, "An approved month rates at least one metric.");
        await preview.CloseAsync();

        // The PDF preview is a real PDF of the unit's scorecard.
        var pdfFile = $"{unitCode}-scorecard-2026-10.pdf";
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Preview PDF" }).ClickAsync());
        Assert.Equal(pdfFile, download.SuggestedFilename);
        var previewPdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF"u8.ToArray(), previewPdf[..4]);
        Assert.Contains(unitName, PdfText.Read(previewPdf).All);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send to me" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"to {DemoUsers.ManagerA} as a test");

        // The app's job server makes the run and sends it; on two busy cores (a PDF to print) that may take a while.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!app.Smtp.Messages.Any(m => m.Subject == Subject))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No \"{Subject}\" e-mail arrived within five minutes ({app.Smtp.Count} other messages).");
            await Task.Delay(500);
        }
        var mail = Assert.Single(app.Smtp.Messages, m => m.Subject == Subject);
        Assert.Equal([DemoUsers.ManagerA], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.NotNull(mail.HtmlBody);
        Assert.Contains(Message, System.Net.WebUtility.HtmlDecode(mail.HtmlBody), StringComparison.Ordinal);
        Assert.NotNull(mail.TextBody);
        // The plain-text part quotes the figures the preview showed.
        Assert.All(figures, f => Assert.Matches(new Regex($@"{Regex.Escape(f.Label)}\s+{f.Value}\n"), mail.TextBody));
        var attachment = Assert.IsType<MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal(pdfFile, attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var pdf = new MemoryStream();
        Assert.NotNull(attachment.Content);
        await attachment.Content.DecodeToAsync(pdf);
        Assert.True(pdf.Length > 1000, $"The attached PDF has {pdf.Length} bytes.");
        Assert.Equal("%PDF"u8.ToArray(), pdf.ToArray()[..4]);

        // The run history says it was a test; October's scheduled run is still to come on its day.
        await page.ReloadAsync();
        var runs = page.Locator("#runs tbody tr");
        await Assertions.Expect(runs).ToHaveCountAsync(1);
        await Assertions.Expect(runs.Locator("td").Nth(1)).ToHaveTextAsync("Send to me (test)");
        await using (var db = app.Factory.CreateDbContext())
        {
            var subscriptionId = await db.ReportSubscriptions.Where(s => s.Name == Name).Select(s => s.Id).SingleAsync();
            var run = await db.ReportRuns.Include(r => r.Deliveries).SingleAsync(r => r.SubscriptionId == subscriptionId);
            Assert.Equal((RunTrigger.Test, "2026-10"), (run.Trigger, run.Period));
            Assert.Equal(DemoUsers.ManagerA, Assert.Single(run.Deliveries).Recipient);
            Assert.False(await db.ReportRuns.AnyAsync(r => r.SubscriptionId == subscriptionId && r.Trigger == RunTrigger.Scheduled));
        }
    }
}
