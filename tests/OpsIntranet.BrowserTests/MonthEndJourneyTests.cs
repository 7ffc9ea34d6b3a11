using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>A month-end as the people who do it: the supervisor enters and submits, the manager returns it, the supervisor fixes it, the manager approves.</summary>
public class MonthEndJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string TrainingSupervisor = "hannah.lindqvist@cityutility.example";

    [Fact]
    public async Task MonthEnd_SubmitReturnFixApprove_AndTheDashboardShowsTheNewValues()
    {
        await using var db = app.Factory.CreateDbContext();
        var unit = db.Units.Single(u => u.Code == "TRN").Id;
        var formUrl = $"/units/{unit}/months/2026-10";

        // The supervisor sees October waiting on her home page and opens the form from there.
        var supervisor = await app.SignedInPageAsync(TrainingSupervisor);
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "Open the form" }).First.ClickAsync();
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Training — October 2026");
        await BrowserApp.AssertAccessibleAsync(supervisor);

        await supervisor.GetByLabel("Training hours delivered", new() { Exact = true }).FillAsync("1280");
        await supervisor.GetByLabel("New hires completing onboarding", new() { Exact = true }).FillAsync("9");
        await supervisor.GetByLabel("Course completion", new() { Exact = true }).FillAsync("91.0");
        // The status follows the value as it is typed.
        await Assertions.Expect(supervisor.Locator("tr[data-metric=completion] .badge")).ToHaveTextAsync("Off target");
        await supervisor.GetByLabel("Post-training assessment score", new() { Exact = true }).FillAsync("88.5");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#form-error")).ToContainTextAsync("nothing was saved");
        await Assertions.Expect(supervisor.Locator("tr[data-metric=completion] .invalid-feedback")).ToContainTextAsync("explain what happened");
        await supervisor.GetByLabel("Explanation for Course completion").FillAsync("LMS outage 14–18 Oct; courses re-assigned for November.");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator(".alert-success")).ToContainTextAsync("submitted for approval");

        // The manager finds it in the approvals queue and returns it.
        var manager = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await manager.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        await manager.Locator("tr", new() { HasText = "Training" }).GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        await manager.GetByLabel("Reason for returning it").FillAsync("Onboarding should be 8: one hire started in November.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Return to supervisor" }).ClickAsync();
        await Assertions.Expect(manager.Locator(".alert-success")).ToContainTextAsync("Returned");

        // The supervisor reads the reason, fixes the value and submits again.
        await supervisor.GotoAsync(formUrl);
        await Assertions.Expect(supervisor.Locator(".alert-warning")).ToContainTextAsync("Onboarding should be 8");
        await supervisor.GetByLabel("New hires completing onboarding", new() { Exact = true }).FillAsync("8");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator(".alert-success")).ToContainTextAsync("submitted for approval");

        // The manager approves; the month is locked and the dashboard shows it.
        await manager.GotoAsync(formUrl);
        await manager.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(manager.Locator("[data-testid=month-status]")).ToHaveTextAsync("Approved");
        await manager.GotoAsync("/dashboard?month=2026-10");
        var training = manager.Locator("section.unit-card", new() { HasText = "Training" });
        await Assertions.Expect(training.Locator("tr[data-metric=completion] td").Nth(1)).ToHaveTextAsync("91.0%");
        await Assertions.Expect(training.Locator("tr[data-metric=assessment] td").Nth(1)).ToHaveTextAsync("88.5%");
        await BrowserApp.AssertAccessibleAsync(manager);
    }

    [Fact]
    public async Task CompletenessBoard_AndGoals_HaveNoSeriousAccessibilityViolations()
    {
        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await page.GotoAsync("/months");
        await BrowserApp.AssertAccessibleAsync(page);
        await page.GotoAsync("/goals");
        await BrowserApp.AssertAccessibleAsync(page);
    }
}
