using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Web.Reports.Subscriptions;

/// <summary>The subscription pages as a manager uses them: add one through the form, see it in the list with its next runs, and bad input shown next to its field.</summary>
public class SubscriptionPagesTests : SubscriptionTestBase
{
    private static (string, string)[] Form(int unitId, string addresses) =>
    [
        ("Input.Name", "Walk-in monthly report"), ("Input.ReportKind", "improvement-report"), ("Input.UnitIds", unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Input.ScheduleKind", "MonthlyOnBusinessDay"), ("Input.BusinessDay", "2"), ("Input.TimeOfDay", "07:30"),
        ("Input.Addresses", addresses), ("Input.Subject", "Walk-in report"),
    ];

    [Fact]
    public async Task Add_ThroughTheForm_ListsItWithTheScheduleInWordsAndTheNextThreeRuns()
    {
        var w = await BuildWorldAsync();
        var client = await App.SignedInClientAsync(w.Manager);
        var page = await client.GetDocumentAsync("/reports/subscriptions");
        Assert.NotNull(page.QuerySelector("a#add-subscription[href='/reports/subscriptions/new']"));

        var form = await client.GetDocumentAsync("/reports/subscriptions/new");
        var response = await client.PostFormAsync("/reports/subscriptions/new", form.FormWith("Input.Name").Fields(Form(w.Unit.Id, "pat.odum@cityutility.example")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reports/subscriptions", response.Headers.Location!.ToString());

        await using var db = App.CreateDbContext();
        var id = await db.ReportSubscriptions.Select(s => s.Id).SingleAsync();
        var list = await client.GetDocumentAsync("/reports/subscriptions");
        var row = list.QuerySelector($"tr[data-subscription='{id}']")!;
        Assert.Equal($"/reports/subscriptions/{id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("2nd business day of the month at 07:30 Eastern", row.TextContent);
        Assert.Contains("Walk-In Unit", row.TextContent);
        // Test clock: 15 November 2026; no City holidays kept here. The 2nd business days: Wed 2 Dec (after Tue 1 Dec), Mon 4 Jan (after Fri 1 Jan), Tue 2 Feb.
        Assert.Equal(["Wed 2 Dec 2026, 07:30", "Mon 4 Jan 2027, 07:30", "Tue 2 Feb 2027, 07:30"], row.QuerySelectorAll(".next-runs li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task Add_WithABadAddress_NamesIt_AndSavesNothing()
    {
        var w = await BuildWorldAsync();
        var client = await App.SignedInClientAsync(w.Manager);
        var form = await client.GetDocumentAsync("/reports/subscriptions/new");
        var response = await client.PostFormAsync("/reports/subscriptions/new", form.FormWith("Input.Name").Fields(Form(w.Unit.Id, "pat.odum@cityutility.example\npat.odum at city")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.StartsWith("\"pat.odum at city\" is not an e-mail address.", page.Text("#Addresses-error"));
        // What was typed is kept.
        Assert.Equal("Walk-in monthly report", page.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));
        await using var db = App.CreateDbContext();
        Assert.False(await db.ReportSubscriptions.AnyAsync());
    }

    [Fact]
    public async Task Supervisor_FindsNoSubscriptionPages()
    {
        var w = await BuildWorldAsync();
        var client = await App.SignedInClientAsync(w.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/reports/subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/reports/subscriptions/new")).StatusCode);
    }
}
