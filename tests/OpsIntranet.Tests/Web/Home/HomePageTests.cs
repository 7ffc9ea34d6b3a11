using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Home;

/// <summary>
/// The home page shows what is in the database, coloured by the status rules. Each test builds its
/// own small department in its own database, so the figures asserted are the ones the test entered.
/// </summary>
public class HomePageTests : IAsyncLifetime
{
    private static readonly DateOnly October = new(2026, 10, 1); // FY2027, the last month ended by the test clock
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>Two contact centers under one manager, a billing office under another, a deputy director over both.</summary>
    private sealed record Department(
        BuiltUnit North, BuiltUnit South, BuiltUnit Billing,
        BuiltMetric ServiceLevel, BuiltMetric Asa, BuiltMetric Abandonment, BuiltMetric SouthServiceLevel, BuiltMetric OnTimeBills,
        BuiltUser Leader, BuiltUser ManagerA, BuiltUser ManagerB, BuiltUser NorthSupervisor, BuiltUser SouthSupervisor, BuiltUser BillingSupervisor);

    private async Task<Department> DepartmentAsync()
    {
        var data = app.Data;
        var north = await data.Unit("NCC").Named("North Contact Center").BuildAsync();
        var south = await data.Unit("SCC").Named("South Contact Center").BuildAsync();
        var billing = await data.Unit("BIL").Named("Billing Office").BuildAsync();
        var serviceLevel = await data.Metric(north, "service_level").Named("Service level").Percent().Key().Target(2027, 80, 3).BuildAsync();
        var asa = await data.Metric(north, "asa").Named("Average speed of answer").Measured(UnitOfMeasure.Seconds, 0).LowerIsBetter().Key().Target(2027, 60, 10).BuildAsync();
        var abandonment = await data.Metric(north, "abandonment_rate").Named("Abandonment rate").Percent().LowerIsBetter().Key().Target(2027, 5).BuildAsync();
        var southServiceLevel = await data.Metric(south, "service_level").Named("Service level").Percent().Key().Target(2027, 80, 3).BuildAsync();
        var onTimeBills = await data.Metric(billing, "on_time_bills").Named("Bills issued on time").Percent().Key().Target(2027, 98, 1).BuildAsync();

        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var managerA = await data.User("Ana", "Lima").ManagerOf(north, south).ReportsTo(leader).BuildAsync();
        var managerB = await data.User("Ben", "Carter").ManagerOf(billing).ReportsTo(leader).BuildAsync();
        var northSupervisor = await data.User("Nia", "Grant").SupervisorOf(north).ReportsTo(managerA).BuildAsync();
        var southSupervisor = await data.User("Sam", "Ortiz").SupervisorOf(south).ReportsTo(managerA).BuildAsync();
        var billingSupervisor = await data.User("Bea", "Novak").SupervisorOf(billing).ReportsTo(managerB).BuildAsync();
        return new Department(north, south, billing, serviceLevel, asa, abandonment, southServiceLevel, onTimeBills,
            leader, managerA, managerB, northSupervisor, southSupervisor, billingSupervisor);
    }

    /// <summary>October as the department left it: North approved, South submitted and waiting, Billing still a draft.</summary>
    private async Task OctoberAsync(Department d, decimal serviceLevel = 85.0m, decimal asa = 45, decimal abandonment = 3.0m)
    {
        await app.Data.Month(d.North, October).Value(d.ServiceLevel, serviceLevel, "Two agents out sick most of the month.").Value(d.Asa, asa, "Queue built up at lunch.")
            .Value(d.Abandonment, abandonment, "Callers gave up during the outage.").EnteredBy(d.NorthSupervisor).Approved(by: d.ManagerA).BuildAsync();
        await app.Data.Month(d.South, October).Value(d.SouthServiceLevel, 82.0m).EnteredBy(d.SouthSupervisor).Submitted().BuildAsync();
        await app.Data.Month(d.Billing, October).Value(d.OnTimeBills, 99.1m).EnteredBy(d.BillingSupervisor).Draft().BuildAsync();
    }

