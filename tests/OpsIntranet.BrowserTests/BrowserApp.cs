using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// The app on a real loopback port (Kestrel) over its own demo database, and Debian's Chromium
/// driven by Playwright. Playwright cannot download browsers here, so it is pointed at /usr/bin/chromium.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private OpsWebFactory? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public OpsWebFactory Factory => _factory!;

    public async Task InitializeAsync()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        _factory = new OpsWebFactory(cs);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OPS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public Task<IPage> SignedInPageAsync(string email) => SignedInPageAsync(email, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    /// <summary>A phone held upright: 390 × 844 CSS pixels, touch, the mobile viewport rules (the page's viewport meta applies).</summary>
    public Task<IPage> SignedInPhoneAsync(string email) =>
        SignedInPageAsync(email, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 });

    public async Task<IPage> SignedInPageAsync(string email, BrowserNewContextOptions options)
    {
        options.BaseURL = BaseUrl;
        options.AcceptDownloads = true;
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(OpsIntranet.Demo.DemoDataSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>axe-core on the page as it stands: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        Deque.AxeCore.Commons.AxeResult result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null)
        {
            var cs = _factory.ConnectionString;
            await _factory.DisposeAsync();
            await TestDatabases.DropAsync(cs);
        }
    }
}
