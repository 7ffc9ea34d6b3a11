using OpsIntranet.Core.Reminders;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Reminders;

/// <summary>
/// A due day of 28: January 2027 is due on Sunday 28 February. Worked by hand: "due soon" Wednesday 24th, "due
/// today" Friday 26th (the last business day before it), the escalation across the month end on Wednesday 3 March.
/// </summary>
public class DueOnTheTwentyEighthTests : IAsyncLifetime
{
    private readonly ReminderApp app = new(("Metrics:DueDay", "28"));

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task MonthEnd_RemindersFallOnTheBusinessDaysAroundIt_AndTheEscalationInTheNextMonth()
    {
        app.Clock.SetDay(new DateOnly(2027, 2, 1));
        var unit = await app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var maria = await app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(unit).ReportsTo(maria).BuildAsync();

        var sent = new List<(int Day, int Count)>();
        foreach (var day in new[] { new DateOnly(2027, 2, 23), new(2027, 2, 24), new(2027, 2, 25), new(2027, 2, 26), new(2027, 2, 28), new(2027, 3, 1), new(2027, 3, 2), new(2027, 3, 3), new(2027, 3, 4) })
        {
            await app.RunOnAsync(day);
            sent.Add((day.Day, app.Smtp.Count));
        }
        Assert.Equal([(23, 0), (24, 1), (25, 1), (26, 2), (28, 2), (1, 2), (2, 2), (3, 3), (4, 3)], sent);
        Assert.Equal("Metrics for January 2027 are due Sunday, February 28", Assert.Single(app.Received(ReminderKinds.MetricsDueSoon.Key)).Subject);
        Assert.Equal([dana.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To));
        Assert.Equal([maria.Email], app.Received(ReminderKinds.MetricsLateEscalation.Key).Select(ReminderApp.To));
    }
}

/// <summary>
/// A due day of 1: October 2026 is due on Sunday 1 November. Its "due today" day (Friday 30 October) comes before
/// the month has ended, when it cannot be entered, so the reminder is made up on Monday 2 November; the escalation,
/// counted from that Monday, goes on Wednesday 4 November.
/// </summary>
public class DueOnTheFirstTests : IAsyncLifetime
{
    private readonly ReminderApp app = new(("Metrics:DueDay", "1"));

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task TheFirst_ReminderWaitsForTheMonthToEnd_AndTheEscalationCountsFromTheNextBusinessDay()
    {
        app.Clock.SetDay(new DateOnly(2026, 10, 1));
        var unit = await app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var maria = await app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(unit).ReportsTo(maria).BuildAsync();

        var sent = new List<(int Day, int Count)>();
        foreach (var day in new[] { new DateOnly(2026, 10, 28), new(2026, 10, 30), new(2026, 11, 1), new(2026, 11, 2), new(2026, 11, 3), new(2026, 11, 4), new(2026, 11, 5) })
        {
            await app.RunOnAsync(day);
            sent.Add((day.Day, app.Smtp.Count));
        }
        Assert.Equal([(28, 0), (30, 0), (1, 0), (2, 1), (3, 1), (4, 2), (5, 2)], sent);
        Assert.Equal([dana.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To));
        Assert.Equal([maria.Email], app.Received(ReminderKinds.MetricsLateEscalation.Key).Select(ReminderApp.To));
        Assert.Empty(app.Received(ReminderKinds.MetricsDueSoon.Key));
    }
}
