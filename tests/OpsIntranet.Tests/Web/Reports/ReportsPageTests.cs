using System.Net;
using OpsIntranet.Tests.Core.Reports;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Reports;

/// <summary>The reports page over <see cref="SmallDepartment"/> (15 November 2026): who is offered what, the defaults, the messages, the PDF.</summary>
public class ReportsPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private SmallDepartment dept = default!;

    public ReportsPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        dept = await SmallDepartment.BuildAsync(app.Data, clock);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Manager_IsOfferedTheirUnitsAllChecked_AndTheLatestApprovedMonth()
    {
        var client = await app.Factory.SignedInClientAsync(dept.Manager);
        var page = await client.GetDocumentAsync("/reports");

        Assert.NotNull(page.QuerySelector("nav a[href='/reports']"));
        var boxes = page.QuerySelectorAll("input[name=Units]").ToList();
        Assert.Equal([dept.ContactCenter.Id.ToString(), dept.WalkIn.Id.ToString()], boxes.Select(b => b.GetAttribute("value")));
        Assert.All(boxes, b => Assert.True(b.HasAttribute("checked")));
        Assert.DoesNotContain("Billing", page.Body!.TextContent);
        Assert.True(page.QuerySelector("#Kind-Month")!.HasAttribute("checked"));
        Assert.Equal("2026-10", page.QuerySelector("#Month")!.GetAttribute("value"));
        // The latest quarter that has ended by October is July–September, Q4 of FY2026.
        Assert.Equal("FY2026-Q4", page.QuerySelector("#Quarter option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task OnTheFirstOfAMonth_BeforeLastMonthIsApproved_TheDefaultIsTheLatestApprovedMonth()
    {
        clock.SetDay(new DateOnly(2026, 12, 1));
        var client = await app.Factory.SignedInClientAsync(dept.Manager);
        var page = await client.GetDocumentAsync("/reports");
        Assert.Equal("2026-10", page.QuerySelector("#Month")!.GetAttribute("value"));
        Assert.Equal("2026-11", page.QuerySelector("#Month")!.GetAttribute("max"));
    }

    [Fact]
    public async Task Leadership_DownloadsThePdf_OfEveryUnit()
    {
        var client = await app.Factory.SignedInClientAsync(dept.Leader);
        var response = await client.GetAsync($"/reports?handler=Pdf&Kind=Month&Month=2026-10&Units={dept.ContactCenter.Id}&Units={dept.WalkIn.Id}&Units={dept.Billing.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("continuous-improvement-2026-10-all-units.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var text = PdfText.Read(await response.Content.ReadAsByteArrayAsync()).All;
        Assert.Contains("All units (3)", text);
        Assert.Contains("Billing", text);
    }

    [Fact]
    public async Task Manager_Preview_ShowsTheReportAsHtml_WithOnlyTheirUnits()
    {
        var client = await app.Factory.SignedInClientAsync(dept.Manager);
        var page = await client.GetDocumentAsync($"/reports?handler=Preview&Kind=FiscalYearToDate&Through=2026-10&Units={dept.ContactCenter.Id}");

        Assert.Equal("Continuous-Improvement Report — FY2027 through October 2026", page.Title);
        Assert.Contains("Contact Center", page.Body!.TextContent);
        Assert.DoesNotContain("Walk-In", page.QuerySelector(".doc-header")!.TextContent);
        Assert.DoesNotContain("Billing", page.Body.TextContent);
    }

    [Theory]
    [InlineData("Kind=Month&Month=2026-10", "Units", "Choose at least one unit.")]
    [InlineData("Kind=Month&Month=2026-10&Units={billing}", "Units", "Choose units from the list.")]
    [InlineData("Kind=Month&Month=2026-10&Units={cc}&Units={billing}", "Units", "Choose units from the list.")]
    [InlineData("Kind=Month&Month=2026-10&Units=abc", "Units", "Choose units from the list.")]
    [InlineData("Kind=Month&Month=2026-11&Units={cc}", "Month", "November 2026 has not ended yet; choose October 2026 or earlier.")]
    [InlineData("Kind=Month&Month=2026-13&Units={cc}", "Month", "Enter a month as yyyy-mm, for example 2026-10.")]
    [InlineData("Kind=Quarter&Quarter=FY2027-Q1&Units={cc}", "Quarter", "Q1 FY2027 has not ended yet; choose an earlier quarter, or the fiscal year to date.")]
    [InlineData("Kind=Quarter&Quarter=FY2027-Q9&Units={cc}", "Quarter", "Choose a quarter from the list.")]
    [InlineData("Kind=FiscalYearToDate&Through=2027-01&Units={cc}", "Through", "January 2027 has not ended yet; choose October 2026 or earlier.")]
    [InlineData("Kind=Year&Units={cc}", "Kind", "Choose a month, a quarter or the fiscal year to date.")]
    public async Task BadInput_IsRefusedWithAMessageNextToItsField_AndNoDocument(string query, string field, string message)
    {
        var client = await app.Factory.SignedInClientAsync(dept.Manager);
        query = query.Replace("{cc}", dept.ContactCenter.Id.ToString()).Replace("{billing}", dept.Billing.Id.ToString());
        foreach (var handler in new[] { "Pdf", "Preview" })
        {
            var response = await client.GetAsync($"/reports?handler={handler}&{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            var page = await response.ParseAsync();
            Assert.Equal(message, page.QuerySelector($"#{field}-error")!.TextContent.Trim());
            Assert.NotNull(page.QuerySelector("#form-error"));
            // Nothing about another unit is printed back, and no report was made.
            Assert.DoesNotContain("Billing", page.Body!.TextContent);
            Assert.Null(page.QuerySelector(".doc-header"));
        }
    }

    [Fact]
    public async Task Supervisor_IsNotOfferedTheReport()
    {
        var client = await app.Factory.SignedInClientAsync(dept.Supervisor);
        Assert.Null((await client.GetDocumentAsync("/")).QuerySelector("nav a[href='/reports']"));
        foreach (var url in new[] { "/reports", $"/reports?handler=Pdf&Kind=Month&Month=2026-10&Units={dept.ContactCenter.Id}", $"/reports?handler=Preview&Kind=Month&Month=2026-10&Units={dept.ContactCenter.Id}" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }
}
