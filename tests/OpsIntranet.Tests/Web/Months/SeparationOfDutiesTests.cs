using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// Nobody approves their own numbers: whoever submitted a month or last changed one of its values
/// cannot approve it; the review page and the queue say so instead of offering a button that fails.
/// Demo (15 Nov 2026): Walk-In's October is a draft, Training's is not started, TCC's is submitted
/// by its supervisor; all three belong to manager A.
/// </summary>
public class SeparationOfDutiesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<int> UnitAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<MonthFormClient> FormAsync(string email, string unitCode, string month) =>
        new(await app.Factory.SignedInClientAsync(email), await UnitAsync(unitCode), month);

    private async Task<MetricSubmission> SubmissionAsync(string unitCode, DateOnly month)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.MetricSubmissions.Include(s => s.Events).SingleAsync(s => s.Unit!.Code == unitCode && s.Month == month);
    }

    private static readonly Dictionary<string, string> GreenWalkIn = new()
    {
        ["customers_served"] = "6000", ["avg_wait"] = "8.0", ["served_15"] = "88.0", ["payments"] = "4200", ["avg_transaction"] = "7.0",
    };

    [Fact]
    public async Task Approve_ByTheManagerWhoEditedAndSubmitted_IsRefusedWithTheReason_AnAdministratorCanApprove()
    {
        var manager = await FormAsync(DemoUsers.ManagerA, "WIU", "2026-10");
        MonthFormClient.AssertRedirect(await manager.PostAsync("Submit", GreenWalkIn));

        // The review page offers Return but no Approve, and says why.
        var page = await manager.GetAsync();
        Assert.Null(page.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").EndsWith("/Approve", StringComparison.OrdinalIgnoreCase)));
        Assert.NotNull(page.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").EndsWith("/Return", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("You submitted this month", page.QuerySelector("[data-testid=cannot-approve]")!.TextContent);

        // A hand-made approval is refused and changes nothing.
        var before = await SubmissionAsync("WIU", new DateOnly(2026, 10, 1));
        var refused = await manager.ReviewAsync("Approve", page: page);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("You submitted this month", (await refused.ParseAsync()).QuerySelector("#form-error")!.TextContent);
        var after = await SubmissionAsync("WIU", new DateOnly(2026, 10, 1));
        Assert.Equal(SubmissionStatus.Submitted, after.Status);
        Assert.Null(after.ApprovedByUserId);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Events, e => e.Action == SubmissionAction.Approved);

        // Someone else can: the administrator, as the second pair of eyes for a unit with one manager.
        var admin = await FormAsync(DemoUsers.Administrator, "WIU", "2026-10");
        var adminPage = await admin.GetAsync();
        Assert.Null(adminPage.QuerySelector("[data-testid=cannot-approve]"));
        MonthFormClient.AssertRedirect(await admin.ReviewAsync("Approve", page: adminPage));
        var approved = await SubmissionAsync("WIU", new DateOnly(2026, 10, 1));
        Assert.Equal(SubmissionStatus.Approved, approved.Status);
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(await db.Users.Where(u => u.Email == DemoUsers.Administrator).Select(u => u.Id).SingleAsync(), approved.ApprovedByUserId);
    }

    [Fact]
    public async Task Approve_ByTheManagerWhoLastChangedAValue_IsRefusedEvenWhenTheSupervisorSubmitted()
    {
        var manager = await FormAsync(DemoUsers.ManagerA, "TRN", "2026-10");
        MonthFormClient.AssertRedirect(await manager.PostAsync("Save", new Dictionary<string, string> { ["training_hours"] = "1250" }));
        var supervisor = await FormAsync("hannah.lindqvist@cityutility.example", "TRN", "2026-10");
        // The supervisor completes and submits the month; the manager's figure stays as she typed it.
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit", new Dictionary<string, string>
        {
            ["onboarded"] = "8", ["completion"] = "96.5", ["assessment"] = "88.0",
        }));

        var refused = await manager.ReviewAsync("Approve");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = (await refused.ParseAsync()).QuerySelector("#form-error")!.TextContent;
        Assert.Contains("You last changed Training hours delivered", message);
        Assert.DoesNotContain("You submitted", message);
        Assert.Equal(SubmissionStatus.Submitted, (await SubmissionAsync("TRN", new DateOnly(2026, 10, 1))).Status);
    }

    [Fact]
    public async Task Queue_SaysWhichMonthsTheManagerCannotApproveAndWhy()
    {
        var manager = await FormAsync(DemoUsers.ManagerA, "WIU", "2026-09");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Wait time counted from the wrong kiosk"));
        MonthFormClient.AssertRedirect(await manager.PostAsync("Submit", new Dictionary<string, string> { ["avg_wait"] = "9.1" }));

        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var queue = await client.GetDocumentAsync("/review");
        var rows = queue.QuerySelectorAll("tbody tr").ToList();
        var walkIn = rows.Single(r => r.TextContent.Contains("Walk-In Unit") && r.TextContent.Contains("September 2026"));
        Assert.Contains("You submitted this month and last changed Average wait, so someone else approves it", walkIn.QuerySelector("[data-testid=cannot-approve]")!.TextContent);
        // TCC's October was submitted by its supervisor: nothing stands in the way.
        var tcc = rows.Single(r => r.TextContent.Contains("Transportation Contact Center") && r.TextContent.Contains("October 2026"));
        Assert.Null(tcc.QuerySelector("[data-testid=cannot-approve]"));
    }
}
