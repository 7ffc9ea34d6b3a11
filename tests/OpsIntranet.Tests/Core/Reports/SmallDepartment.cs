using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Reports;

/// <summary>
/// A three-unit department built for the report's tests, on an app whose clock the arrangement moves to
/// the days months were submitted. The figures the tests expect are worked by hand from these values:
///
///   unit            metric (target, tolerance)                Aug 2026   Sep 2026       Oct 2026
///   Contact Center  Service level % (≥ 80, 5), key            72 (red)   70 (red)       82 (green)
///                   Average speed of answer s (≤ 60, 10), key 50         55 (green)     66 (amber)
///   Walk-In         Average wait min (≤ 10, 2), key           —          9.0 (green)    9.5 (green)
///                   Customers served (informational)          —          1,000          1,200
///   Billing         Billing accuracy % (≥ 99.8, 0.1), key     —          99.5 (red)     not submitted
///
/// September is submitted on 5 October (on time). October: the Contact Center submits on 12 November,
/// two days after the 10th; the Walk-In on 5 November. The clock is left at 15 November 2026.
/// Mae Ross manages the Contact Center and the Walk-In; Bo Lind manages Billing; Ruth Okafor is leadership.
/// </summary>
public sealed class SmallDepartment
{
    public static readonly DateOnly August = new(2026, 8, 1), September = new(2026, 9, 1), October = new(2026, 10, 1);

    public required BuiltUnit ContactCenter { get; init; }
    public required BuiltUnit WalkIn { get; init; }
    public required BuiltUnit Billing { get; init; }
    public required BuiltUser Manager { get; init; }
    public required BuiltUser BillingManager { get; init; }
    public required BuiltUser Leader { get; init; }
    public required BuiltUser Supervisor { get; init; }
    public required BuiltMetric ServiceLevel { get; init; }

    public static async Task<SmallDepartment> BuildAsync(TestData data, MovableClock clock, string? hostile = null)
    {
        clock.SetDay(new DateOnly(2026, 9, 5));
        var cc = await data.Unit("CC").Named("Contact Center").BuildAsync();
        var wi = await data.Unit("WI").Named("Walk-In").BuildAsync();
        var bil = await data.Unit("BIL").Named("Billing").BuildAsync();
        var sl = await data.Metric(cc, "service_level").Named("Service level").Percent(1).HigherIsBetter().Key().Target(2026, 80, 5).Target(2027, 80, 5).BuildAsync();
        var asa = await data.Metric(cc, "asa").Named("Average speed of answer").Measured(UnitOfMeasure.Seconds, 0).LowerIsBetter().Key().Target(2026, 60, 10).Target(2027, 60, 10).BuildAsync();
        var wait = await data.Metric(wi, "wait").Named("Average wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2026, 10, 2).Target(2027, 10, 2).BuildAsync();
        var served = await data.Metric(wi, "served").Named("Customers served").Count().Informational().BuildAsync();
        var accuracy = await data.Metric(bil, "accuracy").Named("Billing accuracy").Percent(1).HigherIsBetter().Key().Target(2026, 99.8m, 0.1m).Target(2027, 99.8m, 0.1m).BuildAsync();
        var ccSupervisor = await data.User("Dee", "Vance").SupervisorOf(cc).BuildAsync();
        var wiSupervisor = await data.User("Omar", "Adeyemi").SupervisorOf(wi).BuildAsync();
        var bilSupervisor = await data.User("Kai", "Moss").SupervisorOf(bil).BuildAsync();
        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var mae = await data.User("Mae", "Ross").ManagerOf(cc, wi).ReportsTo(leader).BuildAsync();
        var bo = await data.User("Bo", "Lind").ManagerOf(bil).ReportsTo(leader).BuildAsync();

        await data.Month(cc, August).Value(sl, 72m, "Two agents on leave.").Value(asa, 50m).EnteredBy(ccSupervisor).Approved(by: mae).BuildAsync();
        clock.SetDay(new DateOnly(2026, 10, 5));
        await data.Month(cc, September).Value(sl, 70m, "Storm week.").Value(asa, 55m).EnteredBy(ccSupervisor).Approved(by: mae).BuildAsync();
        await data.Month(wi, September).Value(wait, 9.0m).Value(served, 1000m).EnteredBy(wiSupervisor).Approved(by: mae).BuildAsync();
        await data.Month(bil, September).Value(accuracy, 99.5m, "System upgrade.").EnteredBy(bilSupervisor).Approved(by: bo).BuildAsync();
        clock.SetDay(new DateOnly(2026, 11, 5));
        await data.Month(wi, October).Value(wait, 9.5m).Value(served, 1200m).EnteredBy(wiSupervisor).Approved(by: mae).BuildAsync();
        clock.SetDay(new DateOnly(2026, 11, 12));
        await data.Month(cc, October).Value(sl, 82m).Value(asa, 66m).EnteredBy(ccSupervisor).Approved(by: mae).BuildAsync();
        clock.Now = TestClock.Now;

        // Baseline August (72.0%), started in September, so October (82.0%) is the first month after the change.
        await data.Initiative(hostile ?? "Lift the service level", mae).For(cc).Measured(sl, August, August, "80")
            .Dates(new DateOnly(2026, 9, 15), new DateOnly(2027, 1, 31)).At(InitiativeStage.Do).BuildAsync();
        await data.InScopeAsync(async services =>
        {
            var viewer = await services.GetRequiredService<Viewers>().ForUserAsync(mae.Id);
            var goal = await services.GetRequiredService<GoalService>().SaveAsync(viewer, cc.Id, 2027, null, null,
                new GoalInput(hostile ?? "Answer 80% of calls within 60 seconds", null, new DateOnly(2027, 9, 30), 50, GoalStatus.OnTrack, sl.Id, "80"));
            if (!goal.Succeeded) throw new InvalidOperationException($"Building the goal failed: {goal.Error} {string.Join("; ", goal.Errors.Values)}");
            var projects = services.GetRequiredService<ProjectService>();
            var project = TestData.Must(await projects.SaveAsync(viewer, null, 0,
                new ProjectInput(ProjectKind.Committee, hostile ?? "Storm readiness committee", hostile ?? "One plan for outage call surges.", ProjectStatus.Active, mae.Employee.Id, new DateOnly(2026, 9, 1), null)), "a project");
            TestData.Must(await projects.AddEntryAsync(viewer, project, ProjectEntryKind.Milestone, new DateOnly(2026, 10, 20), hostile ?? "Call-out list agreed", null, true), "a milestone");
            return 0;
        });
        return new SmallDepartment
        {
            ContactCenter = cc, WalkIn = wi, Billing = bil, Manager = mae, BillingManager = bo, Leader = leader, Supervisor = ccSupervisor, ServiceLevel = sl,
        };
    }
}
