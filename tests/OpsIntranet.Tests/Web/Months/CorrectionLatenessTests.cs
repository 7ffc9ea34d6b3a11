using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// Lateness is judged by a month's first submission: an on-time month reopened for a correction, or
/// returned, is not late, wherever its state is shown (form, board, home page, queue); a month first
/// submitted after its due date stays late. Clock: 15 November 2026; months are due on the 10th. Each
/// test builds its unit and enters its month on the day it needs, by moving the app's clock.
/// </summary>
public class CorrectionLatenessTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;

    public CorrectionLatenessTests() => app = new EmptyApp(clock);

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private sealed record Unit(BuiltUnit Center, BuiltMetric Abandonment, BuiltUser Supervisor, BuiltUser Manager);

    private async Task<Unit> UnitAsync()
    {
        var data = app.Data;
        var center = await data.Unit("NCC").Named("North Contact Center").BuildAsync();
        var abandonment = await data.Metric(center, "abandonment_rate").Named("Abandonment rate").Percent().LowerIsBetter().Key().Target(2026, 5).Target(2027, 5).BuildAsync();
        var manager = await data.User("Ana", "Lima").ManagerOf(center).BuildAsync();
        var supervisor = await data.User("Nia", "Grant").SupervisorOf(center).ReportsTo(manager).BuildAsync();
        return new Unit(center, abandonment, supervisor, manager);
    }

    /// <summary>The month entered, submitted and approved on the given day, then the clock back to 15 November.</summary>
    private async Task ApprovedOnAsync(Unit u, DateOnly month, DateOnly day)
    {
        clock.SetDay(day);
        try
        {
            await app.Data.Month(u.Center, month).Value(u.Abandonment, 4.2m).EnteredBy(u.Supervisor).Approved(by: u.Manager).BuildAsync();
        }
        finally { clock.Now = TestClock.Now; }
    }

    private static async Task<string?> BoardLateAsync(HttpClient client, int unit, string month) =>
        (await client.GetDocumentAsync("/months")).QuerySelector($"a[href='/units/{unit}/months/{month}']")!.GetAttribute("data-late");

    [Fact]
    public async Task Reopened_OnTimeMonth_IsNotLate_OnTheFormBoardHomeOrQueue()
    {
        var u = await UnitAsync();
        await ApprovedOnAsync(u, new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 8)); // due September 10
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(u.Manager), u.Center.Id, "2026-08");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Abandonment rate excluded short calls"));

        var supervisor = new MonthFormClient(await app.Factory.SignedInClientAsync(u.Supervisor), u.Center.Id, "2026-08");
        var form = await supervisor.GetAsync();
        Assert.Null(form.QuerySelectorAll(".badge").FirstOrDefault(b => b.TextContent.Trim() == "Late"));
        var managerClient = await app.Factory.SignedInClientAsync(u.Manager);
        Assert.Equal("false", await BoardLateAsync(managerClient, u.Center.Id, "2026-08"));
        var home = await (await app.Factory.SignedInClientAsync(u.Supervisor)).GetDocumentAsync("/");
        var todo = home.QuerySelectorAll(".alert").Single(a => a.TextContent.Contains("August 2026"));
        Assert.Contains("returned to you for correction", todo.TextContent);
        Assert.DoesNotContain("past its due date", todo.TextContent);

        // Corrected and sent again in November: still the month that arrived on time.
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit", new Dictionary<string, string> { ["abandonment_rate"] = "4.8" }, page: form));
        Assert.Equal("false", await BoardLateAsync(managerClient, u.Center.Id, "2026-08"));
        var queue = await managerClient.GetDocumentAsync("/review");
        var row = queue.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("North Contact Center") && r.TextContent.Contains("August 2026"));
        Assert.DoesNotContain("after the due date", row.TextContent);
    }

    [Fact]
    public async Task Reopened_MonthFirstSubmittedLate_StaysLate()
    {
        var u = await UnitAsync();
        await ApprovedOnAsync(u, new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 12)); // due October 10
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(u.Manager), u.Center.Id, "2026-09");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Service level double-counted transfers"));

        var form = await manager.GetAsync();
        Assert.NotNull(form.QuerySelectorAll(".badge").FirstOrDefault(b => b.TextContent.Trim() == "Late"));
        Assert.Equal("true", await BoardLateAsync(await app.Factory.SignedInClientAsync(u.Manager), u.Center.Id, "2026-09"));
    }
}
