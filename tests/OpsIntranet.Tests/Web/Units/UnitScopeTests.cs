using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Units;

/// <summary>Unit pages and PDFs are scoped: outside the caller's units they answer 404, like a unit that does not exist.</summary>
public class UnitScopeTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<int> UnitIdAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/pdf")]
    public async Task Supervisor_AnotherUnit_Gets404(string suffix)
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var billing = await UnitIdAsync("UBCP");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/units/{billing}{suffix}")).StatusCode);
    }

    [Fact]
    public async Task Supervisor_MissingUnit_Gets404LikeAnOutOfScopeOne()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/units/999999")).StatusCode);
    }

    [Fact]
    public async Task Supervisor_OwnUnit_PageAndPdf()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var ucc = await UnitIdAsync("UCC");
        var page = await client.GetDocumentAsync($"/units/{ucc}");
        Assert.Equal("Utility Contact Center", page.QuerySelector("h1")!.TextContent.Trim());
        var pdf = await client.GetAsync($"/units/{ucc}/pdf?month=2026-10");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("UCC-scorecard-2026-10.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar ?? pdf.Content.Headers.ContentDisposition.FileName);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4));
    }

    [Fact]
    public async Task Supervisor_UnitsList_ShowsOnlyOwnUnit()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var list = await client.GetDocumentAsync("/units");
        Assert.Equal(["Utility Contact Center"], list.QuerySelectorAll("tbody a").Select(a => a.TextContent).ToArray());
    }

    [Fact]
    public async Task Manager_UnitOfTheOtherManager_Gets404()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/units/{await UnitIdAsync("CC")}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/units/{await UnitIdAsync("QA")}")).StatusCode);
    }

    [Fact]
    public async Task Leadership_SeesEveryUnit()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var list = await client.GetDocumentAsync("/units");
        Assert.Equal(9, list.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/units/{await UnitIdAsync("CC")}")).StatusCode);
    }

    [Fact]
    public async Task UnitPage_BadMonth_SaysSoAndShowsTheLatest()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync($"/units/{await UnitIdAsync("UCC")}?month=2026-99");
        Assert.Contains("is not a month", page.QuerySelector(".alert-warning")!.TextContent);
        Assert.Contains("October 2026", page.QuerySelector("h1 + div")!.TextContent);
    }
}
