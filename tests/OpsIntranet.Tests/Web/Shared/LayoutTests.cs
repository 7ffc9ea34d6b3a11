using System.Net;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Shared;

public class LayoutTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData(DemoUsers.UccSupervisor)]
    public async Task EveryPage_LinksAFaviconThatIsServed(string? email)
    {
        var client = email is null ? app.Factory.CreateBrowserLikeClient() : await app.Factory.SignedInClientAsync(email);
        var page = await client.GetDocumentAsync(email is null ? "/account/login" : "/");
        var href = page.QuerySelector("head link[rel=icon]")?.GetAttribute("href");
        Assert.False(string.IsNullOrEmpty(href), "The page names no icon, so the browser asks for /favicon.ico and logs a 404.");

        var icon = await app.Factory.CreateBrowserLikeClient().GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync());
    }
}
