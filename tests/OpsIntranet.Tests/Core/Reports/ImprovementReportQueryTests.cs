using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Reports;

/// <summary>The report's figures on <see cref="SmallDepartment"/>, against values worked by hand (see its table).</summary>
public class ImprovementReportQueryTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private SmallDepartment dept = default!;

    public ImprovementReportQueryTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        dept = await SmallDepartment.BuildAsync(app.Data, clock);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<ImprovementReport?> LoadAsync(int userId, ReportPeriod period, params int[] units)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(userId);
        return await scope.ServiceProvider.GetRequiredService<ImprovementReportQuery>().LoadAsync(viewer, units, period);
    }

    [Fact]
    public async Task ManagersMonth_CountsChangesMoversAndLateUnits_AsWorkedByHand()
    {
        var report = (await LoadAsync(dept.Manager.Id, ReportPeriod.Month(SmallDepartment.October), dept.ContactCenter.Id, dept.WalkIn.Id))!;

        // October: service level and wait green, speed of answer amber, customers served informational.
        Assert.Equal(new StatusCounts(Green: 2, Amber: 1, Red: 0, None: 1), report.Summary.Current);
        // September: service level red, speed of answer and wait green.
        Assert.Equal(new StatusCounts(Green: 2, Amber: 0, Red: 1, None: 1), report.Summary.Previous);
        Assert.Equal("no change", report.Summary.ChangeText(MetricStatus.Green));
        Assert.Equal("+1", report.Summary.ChangeText(MetricStatus.Amber));
        Assert.Equal("−1", report.Summary.ChangeText(MetricStatus.Red));

        // Changes as a share of the target: speed of answer 11/60 = 18.3%, service level 12/80 = 15%, wait 0.5/10 = 5%.
        Assert.Equal(
            [("Average speed of answer", 11m, false, "Worsened and no longer meets target"),
             ("Service level", 12m, true, "Improved and now meets target"),
             ("Average wait", 0.5m, false, "Worsened but still meets target")],
            report.Summary.Movers.Select(m => (m.Metric.Name, m.Change, m.Better, m.Words)));
        Assert.Equal("+11 s", report.Summary.Movers[0].ChangeText);

        // The Contact Center sent October on 12 November, two days after the 10th; the Walk-In on the 5th.
        var late = Assert.Single(report.Summary.LateUnits);
        Assert.Equal("Contact Center", late.UnitName);
        Assert.Equal("October 2026: submitted Nov 12, 2026, 2 days after the due date (Nov 10)", Assert.Single(late.Months).Words);

        Assert.Equal(["Contact Center", "Walk-In"], report.Sections.Select(s => s.Unit.Name));
        Assert.Equal("Contact Center, Walk-In", report.UnitsLabel);
        Assert.DoesNotContain(report.Sections.SelectMany(s => s.Metrics), m => m.Name == "Billing accuracy");
        Assert.Empty(report.Signals); // three months are too few for any signal

        // Baseline August 72.0%, after the September start: October 82.0%, +10.0 points (+13.9%), target ≥ 80.0% met.
        var initiative = Assert.Single(report.Initiatives);
        Assert.Equal(("72.0% (1 mo.)", "82.0% (1 mo.)", "+10.0 pts (+13.9%)", "≥ 80.0%", true),
            (initiative.BaselineText, initiative.ResultText, initiative.ChangeText, initiative.TargetText, initiative.TargetMet));
        var goal = Assert.Single(report.Goals);
        Assert.True(goal.Attainment!.Met);
        var project = Assert.Single(report.Projects);
        Assert.Equal("Reached", Assert.Single(project.Milestones).StatusLabel);
    }

    [Fact]
    public async Task LeadershipAllUnits_AddsBilling_WhoseOctoberIsMissing()
    {
        var report = (await LoadAsync(dept.Leader.Id, ReportPeriod.Month(SmallDepartment.October), dept.ContactCenter.Id, dept.WalkIn.Id, dept.Billing.Id))!;

        Assert.Equal("All units (3)", report.UnitsLabel);
        Assert.Equal(new StatusCounts(2, 1, 0, 2), report.Summary.Current);
        Assert.Equal(new StatusCounts(2, 0, 2, 1), report.Summary.Previous);
        Assert.Equal(["Contact Center", "Billing"], report.Summary.LateUnits.Select(u => u.UnitName));
        Assert.Equal("October 2026: not submitted (due Nov 10, 2026)", report.Summary.LateUnits[1].Months.Single().Words);

        var figures = ImprovementReportFigures.From(report);
        Assert.Equal("October 2026", figures.Period);
        Assert.Equal(["Contact Center", "Billing"], figures.LateUnits);
        Assert.Equal("Contact Center — Average speed of answer: 55 s → 66 s (worsened and no longer meets target)", figures.TopMovers[0]);
    }

    [Fact]
    public async Task Quarter_AveragesItsApprovedMonths_AgainstTheYearsTarget()
    {
        // Q4 FY2026 (July–September): service level August 72, September 70 → 71.0%, red (below 75).
        var report = (await LoadAsync(dept.Manager.Id, ReportPeriod.Quarter(2026, 4), dept.ContactCenter.Id))!;
        var sl = report.Sections.Single().Metrics.Single(m => m.Name == "Service level");
        Assert.Equal((71.00m, 2, MetricStatus.Red), (sl.Value, sl.Months, sl.Status));
        Assert.Null(sl.PreviousValue); // nothing approved April–June
        Assert.Empty(report.Summary.Movers);
    }

    [Fact]
    public async Task OutOfScope_IsNotThere_ForAManagerOrASupervisor()
    {
        var october = ReportPeriod.Month(SmallDepartment.October);
        Assert.Null(await LoadAsync(dept.Manager.Id, october, dept.ContactCenter.Id, dept.Billing.Id));
        Assert.Null(await LoadAsync(dept.Manager.Id, october, 999_999));
        Assert.Null(await LoadAsync(dept.Manager.Id, october));
        Assert.Null(await LoadAsync(dept.Supervisor.Id, october, dept.ContactCenter.Id));
        Assert.NotNull(await LoadAsync(dept.BillingManager.Id, october, dept.Billing.Id));
    }
}
