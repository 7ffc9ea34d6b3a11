using Microsoft.Playwright;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>A page that logs errors in the browser's console is broken somewhere a user cannot see.</summary>
public class ConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task CommonPages_LogNoConsoleErrors()
    {
        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => errors.Add($"{page.Url}: {e}");
        foreach (var url in new[] { "/", "/units", "/months", "/goals", "/initiatives", "/evaluations", "/people" })
        {
            await page.GotoAsync(url);
            // The icon is fetched after the load event; wait until the network is quiet so its failure would be seen.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        Assert.Empty(errors);
    }
}
