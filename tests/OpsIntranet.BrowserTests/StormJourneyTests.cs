using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// A storm from a phone (390 × 844): the Utility Contact Center's shift lead checks in for the running shift, files the
/// unit's shift report (a bad figure first, then the right ones) and finds it on the event's Shift reports page; the
/// unit's manager follows the banner to the event, reads the coverage board, sends a sitrep now, and it arrives in the
/// inboxes of the schedule's recipients with its PDF. The app runs its own job server and mails a real SMTP server.
/// </summary>
public class StormJourneyTests(MailingBrowserApp app) : IClassFixture<MailingBrowserApp>
{
    private const int Phone = 390;

    /// <summary>
    /// Hurricane Eli, opened and activated by the UCC's manager on the test day (15 November 2026, noon Eastern), its A shift
    /// (07:00–19:00 EST) running, with Dana Reyes as its lead for the Utility Contact Center. Returns the event's id.
    /// </summary>
    private async Task<int> ActivatedEventWithDanaLeadingAsync()
    {
        using var scope = app.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>();
        var maria = await services.GetRequiredService<Viewers>().ForUserAsync(await db.Users.Where(u => u.Email == DemoUsers.ManagerA).Select(u => u.Id).SingleAsync());
        var ucc = await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
        var dana = await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync();
        static int Must(Outcome o, string what) => o.Succeeded ? o.Id!.Value : throw new InvalidOperationException($"{what}: {o.Message} {string.Join("; ", o.Errors.Values)}");

        var events = services.GetRequiredService<StormEventService>();
        var shifts = services.GetRequiredService<StormShiftService>();
        var day = new DateOnly(2026, 11, 15);
        var id = Must(await events.OpenAsync(maria, new StormEventInput("Hurricane Eli", StormKind.Hurricane, ActivationLevel.Partial, StormTime.FromEastern(day, new TimeOnly(6, 0)), null, [ucc])), "open");
        Must(await events.MoveAsync(maria, id, await db.StormEvents.Where(e => e.Id == id).Select(e => e.Version).SingleAsync(), StormState.Activated, ActivationLevel.Full), "activate");
        Must(await shifts.LayoutAsync(maria, id, day, new TimeOnly(7, 0), 1, [new(ucc, StormRole.Lead, 1), new(ucc, StormRole.CallTaker, 2)]), "shifts");
        var a = await db.StormShifts.Where(s => s.EventId == id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync();
        Must(await shifts.AssignAsync(maria, a, dana, ucc, StormRole.Lead), "lead");
        return id;
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        // Not window.innerWidth: a phone zooms out to fit a page that is too wide, and innerWidth grows with it.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= Phone, $"{page.Url} is {width} px wide on a {Phone} px phone.");
    }

    [Fact]
    public async Task ShiftLead_OnAPhone_ChecksIn_FilesTheShiftReport_AndSeesItListed()
    {
        var eventId = await ActivatedEventWithDanaLeadingAsync();
        var page = await app.SignedInPhoneAsync(DemoUsers.UccSupervisor);

        // From the navigation, folded behind the menu button on a phone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Storm operations" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "My storm shifts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My storm shifts");
        var shift = page.Locator("[data-testid=my-shift]");
        await Assertions.Expect(shift).ToHaveCountAsync(1);
        await Assertions.Expect(shift).ToContainTextAsync("A shift · Hurricane Eli");
        await Assertions.Expect(shift).ToContainTextAsync("Sun Nov 15, 07:00 – 19:00 EST");
        await AssertNoSidewaysScrollAsync(page);
        await BrowserApp.AssertAccessibleAsync(page);

        // Check in: available.
        await shift.Locator("label", new() { HasText = "I can work this shift" }).ClickAsync();
        await shift.GetByRole(AriaRole.Button, new() { Name = "Save check-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#check-in-message")).ToHaveTextAsync("Checked in as available for the A shift of Hurricane Eli (Sun Nov 15, 07:00 – 19:00 EST).");
        await Assertions.Expect(shift.Locator("[data-testid=availability]")).ToHaveTextAsync("Available");

        // The lead's report: a figure that cannot be right first. The page says so while typing, and the server refuses it.
        await shift.GetByRole(AriaRole.Link, new() { Name = "File shift report" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Shift report");
        await page.GetByLabel("Calls offered", new() { Exact = true }).FillAsync("100");
        await page.GetByLabel("Calls answered", new() { Exact = true }).FillAsync("95");
        await page.GetByLabel("Calls abandoned", new() { Exact = true }).FillAsync("10");
        await Assertions.Expect(page.Locator("#abandon-rate")).ToHaveTextAsync("10.0%");
        await Assertions.Expect(page.Locator("#calls-check")).ToHaveTextAsync("Answered (95) and abandoned (10) add up to more than the 100 offered.");
        await page.GetByLabel("Average speed of answer").FillAsync("1:35");
        await page.GetByLabel("Outage reports taken").FillAsync("40");
        await page.GetByLabel("Callbacks pending").FillAsync("6");
        await page.Locator("label[for=LobbyOpen-open]").ClickAsync();
        await AssertNoSidewaysScrollAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "File shift report" }).ClickAsync();

        await Assertions.Expect(page.Locator("#CallsAbandoned-error")).ToHaveTextAsync("Answered (95) and abandoned (10) add up to 105, more than the 100 offered; check the three figures.");
        await Assertions.Expect(page.Locator("[data-error-summary]")).ToContainTextAsync("Some fields need attention; nothing was saved.");
        await BrowserApp.AssertAccessibleAsync(page, expectedStatus: 422);

        // Corrected: 85 answered, 10 abandoned of 100.
        await page.GetByLabel("Calls answered", new() { Exact = true }).FillAsync("85");
        await Assertions.Expect(page.Locator("#calls-check")).ToHaveTextAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "File shift report" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-message")).ToHaveTextAsync("Utility Contact Center's report for the A shift is filed.");
        await Assertions.Expect(page.Locator("#abandon-rate")).ToHaveTextAsync("10.0%");

        // Listed on the event's Shift reports page, with its figures.
        await page.GetByRole(AriaRole.Link, new() { Name = "Shift reports" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/storm/{eventId}/reports");
        // The night shift has not ended, so it is listed (first, the latest) as not due yet.
        var slot = page.Locator("[data-testid=report-shift]", new() { HasText = "A shift ·" }).Locator("[data-testid=report-slot][data-unit='Utility Contact Center']");
        await Assertions.Expect(slot.Locator(".badge")).ToHaveTextAsync("Filed");
        await Assertions.Expect(slot.Locator("[data-testid=figures]")).ToContainTextAsync("abandon rate 10.0%");
        await AssertNoSidewaysScrollAsync(page);
        await BrowserApp.AssertAccessibleAsync(page);

        // The manager, on her phone: the banner leads to the event, the event to its coverage board.
        var maria = await app.SignedInPhoneAsync(DemoUsers.ManagerA);
        await maria.Locator($"[data-storm-banner='{eventId}']").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(maria.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hurricane Eli");
        await AssertNoSidewaysScrollAsync(maria);
        await BrowserApp.AssertAccessibleAsync(maria);
        await maria.GetByRole(AriaRole.Link, new() { Name = "Coverage board" }).ClickAsync();
        await Assertions.Expect(maria.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Coverage board");
        // The running A shift: its lead (Dana, checked in) covers it; two call takers are required and nobody is assigned.
        var running = maria.Locator("#board section[data-now=true]");
        await Assertions.Expect(running).ToHaveCountAsync(1);
        await Assertions.Expect(running.Locator("[data-total]")).ToHaveTextAsync("1 of 3 covering · 2 short");
        await Assertions.Expect(running.Locator("tr", new() { HasText = "Lead" }).Locator("[data-status]")).ToHaveTextAsync("covered");
        await Assertions.Expect(running.Locator("tr", new() { HasText = "Call taker" }).Locator("[data-status]")).ToHaveTextAsync("2 short");
        await AssertNoSidewaysScrollAsync(maria);
        await BrowserApp.AssertAccessibleAsync(maria);

        // Back to the event, then its situation reports: activation made the suggested schedule (leadership and the unit's managers).
        await maria.GetByRole(AriaRole.Link, new() { Name = "Hurricane Eli" }).First.ClickAsync();
        await maria.GetByRole(AriaRole.Link, new() { Name = "Situation reports" }).ClickAsync();
        await Assertions.Expect(maria.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Situation reports");
        var recipients = maria.Locator("#recipients");
        await Assertions.Expect(recipients).ToContainTextAsync(DemoUsers.Leadership);
        await Assertions.Expect(recipients).ToContainTextAsync(DemoUsers.ManagerA);
        await maria.GetByRole(AriaRole.Button, new() { Name = "Send a sitrep now" }).ClickAsync();
        await Assertions.Expect(maria.GetByRole(AriaRole.Status)).ToContainTextAsync("Sending a situation report to");
        await AssertNoSidewaysScrollAsync(maria);

        // The app's job server renders it and the delivery jobs send it; on two busy cores a PDF to print may take a while.
        const string subject = "Situation report: Hurricane Eli";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        bool Arrived(string to) => app.Smtp.Messages.Any(m => m.Subject == subject && m.To.Mailboxes.Any(b => b.Address == to));
        while (!Arrived(DemoUsers.Leadership) || !Arrived(DemoUsers.ManagerA))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The sitrep did not reach both recipients within five minutes ({app.Smtp.Count} messages in the inbox).");
            await Task.Delay(500);
        }
        var mail = app.Smtp.Messages.First(m => m.Subject == subject && m.To.Mailboxes.Any(b => b.Address == DemoUsers.Leadership));
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.StartsWith("sitrep-hurricane-eli-", attachment.FileName, StringComparison.Ordinal);
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf);
        var text = PdfText.Read(pdf.ToArray()).All;
        // The event, the coverage the manager just saw, and the figures the lead just filed (100 offered, 10 abandoned).
        Assert.Contains("Hurricane Eli", text, StringComparison.Ordinal);
        Assert.Contains("Utility Contact Center", text, StringComparison.Ordinal);
        Assert.Contains("10.0%", text, StringComparison.Ordinal);

        // The run is in the page's history with its recipients sent.
        await maria.ReloadAsync();
        await Assertions.Expect(maria.Locator("#runs")).ToContainTextAsync("Send now");
    }
}
