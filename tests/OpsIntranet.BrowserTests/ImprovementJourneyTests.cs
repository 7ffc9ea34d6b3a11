using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

public class ImprovementJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_TurnsASignalIntoAnInitiative_SupervisorCompletesTheAction_ManagerMovesItToCheckAndSeesTheResult()
    {
        var maria = await app.SignedInPageAsync(DemoUsers.ManagerA);
        // The latest month on the dashboard with a signal nobody is working on yet.
        ILocator? start = null;
        for (var month = TestClock.LastMonth; start is null && month > TestClock.LastMonth.AddMonths(-12); month = month.AddMonths(-1))
        {
            await maria.GotoAsync($"/?month={DepartmentCalendar.MonthKey(month)}");
            var links = maria.Locator("[data-testid=signals] li").Filter(new() { Has = maria.GetByRole(AriaRole.Link, new() { Name = "Start an initiative" }) });
            if (await links.CountAsync() > 0) start = links.First;
        }
        Assert.NotNull(start);
        var unitId = int.Parse((await start.Locator("a").First.GetAttributeAsync("href"))!.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await using var db = app.Factory.CreateDbContext();
        var supervisor = await db.Employees.Where(e => e.UnitId == unitId && e.Position.Contains("Supervisor") && db.Users.Any(u => u.EmployeeId == e.Id)).OrderBy(e => e.Id).FirstAsync();

        await start.GetByRole(AriaRole.Link, new() { Name = "Start an initiative" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#from-signal")).ToBeVisibleAsync();
        var title = await maria.GetByLabel("Title", new() { Exact = true }).InputValueAsync();
        Assert.False(string.IsNullOrWhiteSpace(title));
        await BrowserApp.AssertAccessibleAsync(maria);
        // The change began in June, so there are approved months after it to measure.
        await maria.GetByLabel("Start", new() { Exact = true }).FillAsync("2026-06-01");
        await maria.GetByLabel("Baseline from").FillAsync("2025-06");
        await maria.GetByLabel("Baseline to").FillAsync("2026-05");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Start the initiative" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#flash")).ToHaveTextAsync("Initiative started.");

        await maria.GetByLabel("New action").FillAsync("Rebalance the schedule for the peak days");
        await maria.GetByLabel("Owner", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = supervisor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await maria.GetByLabel("Due", new() { Exact = true }).FillAsync("2026-11-30");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Add action" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#actions")).ToContainTextAsync("Rebalance the schedule for the peak days");
        await BrowserApp.AssertAccessibleAsync(maria);
        var initiativeUrl = new Uri(maria.Url).AbsolutePath;

        // The supervisor finds the action on their home page and marks it done.
        var sup = await app.SignedInPageAsync(supervisor.Email);
        await sup.Locator("#waiting").GetByRole(AriaRole.Link, new() { Name = "Action: Rebalance the schedule for the peak days" }).ClickAsync();
        var row = sup.Locator("#actions tr").Filter(new() { HasText = "Rebalance the schedule for the peak days" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Mark done" }).ClickAsync();
        await Assertions.Expect(sup.Locator("#flash")).ToHaveTextAsync("Action completed.");
        await Assertions.Expect(sup.Locator("#actions tr").Filter(new() { HasText = "Rebalance the schedule for the peak days" })).ToContainTextAsync(supervisor.FullName);

        // The manager moves it to "check" and reads the computed result.
        await maria.GotoAsync(initiativeUrl);
        await maria.GetByLabel("Stage", new() { Exact = true }).SelectOptionAsync("Check");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#stage")).ToContainTextAsync("Check");
        await Assertions.Expect(maria.Locator("#baseline")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(maria.Locator("#after")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(maria.Locator("#verdict")).ToContainTextAsync("Change:");
        await maria.GotoAsync("/initiatives");
        await Assertions.Expect(maria.Locator("[data-stage=Check]")).ToContainTextAsync(title);
        await BrowserApp.AssertAccessibleAsync(maria);
    }

    [Theory]
    [InlineData(DemoUsers.ManagerA, "/initiatives")]
    [InlineData(DemoUsers.ManagerA, "/initiatives/{initiative:Cut the first-week wait at the Walk-In counter}")]
    [InlineData(DemoUsers.ManagerA, "/projects")]
    [InlineData(DemoUsers.ManagerA, "/projects/{project:Customer information system replacement — steering committee}")]
    [InlineData(DemoUsers.WalkInSupervisor, "/initiatives/{initiative:Cut the first-week wait at the Walk-In counter}")]
    public async Task ImprovementPages_HaveNoSeriousAccessibilityViolations(string who, string url)
    {
        var page = await app.SignedInPageAsync(who);
        await page.GotoAsync(await app.PathAsync(url));
        await BrowserApp.AssertAccessibleAsync(page);
    }
}
