using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// Nobody approves their own numbers: whoever submitted a month or last changed one of its values
/// cannot approve it; the review page and the queue say so instead of offering a button that fails.
/// Each test builds three units of one manager: Walk-In (October a draft, September approved),
/// Training (October not started) and a contact center whose October its supervisor submitted.
/// </summary>
public class SeparationOfDutiesTests : IAsyncLifetime
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private sealed record Department(BuiltUnit WalkIn, BuiltUnit Training, BuiltUnit Contact, BuiltUser Manager, BuiltUser TrainingSupervisor, BuiltUser Administrator);

    private async Task<Department> DepartmentAsync()
    {
        var data = app.Data;
        var walkIn = await data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        var served = await data.Metric(walkIn, "customers_served").Named("Customers served").Count().Informational().BuildAsync();
        var wait = await data.Metric(walkIn, "avg_wait").Named("Average wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2026, 10, 2).Target(2027, 10, 2).BuildAsync();
        var training = await data.Unit("TRN").Named("Training").BuildAsync();
        await data.Metric(training, "training_hours").Named("Training hours delivered").Measured(UnitOfMeasure.Hours, 0).Informational().BuildAsync();
        await data.Metric(training, "completion").Named("Course completion").Percent().Key().Target(2027, 95, 2).BuildAsync();
        var contact = await data.Unit("TCC").Named("Transportation Contact Center").BuildAsync();
        var calls = await data.Metric(contact, "calls_offered").Named("Calls offered").Count().Informational().BuildAsync();

        var manager = await data.User("Maria", "Alvarez").ManagerOf(walkIn, training, contact).BuildAsync();
        var administrator = await data.User("Kevin", "Tran").Administrator().BuildAsync();
        var walkInSupervisor = await data.User("Omar", "Haddad").SupervisorOf(walkIn).ReportsTo(manager).BuildAsync();
        var trainingSupervisor = await data.User("Hannah", "Lindqvist").SupervisorOf(training).ReportsTo(manager).BuildAsync();
        var contactSupervisor = await data.User("Lena", "Morrison").SupervisorOf(contact).ReportsTo(manager).BuildAsync();

        await data.Month(walkIn, October.AddMonths(-1)).Value(served, 5900).Value(wait, 8.4m).EnteredBy(walkInSupervisor).Approved(by: manager).BuildAsync();
        await data.Month(walkIn, October).Value(served, 6100).EnteredBy(walkInSupervisor).Draft().BuildAsync();
        await data.Month(contact, October).Value(calls, 21000).EnteredBy(contactSupervisor).Submitted().BuildAsync();
        return new Department(walkIn, training, contact, manager, trainingSupervisor, administrator);
    }

    private async Task<MonthFormClient> FormAsync(BuiltUser user, BuiltUnit unit, string month) =>
        new(await app.Factory.SignedInClientAsync(user), unit.Id, month);

    private async Task<MetricSubmission> SubmissionAsync(BuiltUnit unit, DateOnly month)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.MetricSubmissions.Include(s => s.Events).SingleAsync(s => s.UnitId == unit.Id && s.Month == month);
    }

    [Fact]
    public async Task Approve_ByTheManagerWhoEditedAndSubmitted_IsRefusedWithTheReason_AnAdministratorCanApprove()
    {
        var d = await DepartmentAsync();
        var manager = await FormAsync(d.Manager, d.WalkIn, "2026-10");
        MonthFormClient.AssertRedirect(await manager.PostAsync("Submit", new Dictionary<string, string> { ["customers_served"] = "6000", ["avg_wait"] = "8.0" }));

        // The review page offers Return but no Approve, and says why.
        var page = await manager.GetAsync();
        Assert.Null(page.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").EndsWith("/Approve", StringComparison.OrdinalIgnoreCase)));
        Assert.NotNull(page.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").EndsWith("/Return", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("You submitted this month", page.QuerySelector("[data-testid=cannot-approve]")!.TextContent);

        // A hand-made approval is refused and changes nothing.
        var before = await SubmissionAsync(d.WalkIn, October);
        var refused = await manager.ReviewAsync("Approve", page: page);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("You submitted this month", (await refused.ParseAsync()).QuerySelector("#form-error")!.TextContent);
        var after = await SubmissionAsync(d.WalkIn, October);
        Assert.Equal(SubmissionStatus.Submitted, after.Status);
        Assert.Null(after.ApprovedByUserId);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Events, e => e.Action == SubmissionAction.Approved);

        // Someone else can: the administrator, as the second pair of eyes for a unit with one manager.
        var admin = await FormAsync(d.Administrator, d.WalkIn, "2026-10");
        var adminPage = await admin.GetAsync();
        Assert.Null(adminPage.QuerySelector("[data-testid=cannot-approve]"));
        MonthFormClient.AssertRedirect(await admin.ReviewAsync("Approve", page: adminPage));
        var approved = await SubmissionAsync(d.WalkIn, October);
        Assert.Equal(SubmissionStatus.Approved, approved.Status);
        Assert.Equal(d.Administrator.Id, approved.ApprovedByUserId);
    }

    [Fact]
    public async Task Approve_ByTheManagerWhoLastChangedAValue_IsRefusedEvenWhenTheSupervisorSubmitted()
    {
        var d = await DepartmentAsync();
        var manager = await FormAsync(d.Manager, d.Training, "2026-10");
        MonthFormClient.AssertRedirect(await manager.PostAsync("Save", new Dictionary<string, string> { ["training_hours"] = "1250" }));
        var supervisor = await FormAsync(d.TrainingSupervisor, d.Training, "2026-10");
        // The supervisor completes and submits the month; the manager's figure stays as she typed it.
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit", new Dictionary<string, string> { ["completion"] = "96.5" }));

        var refused = await manager.ReviewAsync("Approve");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = (await refused.ParseAsync()).QuerySelector("#form-error")!.TextContent;
        Assert.Contains("You last changed Training hours delivered", message);
        Assert.DoesNotContain("You submitted", message);
        Assert.Equal(SubmissionStatus.Submitted, (await SubmissionAsync(d.Training, October)).Status);
    }

    [Fact]
    public async Task Queue_SaysWhichMonthsTheManagerCannotApproveAndWhy()
    {
        var d = await DepartmentAsync();
        var manager = await FormAsync(d.Manager, d.WalkIn, "2026-09");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Wait time counted from the wrong kiosk"));
        MonthFormClient.AssertRedirect(await manager.PostAsync("Submit", new Dictionary<string, string> { ["avg_wait"] = "9.1" }));

        var client = await app.Factory.SignedInClientAsync(d.Manager);
        var queue = await client.GetDocumentAsync("/review");
        var rows = queue.QuerySelectorAll("tbody tr").ToList();
        var walkIn = rows.Single(r => r.TextContent.Contains("Walk-In Unit") && r.TextContent.Contains("September 2026"));
        Assert.Contains("You submitted this month and last changed Average wait, so someone else approves it", walkIn.QuerySelector("[data-testid=cannot-approve]")!.TextContent);
        // The contact center's October was submitted by its supervisor: nothing stands in the way.
        var contact = rows.Single(r => r.TextContent.Contains("Transportation Contact Center") && r.TextContent.Contains("October 2026"));
        Assert.Null(contact.QuerySelector("[data-testid=cannot-approve]"));
    }
}
