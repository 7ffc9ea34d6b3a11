using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Tests.Infrastructure.Builders;

/// <summary>The builders make the state they promise, through the app's rules, and refuse states the app refuses.</summary>
public class BuilderTests : IAsyncLifetime
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Months_ReachEveryStatus_WithTheTrailOfTheStepsTaken()
    {
        var data = app.Data;
        var unit = await data.Unit("WAL").Named("Walk-In").BuildAsync();
        var wait = await data.Metric(unit, "avg_wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2027, 8, 2).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();

        await data.Month(unit, October).Value(wait, 7.5m).EnteredBy(supervisor).Draft().BuildAsync();
        await data.Month(unit, October.AddMonths(-1)).Value(wait, 7.5m).EnteredBy(supervisor).Submitted().BuildAsync();
        await data.Month(unit, October.AddMonths(-2)).Value(wait, 7.5m).EnteredBy(supervisor).Approved(by: manager).BuildAsync();
        await data.Month(unit, October.AddMonths(-3)).Value(wait, 7.5m).EnteredBy(supervisor).Returned(by: manager, "Check the counter log.").BuildAsync();

        await using var db = app.Factory.CreateDbContext();
        var months = await db.MetricSubmissions.Where(s => s.UnitId == unit.Id).OrderByDescending(s => s.Month).Select(s => new { s.Status, s.ReturnReason, s.ApprovedByUserId }).ToListAsync();
        Assert.Equal([SubmissionStatus.Draft, SubmissionStatus.Submitted, SubmissionStatus.Approved, SubmissionStatus.Returned], months.Select(m => m.Status));
        Assert.Equal(manager.Id, months[2].ApprovedByUserId);
        Assert.Equal("Check the counter log.", months[3].ReturnReason);
        Assert.Equal(7.5m, await db.MetricValues.Where(v => v.Submission!.Month == October).Select(v => v.Value).SingleAsync());
    }

    [Fact]
    public async Task Months_TheAppsRulesHold_ARedValueNeedsAnExplanation_AndAnOpenMonthCannotBeEntered()
    {
        var data = app.Data;
        var unit = await data.Unit("WAL").BuildAsync();
        var wait = await data.Metric(unit, "avg_wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Target(2027, 8, 2).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).BuildAsync();

        var red = await Assert.ThrowsAsync<InvalidOperationException>(() => data.Month(unit, October).Value(wait, 15m).EnteredBy(supervisor).Submitted().BuildAsync());
        Assert.Contains("explain what happened", red.Message, StringComparison.Ordinal);
        var open = await Assert.ThrowsAsync<InvalidOperationException>(() => data.Month(unit, October.AddMonths(1)).Value(wait, 7m).EnteredBy(supervisor).Draft().BuildAsync());
        Assert.Contains("has not ended", open.Message, StringComparison.Ordinal);
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(0, await db.MetricSubmissions.CountAsync());
    }

    [Fact]
    public async Task People_ReportingLines_LogEntries_AndEvaluationsAtEachStep()
    {
        var data = app.Data;
        var unit = await data.Unit("CC").Named("Collections").BuildAsync();
        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).ReportsTo(leader).BuildAsync();
        var supervisor = await data.User("Tom", "Gaines").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        var clerk = await data.Employee("Ivy", "Chen").InUnit(unit).ReportsTo(supervisor).BuildAsync();
        var lead = await data.Employee("Lee", "Park").Position("Collections Lead").InUnit(unit).ReportsTo(manager).BuildAsync();

        var entry = await data.LogEntry(about: supervisor.Employee, writtenBy: manager).Type(LogEntryType.Coaching).Summary("Coaching on payment plans").SharedWithEmployee().BuildAsync();
        var closed = await data.Evaluation(supervisor.Employee, evaluator: manager, reviewer: leader).AcknowledgedBy(supervisor).AtStep(EvaluationStep.Closed).BuildAsync();
        var returned = await data.Evaluation(lead, evaluator: manager, reviewer: leader).AtStep(EvaluationStep.Returned).BuildAsync();

        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(supervisor.Employee.Id, (await db.Employees.SingleAsync(e => e.Id == clerk.Id)).ReportsToId);
        var log = await db.PerformanceLog.SingleAsync(e => e.Id == entry);
        Assert.Equal((LogEntryType.Coaching, true), (log.Type, log.SharedWithEmployee));
        Assert.Equal(EvaluationStatus.Closed, (await db.Evaluations.SingleAsync(e => e.Id == closed)).Status);
        Assert.Equal(EvaluationStatus.Draft, (await db.Evaluations.SingleAsync(e => e.Id == returned)).Status);
    }

    [Fact]
    public async Task Initiatives_AreCreatedByAManagerOfTheirUnits_AndMovedToTheirStage()
    {
        var data = app.Data;
        var unit = await data.Unit("WAL").BuildAsync();
        var wait = await data.Metric(unit, "avg_wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Target(2027, 8, 2).BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).ReportsTo(manager).BuildAsync();

        var id = await data.Initiative("Second window on payment days", createdBy: manager).For(unit).OwnedBy(supervisor)
            .Measured(wait, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 1), "7.0").At(InitiativeStage.Do).BuildAsync();

        await using var db = app.Factory.CreateDbContext();
        var initiative = await db.Initiatives.SingleAsync(i => i.Id == id);
        Assert.Equal((InitiativeStage.Do, InitiativeStatus.Active, supervisor.Employee.Id), (initiative.Stage, initiative.Status, initiative.OwnerEmployeeId));
        // A supervisor may not create one: the builder goes through the same check as the page.
        await Assert.ThrowsAsync<InvalidOperationException>(() => data.Initiative("Not theirs to start", createdBy: supervisor).For(unit).BuildAsync());
    }
}
