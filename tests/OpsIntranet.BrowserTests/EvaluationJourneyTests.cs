using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

public class EvaluationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Hannah = "hannah.lindqvist@cityutility.example";

    [Fact]
    public async Task Manager_WritesAndSubmits_ReviewerApproves_SupervisorReadsAndAcknowledges()
    {
        // The manager finds the evaluation waiting on her home page and writes it.
        var maria = await app.SignedInPageAsync(DemoUsers.ManagerA);
        var waiting = maria.Locator("#waiting li").Filter(new() { HasText = "Hannah Lindqvist" });
        await waiting.GetByRole(AriaRole.Link, new() { Name = "Write and submit the evaluation" }).ClickAsync();
        await Assertions.Expect(maria.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hannah Lindqvist");
        await Assertions.Expect(maria.Locator("#evidence-metrics")).ToContainTextAsync("Training");
        await BrowserApp.AssertAccessibleAsync(maria);

        var competencies = maria.Locator("fieldset[data-competency]");
        var count = await competencies.CountAsync();
        Assert.Equal(10, count);
        for (var i = 0; i < count; i++)
            await competencies.Nth(i).GetByLabel(i == 2 ? "5 Exceptional" : "4 Exceeds expectations").CheckAsync();
        // Submitting with a 5 and no comment: the page says what is missing, and keeps every choice.
        await maria.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#form-error")).ToBeVisibleAsync();
        await Assertions.Expect(competencies.Nth(2).Locator(".invalid-feedback")).ToHaveTextAsync("A rating of 5 needs a comment.");
        await Assertions.Expect(competencies.Nth(0).GetByLabel("4 Exceeds expectations")).ToBeCheckedAsync();
        // The form shown again with its errors answers 422, as a refused post should.
        await BrowserApp.AssertAccessibleAsync(maria, expectedStatus: 422);

        await competencies.Nth(2).GetByRole(AriaRole.Textbox).FillAsync("New hires rate her onboarding sessions the best in the department.");
        await maria.GetByLabel("Strengths").FillAsync("Rebuilt onboarding around the new billing system.");
        await maria.GetByLabel("Areas to improve").FillAsync("Share training calendars earlier with the contact centers.");
        await maria.GetByLabel("Development plan").FillAsync("Instructional design certificate by June.");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(maria.Locator("#flash")).ToHaveTextAsync("Submitted for review.");
        // (4×85 + 5×15) / 100 = 4.15: customer service (weight 15) at 5, the other 85 points at 4
        await Assertions.Expect(maria.Locator("#overall")).ToContainTextAsync("4.15");

        // The reviewer approves it from her home page.
        var patricia = await app.SignedInPageAsync(DemoUsers.Leadership);
        await patricia.Locator("#waiting li").Filter(new() { HasText = "Hannah Lindqvist" }).GetByRole(AriaRole.Link, new() { Name = "Review the evaluation" }).ClickAsync();
        await patricia.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(patricia.Locator("#status")).ToHaveTextAsync("Approved");

        // The supervisor signs in, reads it and acknowledges it with a comment.
        var hannah = await app.SignedInPageAsync(Hannah);
        await hannah.GetByRole(AriaRole.Link, new() { Name = "Read and acknowledge your evaluation" }).ClickAsync();
        await Assertions.Expect(hannah.Locator(".statement")).ToContainTextAsync("does not mean the employee agrees");
        await Assertions.Expect(hannah.Locator("#Strengths")).ToHaveTextAsync("Rebuilt onboarding around the new billing system.");
        await BrowserApp.AssertAccessibleAsync(hannah);
        await hannah.GetByLabel("Your comment (optional)").FillAsync("Thank you. I would like the certificate funded this fiscal year.");
        await hannah.GetByRole(AriaRole.Button, new() { Name = "I acknowledge receipt" }).ClickAsync();
        await Assertions.Expect(hannah.Locator("#status")).ToHaveTextAsync("Acknowledged");
        await Assertions.Expect(hannah.Locator("#acknowledged")).ToContainTextAsync("Acknowledged by Hannah Lindqvist");
        // Her evaluation no longer waits for her.
        await hannah.GotoAsync("/");
        await Assertions.Expect(hannah.GetByRole(AriaRole.Link, new() { Name = "Read and acknowledge your evaluation" })).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData(DemoUsers.ManagerA, "/people")]
    [InlineData(DemoUsers.ManagerA, "/evaluations")]
    [InlineData(DemoUsers.ManagerA, "/evaluations/cycles/new")]
    [InlineData(DemoUsers.ManagerA, "/recommendations")]
    [InlineData(DemoUsers.Administrator, "/admin/audit")]
    [InlineData(DemoUsers.Administrator, "/admin/competencies")]
    [InlineData(DemoUsers.Leadership, "/people/overview")]
    public async Task PersonnelPages_HaveNoSeriousAccessibilityViolations(string who, string url)
    {
        var page = await app.SignedInPageAsync(who);
        await page.GotoAsync(url);
        await BrowserApp.AssertAccessibleAsync(page);
    }
}