    [Theory]
    [InlineData("service_level", 70.0, "70.0%", "red")]     // target ≥ 80, tolerance 3
    [InlineData("asa", 64, "64 s", "amber")]                // target ≤ 60, tolerance 10
    [InlineData("abandonment_rate", 2.5, "2.5%", "green")]  // target ≤ 5
    public async Task Home_Leadership_ShowsDatabaseValuesWithTheirStatus(string metric, double value, string text, string status)
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d,
            serviceLevel: metric == "service_level" ? (decimal)value : 85.0m,
            asa: metric == "asa" ? (decimal)value : 45,
            abandonment: metric == "abandonment_rate" ? (decimal)value : 3.0m);
        var client = await app.Factory.SignedInClientAsync(d.Leader);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var card = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("North Contact Center"));
        var row = card.QuerySelector($"tr[data-metric='{metric}']")!;
        Assert.Equal(text, row.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal(status, row.QuerySelector(".badge")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Home_Leadership_ShowsEveryUnitAndOnlyApprovedValues()
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d);
        var client = await app.Factory.SignedInClientAsync(d.Leader);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        Assert.Equal(["North Contact Center", "South Contact Center", "Billing Office"], page.QuerySelectorAll("section.unit-card h2").Select(h => h.TextContent.Trim()));
        // South's October is submitted, not approved: no values, and it says why.
        var south = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("South"));
        Assert.Contains("Awaiting approval", south.TextContent);
        Assert.All(south.QuerySelectorAll("tbody tr"), r => Assert.Equal("—", r.QuerySelectorAll("td")[1].TextContent.Trim()));
        var north = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("North"));
        Assert.Equal("85.0%", north.QuerySelector("tr[data-metric='service_level']")!.QuerySelectorAll("td")[1].TextContent.Trim());
    }

    [Fact]
    public async Task Home_Manager_SeesOnlyTheirUnitsAndPendingApprovals()
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d);
        var client = await app.Factory.SignedInClientAsync(d.ManagerA);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var units = page.QuerySelectorAll("section.unit-card h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["North Contact Center", "South Contact Center"], units);
        // South's submitted month waits for this manager; Billing's draft is neither theirs nor submitted.
        Assert.Contains("1 monthly submission is waiting for your approval", page.QuerySelector(".alert-info")!.TextContent);
    }

    [Fact]
    public async Task Home_Supervisor_SeesTheirUnitInFull()
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d);
        // An approved evaluation waits for the supervisor's acknowledgement, and says so on their home page.
        await app.Data.Evaluation(d.NorthSupervisor.Employee, evaluator: d.ManagerA, reviewer: d.Leader).AtStep(EvaluationStep.Approved).BuildAsync();
        var client = await app.Factory.SignedInClientAsync(d.NorthSupervisor);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        Assert.Equal("Your unit", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("North Contact Center", page.QuerySelector("main h2[id^=own-]")!.TextContent.Trim());
        Assert.Contains("Read and acknowledge your evaluation", page.QuerySelector("#waiting")!.TextContent);
        Assert.Equal(["service_level", "asa", "abandonment_rate"], page.QuerySelectorAll("tr[data-metric]").Select(r => r.GetAttribute("data-metric")));
        Assert.Empty(page.QuerySelectorAll("section.unit-card"));
    }

    [Fact]
    public async Task Home_HtmlInAUnitName_IsShownAsText()
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d);
        var odd = await app.Data.Unit("TRN").Named("Training <script>alert(1)</script> Unit").BuildAsync();
        await app.Data.Metric(odd, "sessions").Key().BuildAsync();
        var client = await app.Factory.SignedInClientAsync(d.Leader);
        var html = await (await client.GetAsync("/?month=2026-10")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("Training &lt;script&gt;alert(1)&lt;/script&gt; Unit", html);
    }

    [Fact]
    public async Task Home_ShowsATrendSignal_WhenAMetricWorsensThreeMonthsRunning()
    {
        var d = await DepartmentAsync();
        await OctoberAsync(d);
        // A QA unit's average score: 93.0 → 92.5 → 92.0 → 91.5 from July to October (still green, but falling).
        var qa = await app.Data.Unit("QA").Named("Quality Assurance").BuildAsync();
        var avgQa = await app.Data.Metric(qa, "avg_qa").Named("Average QA score").Percent().Key().Target(2026, 90, 2).Target(2027, 90, 2).BuildAsync();
        var qaManager = await app.Data.User("Rosa", "Brandt").ManagerOf(qa).ReportsTo(d.Leader).BuildAsync();
        var qaSupervisor = await app.Data.User("Quinn", "Adler").SupervisorOf(qa).ReportsTo(qaManager).BuildAsync();
        for (var i = 0; i < 4; i++)
            await app.Data.Month(qa, new DateOnly(2026, 7, 1).AddMonths(i)).Value(avgQa, 93.0m - 0.5m * i).EnteredBy(qaSupervisor).Approved(by: qaManager).BuildAsync();
        var client = await app.Factory.SignedInClientAsync(d.Leader);
        var page = await client.GetDocumentAsync("/dashboard?month=2026-10");
        var signals = page.QuerySelectorAll("[data-testid=signals] li").Select(li => (li.GetAttribute("data-kind"), li.TextContent)).ToList();
        Assert.Contains(signals, s => s.Item1 == "ThreeMonthsWorse" && s.TextContent.Contains("Average QA score", StringComparison.Ordinal));
    }
}
