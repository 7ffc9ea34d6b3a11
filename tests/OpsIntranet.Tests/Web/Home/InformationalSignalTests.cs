using System.Globalization;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Home;

/// <summary>
/// Informational metrics (calls offered, accounts managed…) have no good or bad direction, so they never
/// raise a trend signal on the dashboard; a directional metric with the same history still does.
/// </summary>
public class InformationalSignalTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Dashboard_InformationalMetricOutsideItsLimits_RaisesNoSignal_ADirectionalOneDoes()
    {
        var data = app.Data;
        var unit = await data.Unit("CCC").Named("City Contact Center").BuildAsync();
        var callsOffered = await data.Metric(unit, "calls_offered").Named("Calls offered").Count().Informational().Key().BuildAsync();
        var asa = await data.Metric(unit, "asa").Named("Average speed of answer").Measured(UnitOfMeasure.Seconds, 0).LowerIsBetter().Key()
            .Target(2025, 60, 10).Target(2026, 60, 10).Target(2027, 60, 10).BuildAsync();
        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var manager = await data.User("Ana", "Lima").ManagerOf(unit).ReportsTo(leader).BuildAsync();
        var supervisor = await data.User("Nia", "Grant").SupervisorOf(unit).ReportsTo(manager).BuildAsync();

        // 24 approved months alternating 50 000 / 51 000 calls and 50 / 51 s (limits 50 500 ± 2.66 × 1 000 and 50.5 ± 2.66 × 1),
        // then October 2026 at 90 000 calls and 90 s: both far above their upper limits; only the wait is for the worse.
        var first = TestClock.LastMonth.AddMonths(-24);
        for (var i = 0; i < 25; i++)
        {
            var spike = i == 24;
            await data.Month(unit, first.AddMonths(i))
                .Value(callsOffered, spike ? 90000m : i % 2 == 0 ? 50000m : 51000m)
                .Value(asa, spike ? 90m : i % 2 == 0 ? 50m : 51m, spike ? "Phone system outage for a week." : null)
                .EnteredBy(supervisor).Approved(by: manager).BuildAsync();
        }

        var page = await (await app.Factory.SignedInClientAsync(leader)).GetDocumentAsync("/dashboard?month=2026-10");
        var signals = page.QuerySelectorAll("[data-testid=signals] li").Select(li => (Metric: li.GetAttribute("data-metric"), Kind: li.GetAttribute("data-kind"))).ToList();
        Assert.DoesNotContain(signals, s => s.Metric == callsOffered.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(signals, s => s.Metric == asa.Id.ToString(CultureInfo.InvariantCulture) && s.Kind == "OutsideControlLimits");
    }
}
