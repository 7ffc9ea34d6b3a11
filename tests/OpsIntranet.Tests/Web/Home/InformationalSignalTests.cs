using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Home;

/// <summary>
/// Informational metrics (calls offered, accounts managed…) have no good or bad direction, so they never
/// raise a trend signal on the dashboard; a directional metric with the same history still does.
/// </summary>
public class InformationalSignalTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    /// <summary>24 months alternating 50 000 / 51 000 (limits 50 500 ± 2.66 × 1 000), then October 2026 at 90 000: far above the upper limit.</summary>
    private async Task<int> SpikeAsync(string code, decimal low, decimal high, decimal spike)
    {
        await using var db = app.Factory.CreateDbContext();
        var values = await db.MetricValues.Where(v => v.Submission!.Unit!.Code == "UCC" && v.MetricDefinition!.Code == code
                && v.Submission.Month >= TestClock.LastMonth.AddMonths(-24) && v.Submission.Month <= TestClock.LastMonth)
            .OrderBy(v => v.Submission!.Month).ToListAsync();
        Assert.Equal(25, values.Count);
        for (var i = 0; i < 24; i++) values[i].Value = i % 2 == 0 ? low : high;
        values[24].Value = spike;
        await db.SaveChangesAsync();
        return values[0].MetricDefinitionId;
    }

    [Fact]
    public async Task Dashboard_InformationalMetricOutsideItsLimits_RaisesNoSignal_ADirectionalOneDoes()
    {
        var callsOffered = await SpikeAsync("calls_offered", 50000m, 51000m, 90000m); // informational
        var asa = await SpikeAsync("asa", 50m, 51m, 90m);                            // lower is better: 90 s is for the worse
        var page = await (await app.Factory.SignedInClientAsync(DemoUsers.Leadership)).GetDocumentAsync("/dashboard?month=2026-10");
        var signals = page.QuerySelectorAll("[data-testid=signals] li").Select(li => (Metric: li.GetAttribute("data-metric"), Kind: li.GetAttribute("data-kind"))).ToList();
        Assert.DoesNotContain(signals, s => s.Metric == callsOffered.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(signals, s => s.Metric == asa.ToString(System.Globalization.CultureInfo.InvariantCulture) && s.Kind == "OutsideControlLimits");
    }
}
