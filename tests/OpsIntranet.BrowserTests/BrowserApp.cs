using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// The app on a real loopback port (Kestrel) over its own demo database, and Debian's Chromium
/// driven by Playwright. Playwright cannot download browsers here, so it is pointed at /usr/bin/chromium.
/// A journey that needs more of the app (a mail server, a job server) derives from it and adds its settings.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    private OpsWebFactory? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public OpsWebFactory Factory => _factory!;

    /// <summary>Settings added to the app's (e.g. its mail server, a job server in the app).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Work on the new demo database before the app starts on it.</summary>
    protected virtual Task PrepareDatabaseAsync(string connectionString) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        await PrepareDatabaseAsync(cs);
        // A free port of the system's choosing: UseKestrel(0) alone still listened on Kestrel's default 5000,
        // which the run command's app (or a second test run) may hold.
        _factory = new OpsWebFactory(cs, settings: new Dictionary<string, string?>(Settings) { ["urls"] = "http://127.0.0.1:0" });
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        Assertions.SetDefaultExpectTimeout(60_000);
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

    /// <summary>
    /// Playwright's defaults (30 s for a navigation, 5 s for an expectation) race the machine: on two busy cores a
    /// sign-in and a cold home page can take longer. Every wait here is for something that will happen, so it may be long.
    /// </summary>
    public static void WaitGenerously(IBrowserContext context)
    {
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
    }

    public async Task<IPage> SignedInPageAsync(string email, BrowserNewContextOptions options)
    {
        options.BaseURL = BaseUrl;
        options.AcceptDownloads = true;
        var context = await Browser.NewContextAsync(options);
        WaitGenerously(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(OpsIntranet.Demo.DemoDataSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        // Signed in means the home page's address and the "Sign out" button, both polled. Not WaitForURLAsync:
        // it then waits for the document's "load" lifecycle event, and with Debian's Chromium (newer than the one
        // this Playwright was built against) that event was now and then never reported after the sign-in redirect,
        // so the wait hung for its whole timeout on a page that had long finished (its log: "NetworkIdle event fired").
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/");
            // Attached, not visible: on a narrow screen it is folded behind the menu button.
            await Assertions.Expect(page.Locator("form[action='/account/logout'] button")).ToBeAttachedAsync();
        }
        catch (PlaywrightException e)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 }).ConfigureAwait(false);
            throw new InvalidOperationException($"Signing in as {email} did not reach the home page: at {page.Url}, showing:\n{text[..Math.Min(text.Length, 1500)]}", e);
        }
        return page;
    }

    /// <summary>
    /// axe-core on the page as it stands: no serious or critical violation. The page must first be the
    /// one asked for: its document answered 200 (or the status the caller expects, e.g. 422 for a form
    /// shown again with its errors), so an accessible 404 or 500 page cannot pass for it.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, int expectedStatus = 200)
    {
        // The status of the response this document came from, however it was reached (address, link, form).
        var status = await page.EvaluateAsync<int>("() => performance.getEntriesByType('navigation')[0].responseStatus");
        Assert.True(status == expectedStatus, $"{page.Url} answered {status}, not {expectedStatus}.");
        Deque.AxeCore.Commons.AxeResult result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>
    /// An address with its records named rather than numbered: "{initiative:Title}", "{project:Name}" and
    /// "{unit:Name}" become the ids the demo data gave them, so a test never depends on insertion order.
    /// </summary>
    public async Task<string> PathAsync(string template)
    {
        await using var db = Factory.CreateDbContext();
        var path = template;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(template, @"\{(initiative|project|unit):([^}]+)\}"))
        {
            var name = m.Groups[2].Value;
            var id = m.Groups[1].Value switch
            {
                "initiative" => db.Initiatives.Where(i => i.Title == name).Select(i => i.Id).Single(),
                "project" => db.SpecialProjects.Where(p => p.Name == name).Select(p => p.Id).Single(),
                _ => db.Units.Where(u => u.Name == name).Select(u => u.Id).Single(),
            };
            path = path.Replace(m.Value, id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return path;
    }

    public virtual async Task DisposeAsync()
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
