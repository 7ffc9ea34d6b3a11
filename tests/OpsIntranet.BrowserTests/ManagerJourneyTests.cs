using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

public class ManagerJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_SignsIn_OpensAUnit_AndDownloadsItsScorecardPdf()
    {
        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your units' scorecard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Utility Contact Center" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Utility Contact Center");
        await Assertions.Expect(page.Locator("figure.chart svg").First).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download scorecard PDF" }).ClickAsync());
        Assert.Equal("UCC-scorecard-2026-10.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        var pdf = PdfText.Read(await File.ReadAllBytesAsync(path!));
        Assert.Contains("Utility Contact Center", pdf.All);
        Assert.Contains("October 2026", pdf.All);
    }

    [Fact]
    public async Task Supervisor_TypingAnotherUnitsAddress_SeesNotFound()
    {
        var page = await app.SignedInPageAsync(DemoUsers.UccSupervisor);
        await using var db = app.Factory.CreateDbContext();
        var billing = db.Units.Single(u => u.Code == "UBCP").Id;
        var response = await page.GotoAsync($"/units/{billing}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/units/{unit:Utility Contact Center}")]
    [InlineData("/units")]
    public async Task Pages_HaveNoSeriousAccessibilityViolations(string url)
    {
        var page = await app.SignedInPageAsync(DemoUsers.Leadership);
        await page.GotoAsync(await app.PathAsync(url));
        await BrowserApp.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task SignInPage_HasNoSeriousAccessibilityViolations()
    {
        var page = await app.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = app.BaseUrl });
        BrowserApp.WaitGenerously(page.Context);
        await page.GotoAsync("/account/login");
        await BrowserApp.AssertAccessibleAsync(page);
    }
}
