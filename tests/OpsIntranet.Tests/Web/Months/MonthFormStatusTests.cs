using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// The status beside each value of the monthly form says what the server would: the script that
/// recolours it as one types gets the metric's checks from the row, and a page shown again after a
/// refused save judges the values that were posted, not the stored ones. Training's October is not
/// started in the demo; course completion is a percentage with one decimal, target ≥ 95, tolerance 2.
/// </summary>
public class MonthFormStatusTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Supervisor = "hannah.lindqvist@cityutility.example";

    private async Task<MonthFormClient> FormAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        var unit = await db.Units.Where(u => u.Code == "TRN").Select(u => u.Id).SingleAsync();
        return new MonthFormClient(await app.Factory.SignedInClientAsync(Supervisor), unit, "2026-10");
    }

    [Fact]
    public async Task Rows_CarryTheChecksTheLiveStatusApplies()
    {
        await using (var db = app.Factory.CreateDbContext())
        {
            var hours = await db.MetricDefinitions.SingleAsync(m => m.Unit!.Code == "TRN" && m.Code == "training_hours");
            hours.MinValue = 10m;
            hours.MaxValue = 5000m;
            await db.SaveChangesAsync();
        }
        var page = await (await FormAsync()).GetAsync();
        var completion = page.QuerySelector("tr[data-metric=completion]")!;
        Assert.Equal("Percent", completion.GetAttribute("data-unit"));
        Assert.Equal("1", completion.GetAttribute("data-decimals"));
        var training = page.QuerySelector("tr[data-metric=training_hours]")!;
        Assert.Equal("10", training.GetAttribute("data-min"));
        Assert.Equal("5000", training.GetAttribute("data-max"));
        Assert.Equal("0", training.GetAttribute("data-decimals"));
        Assert.Equal("Count", page.QuerySelector("tr[data-metric=onboarded]")!.GetAttribute("data-unit"));
    }

    [Fact]
    public async Task RefusedSave_ShowsTheStatusOfThePostedValues()
    {
        var form = await FormAsync();
        var response = await form.PostAsync("Submit", new Dictionary<string, string>
        {
            ["training_hours"] = "1250", ["onboarded"] = "8",
            ["completion"] = "80.0",    // valid, red, no explanation: the reason the submission is refused
            ["assessment"] = "101",     // over 100
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        var completion = page.QuerySelector("tr[data-metric=completion] .live-status .badge")!;
        Assert.Equal("red", completion.GetAttribute("data-status"));
        Assert.Equal("Off target", completion.TextContent.Trim());
        var assessment = page.QuerySelector("tr[data-metric=assessment] .live-status .badge")!;
        Assert.Equal("invalid", assessment.GetAttribute("data-status"));
        Assert.Equal("Invalid value", assessment.TextContent.Trim());
        Assert.Equal("Informational", page.QuerySelector("tr[data-metric=onboarded] .live-status .badge")!.TextContent.Trim());
    }
}
