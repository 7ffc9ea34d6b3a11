using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

public class ReportJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Leadership_OpensReports_ChoosesAQuarter_AndDownloadsTheContinuousImprovementReport()
    {
        var page = await app.SignedInPageAsync(DemoUsers.Leadership);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Button, new() { Name = "Improvement" }).ClickAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Reports: continuous improvement" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Continuous-improvement report");
        await BrowserApp.AssertAccessibleAsync(page);
        // Every unit of the department is chosen to begin with.
        await Assertions.Expect(page.Locator("input[name=Units]:checked")).ToHaveCountAsync(9);

        await page.GetByLabel("Fiscal quarter").CheckAsync();
        await page.Locator("#Quarter").SelectOptionAsync("FY2026-Q4");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync());

        Assert.Equal("continuous-improvement-fy2026-q4-all-units.pdf", download.SuggestedFilename);
        var pdf = PdfText.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains("Q4 FY2026 (July – September 2026)", pdf.All);
        Assert.Contains("All units (9)", pdf.All);
        Assert.Contains("Executive summary", pdf.Bookmarks);
        Assert.Contains("Utility Contact Center", pdf.Bookmarks);
    }

    [Fact]
    public async Task Manager_WithNoUnitTicked_GetsTheMessageNextToTheUnits()
    {
        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await page.GotoAsync($"{app.BaseUrl}/reports");
        foreach (var box in await page.Locator("input[name=Units]").AllAsync()) await box.UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Units-error")).ToHaveTextAsync("Choose at least one unit.");
        await BrowserApp.AssertAccessibleAsync(page, expectedStatus: 422);
    }
}
