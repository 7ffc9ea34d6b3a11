using Microsoft.Playwright;

namespace OpsIntranet.BrowserTests;

/// <summary>The status that recolours as a value is typed applies the server's checks, not only the target.</summary>
public class MonthFormLiveStatusTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task LiveStatus_ValueOutOfRangeOrWithTooManyDecimals_ShowsInvalid_NotGreen()
    {
        await using var db = app.Factory.CreateDbContext();
        var unit = db.Units.Single(u => u.Code == "TRN").Id;
        var page = await app.SignedInPageAsync("hannah.lindqvist@cityutility.example");
        await page.GotoAsync($"/units/{unit}/months/2026-10");
        var completion = page.GetByLabel("Course completion", new() { Exact = true });
        var badge = page.Locator("tr[data-metric=completion] .live-status .badge");

        await completion.FillAsync("101");            // a percentage over 100 (and above the ≥ 95 target)
        await Assertions.Expect(badge).ToHaveTextAsync("Invalid value");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "invalid");
        await completion.FillAsync("96.55");          // one decimal allowed
        await Assertions.Expect(badge).ToHaveTextAsync("Invalid value");
        await completion.FillAsync("96.5%");
        await Assertions.Expect(badge).ToHaveTextAsync("Meets target");
        await completion.FillAsync("abc");
        await Assertions.Expect(badge).ToHaveTextAsync("Invalid value");

        var onboarded = page.GetByLabel("New hires completing onboarding", new() { Exact = true });
        var onboardedBadge = page.Locator("tr[data-metric=onboarded] .live-status .badge");
        await onboarded.FillAsync("-1");               // a count cannot be negative, even an informational one
        await Assertions.Expect(onboardedBadge).ToHaveTextAsync("Invalid value");
        await onboarded.FillAsync("8");
        await Assertions.Expect(onboardedBadge).ToHaveTextAsync("Informational");

        // Saved as typed and refused: the page shown again still says the value is invalid.
        await completion.FillAsync("101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("nothing was saved");
        await Assertions.Expect(badge).ToHaveTextAsync("Invalid value");
    }
}
