using System.Net;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// The status beside each value of the monthly form says what the server would: the script that
/// recolours it as one types gets the metric's checks from the row, and a page shown again after a
/// refused save judges the values that were posted, not the stored ones. Each test builds a training
/// unit whose October is not started; course completion is a percentage with one decimal, target ≥ 95,
/// tolerance 2.
/// </summary>
public class MonthFormStatusTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<MonthFormClient> FormAsync()
    {
        var data = app.Data;
        var unit = await data.Unit("TRN").Named("Training").BuildAsync();
        await data.Metric(unit, "training_hours").Named("Training hours delivered").Measured(UnitOfMeasure.Hours, 0).Informational().Range(10, 5000).BuildAsync();
        await data.Metric(unit, "onboarded").Named("New hires completing onboarding").Count().Informational().BuildAsync();
        await data.Metric(unit, "completion").Named("Course completion").Percent().Key().Target(2027, 95, 2).BuildAsync();
        await data.Metric(unit, "assessment").Named("Post-training assessment score").Percent().Key().Target(2027, 85, 3).BuildAsync();
        var supervisor = await data.User("Hana", "Lind").SupervisorOf(unit).BuildAsync();
        return new MonthFormClient(await app.Factory.SignedInClientAsync(supervisor), unit.Id, "2026-10");
    }

    [Fact]
    public async Task Rows_CarryTheChecksTheLiveStatusApplies()
    {
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
