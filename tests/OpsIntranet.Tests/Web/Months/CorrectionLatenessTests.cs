using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// Lateness is judged by a month's first submission: an on-time month reopened for a correction, or
/// returned, is not late, wherever its state is shown (form, board, home page, queue); a month first
/// submitted after its due date stays late. Clock: 15 November 2026; months are due on the 10th.
/// </summary>
public class CorrectionLatenessTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<int> UccAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
    }

    /// <summary>Sets when the (approved) month was submitted, as if the demo had it so.</summary>
    private async Task SubmittedOnAsync(DateOnly month, DateTimeOffset at)
    {
        await using var db = app.Factory.CreateDbContext();
        var s = await db.MetricSubmissions.Include(x => x.Events).SingleAsync(x => x.Unit!.Code == "UCC" && x.Month == month);
        Assert.Equal(SubmissionStatus.Approved, s.Status);
        s.SubmittedAt = at;
        foreach (var e in s.Events.Where(e => e.Action == SubmissionAction.Submitted)) e.At = at;
        await db.SaveChangesAsync();
    }

    private static async Task<string?> BoardLateAsync(HttpClient client, int unit, string month) =>
        (await client.GetDocumentAsync("/months")).QuerySelector($"a[href='/units/{unit}/months/{month}']")!.GetAttribute("data-late");

    [Fact]
    public async Task Reopened_OnTimeMonth_IsNotLate_OnTheFormBoardHomeOrQueue()
    {
        var ucc = await UccAsync();
        await SubmittedOnAsync(new DateOnly(2026, 8, 1), new DateTimeOffset(2026, 9, 8, 15, 0, 0, TimeSpan.Zero)); // due September 10
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), ucc, "2026-08");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Abandonment rate excluded short calls"));

        var supervisor = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor), ucc, "2026-08");
        var form = await supervisor.GetAsync();
        Assert.Null(form.QuerySelectorAll(".badge").FirstOrDefault(b => b.TextContent.Trim() == "Late"));
        var managerClient = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Equal("false", await BoardLateAsync(managerClient, ucc, "2026-08"));
        var home = await (await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor)).GetDocumentAsync("/");
        var todo = home.QuerySelectorAll(".alert").Single(a => a.TextContent.Contains("August 2026"));
        Assert.Contains("returned to you for correction", todo.TextContent);
        Assert.DoesNotContain("past its due date", todo.TextContent);

        // Corrected and sent again in November: still the month that arrived on time.
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit", new Dictionary<string, string> { ["abandonment_rate"] = "4.8" }, page: form));
        Assert.Equal("false", await BoardLateAsync(managerClient, ucc, "2026-08"));
        var queue = await managerClient.GetDocumentAsync("/review");
        var row = queue.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Utility Contact Center") && r.TextContent.Contains("August 2026"));
        Assert.DoesNotContain("after the due date", row.TextContent);
    }

    [Fact]
    public async Task Reopened_MonthFirstSubmittedLate_StaysLate()
    {
        var ucc = await UccAsync();
        await SubmittedOnAsync(new DateOnly(2026, 9, 1), new DateTimeOffset(2026, 10, 12, 15, 0, 0, TimeSpan.Zero)); // due October 10
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), ucc, "2026-09");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Service level double-counted transfers"));

        var form = await manager.GetAsync();
        Assert.NotNull(form.QuerySelectorAll(".badge").FirstOrDefault(b => b.TextContent.Trim() == "Late"));
        Assert.Equal("true", await BoardLateAsync(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), ucc, "2026-09"));
    }
}
