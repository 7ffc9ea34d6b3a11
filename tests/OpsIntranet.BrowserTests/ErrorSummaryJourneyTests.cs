using Microsoft.Playwright;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>A long form sent back with errors: the summary at the top takes the focus, and each of its links takes the user to the field.</summary>
public class ErrorSummaryJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Hannah = "hannah.lindqvist@cityutility.example";

    private static Task<string?> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => document.activeElement && (document.activeElement.id || document.activeElement.tagName)");

    [Fact]
    public async Task EvaluationSubmittedIncomplete_FocusOnSummary_LinkMovesFocusToTheField()
    {
        int id;
        await using (var db = app.Factory.CreateDbContext())
            id = db.Evaluations.Where(e => e.Employee!.Email == Hannah && e.Status == EvaluationStatus.Draft).Select(e => e.Id).First();
        var maria = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await maria.GotoAsync($"/evaluations/{id}");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();

        var summary = maria.Locator("[data-error-summary]");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Strengths:");
        await BrowserApp.AssertAccessibleAsync(maria, expectedStatus: 422);

        await summary.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Strengths: ") }).ClickAsync();
        Assert.Equal("Strengths", await FocusedAsync(maria));
        await Assertions.Expect(maria.Locator("#Strengths")).ToBeInViewportAsync();
        // The message is read with the field.
        await Assertions.Expect(maria.Locator("#Strengths")).ToHaveAttributeAsync("aria-describedby", "Strengths-error");

        // A rating's link lands on the first choice of that competency.
        await summary.Locator("a").First.ClickAsync();
        var focused = await FocusedAsync(maria);
        Assert.Matches("^Rating-[0-9]+-1$", focused);
        await Assertions.Expect(maria.Locator("#" + focused)).ToBeInViewportAsync();
    }
}
