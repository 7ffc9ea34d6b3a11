using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// Supervisors enter their numbers from phones: at 390 px the navigation folds behind a button, and
/// neither the home page, the monthly form nor the submissions board scrolls sideways. From 1200 px
/// the navigation is one line, even the administrator's.
/// Set OPS_SCREENSHOTS to a folder to keep a full-page picture of each page for a look.
/// </summary>
public class ScreenWidthTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string TrainingSupervisor = "hannah.lindqvist@cityutility.example";
    private const int Phone = 390;

    [Theory]
    [InlineData(DemoUsers.Administrator, "UCC")]
    [InlineData(TrainingSupervisor, "TRN")]
    public async Task Phone_NavigationCollapses_AndNoPageScrollsSideways(string email, string unitCode)
    {
        int unit;
        await using (var db = app.Factory.CreateDbContext()) unit = db.Units.Single(u => u.Code == unitCode).Id;
        var page = await app.SignedInPhoneAsync(email);
        var who = email.Split('.')[0];

        // Folded: one bar with the brand and a menu button, the links hidden.
        var nav = page.Locator("header nav");
        var folded = await nav.BoundingBoxAsync();
        Assert.True(folded!.Height <= 80, $"The folded navigation is {folded.Height} px tall.");
        // The main link; an administrator's Admin menu has a "Units" of its own, later in the bar.
        var units = nav.GetByRole(AriaRole.Link, new() { Name = "Units", Exact = true }).First;
        await Assertions.Expect(units).ToBeHiddenAsync();
        var menu = nav.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Screenshot(page, $"{who}-home");

        // The button opens it.
        await menu.ClickAsync();
        await Assertions.Expect(units).ToBeVisibleAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("#main-nav")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bshow\b")); // opened, not still sliding
        await Assertions.Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync();
        await Screenshot(page, $"{who}-menu");

        var tooWide = new List<string>();
        foreach (var (url, name) in new[] { ("/", "home"), ($"/units/{unit}/months/2026-10", "month-form"), ("/months", "board") })
        {
            await page.GotoAsync(url);
            // Not window.innerWidth: a phone zooms out to fit a page that is too wide, and innerWidth grows with it.
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            await Screenshot(page, $"{who}-{name}", fullPage: true);
            if (width > Phone) tooWide.Add($"{url} is {width} px wide on a {Phone} px phone.");
            await BrowserApp.AssertAccessibleAsync(page);
        }
        Assert.Empty(tooWide);
    }

    [Theory]
    [InlineData(1024)]  // a tablet held sideways: folded
    [InlineData(1200)]  // the narrowest width that shows the links
    public async Task Desktop_AdministratorsNavigationIsOneLine_FoldedOrNot(int width)
    {
        var page = await app.SignedInPageAsync(DemoUsers.Administrator, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 } });
        var nav = page.Locator("header nav");
        await Screenshot(page, $"admin-{width}");
        Assert.True((await nav.BoundingBoxAsync())!.Height <= 80, "The navigation wraps onto a second line.");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, "The page scrolls sideways.");
        var signOut = nav.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        if (await signOut.IsVisibleAsync())
            Assert.True((await signOut.BoundingBoxAsync())!.Height <= 40, "Sign out is squeezed onto two lines.");
        else
            await Assertions.Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToBeVisibleAsync();
    }

    private static async Task Screenshot(IPage page, string name, bool fullPage = false)
    {
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"width-{name}.png"), FullPage = fullPage });
    }
}
