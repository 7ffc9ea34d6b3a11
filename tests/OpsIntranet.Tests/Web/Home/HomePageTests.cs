using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Home;

/// <summary>The home page shows what is in the database, coloured by the status rules.</summary>
public class HomePageTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    /// <summary>Sets an approved October value of a unit's metric, as if the month had been entered so.</summary>
    private async Task SetValueAsync(string unitCode, string metricCode, decimal value)
    {
        await using var db = app.Factory.CreateDbContext();
        var row = await db.MetricValues.SingleAsync(v => v.Submission!.Unit!.Code == unitCode && v.Submission.Month == TestClock.LastMonth && v.MetricDefinition!.Code == metricCode);
        row.Value = value;
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData("service_level", 70.0, "70.0%", "red")]     // target ≥ 80, tolerance 3
    [InlineData("asa", 64, "64 s", "amber")]                // target ≤ 60, tolerance 10
    [InlineData("abandonment_rate", 2.5, "2.5%", "green")]  // target ≤ 5
    public async Task Home_Leadership_ShowsDatabaseValuesWithTheirStatus(string metric, double value, string text, string status)
    {
        await SetValueAsync("UCC", metric, (decimal)value);
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var card = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("Utility Contact Center"));
        var row = card.QuerySelector($"tr[data-metric='{metric}']")!;
        Assert.Equal(text, row.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal(status, row.QuerySelector(".badge")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Home_Leadership_ShowsEveryUnitAndOnlyApprovedValues()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        Assert.Equal(9, page.QuerySelectorAll("section.unit-card").Length);
        // The Transportation Contact Center's October is submitted, not approved: no values, and it says why.
        var tcc = page.QuerySelectorAll("section.unit-card").Single(c => c.QuerySelector("h2")!.TextContent.Contains("Transportation"));
        Assert.Contains("Awaiting approval", tcc.TextContent);
        Assert.All(tcc.QuerySelectorAll("tbody tr"), r => Assert.Equal("—", r.QuerySelectorAll("td")[1].TextContent.Trim()));
    }

    [Fact]
    public async Task Home_Manager_SeesOnlyTheirUnitsAndPendingApprovals()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        var units = page.QuerySelectorAll("section.unit-card h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Commercial Utility Services", "Credit and Collections", "Utility Billing and Customer Programs", "Energy Services"], units);
        Assert.Contains("1 monthly submission is waiting for your approval", page.QuerySelector(".alert-info")!.TextContent);
    }

    [Fact]
    public async Task Home_Supervisor_SeesTheirUnitInFull()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var page = await client.GetDocumentAsync("/?month=2026-10");
        Assert.Equal("Your unit", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Utility Contact Center", page.QuerySelector("main h2[id^=own-]")!.TextContent.Trim());
        // The demo's approved evaluation of Dana waits for her acknowledgement, and says so on her home page.
        Assert.Contains("Read and acknowledge your evaluation", page.QuerySelector("#waiting")!.TextContent);
        await using var db = app.Factory.CreateDbContext();
        var metrics = await db.MetricDefinitions.CountAsync(m => m.Unit!.Code == "UCC" && m.IsActive);
        Assert.Equal(metrics, page.QuerySelectorAll("tr[data-metric]").Length);
        Assert.Empty(page.QuerySelectorAll("section.unit-card"));
    }

    [Fact]
    public async Task Home_HtmlInAUnitName_IsShownAsText()
    {
        await using (var db = app.Factory.CreateDbContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "TRN");
            unit.Name = "Training <script>alert(1)</script> Unit";
            await db.SaveChangesAsync();
        }
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var html = await (await client.GetAsync("/?month=2026-10")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("Training &lt;script&gt;alert(1)&lt;/script&gt; Unit", html);
    }

    [Fact]
    public async Task Home_ShowsATrendSignal_WhenAMetricWorsensThreeMonthsRunning()
    {
        // QA's average score: 93.0 → 92.5 → 92.0 → 91.5 from July to October (still green, but falling).
        await using (var db = app.Factory.CreateDbContext())
        {
            var values = await db.MetricValues.Where(v => v.Submission!.Unit!.Code == "QA" && v.MetricDefinition!.Code == "avg_qa"
                && v.Submission.Month >= new DateOnly(2026, 7, 1) && v.Submission.Month <= TestClock.LastMonth)
                .OrderBy(v => v.Submission!.Month).ToListAsync();
            Assert.Equal(4, values.Count);
            for (var i = 0; i < 4; i++) values[i].Value = 93.0m - 0.5m * i;
            await db.SaveChangesAsync();
        }
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/dashboard?month=2026-10");
        var signals = page.QuerySelectorAll("[data-testid=signals] li").Select(li => (li.GetAttribute("data-kind"), li.TextContent)).ToList();
        Assert.Contains(signals, s => s.Item1 == "ThreeMonthsWorse" && s.TextContent.Contains("Average QA score", StringComparison.Ordinal));
    }
}
