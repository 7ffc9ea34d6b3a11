using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.People;

/// <summary>
/// The discipline form shows where the person stands and the next progressive step, and a level that
/// skips a step needs a reason. Demo (15 Nov 2026): Omar Haddad (Walk-In) had documented counseling
/// administered on May 4, 2026 (incident Apr 29) and has a written reprimand recommended today
/// (incident Nov 6) that nobody has approved yet. Marcus Bell has no discipline on record.
/// </summary>
public class DisciplineProgressionTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<int> EmployeeAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    private async Task<int> ActionsOfAsync(int employeeId)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.DisciplinaryActions.CountAsync(a => a.EmployeeId == employeeId);
    }

    private static (string, string)[] Fields(string level, string? justification = null) =>
    [
        ("Level", level), ("IncidentDate", "2026-11-12"), ("Policy", "Cash handling procedure CH-2"),
        ("Description", "Left the cash drawer open and unattended at closing."), ("SharedWithEmployee", "false"),
        ("SkipJustification", justification ?? ""),
    ];

    [Fact]
    public async Task Form_ShowsTheHistoryWithStatusesAndDates_AndTheNextStep()
    {
        var omar = await EmployeeAsync(DemoUsers.WalkInSupervisor);
        var page = await (await app.Factory.SignedInClientAsync(DemoUsers.ManagerA)).GetDocumentAsync($"/people/{omar}/discipline/new");
        var history = page.QuerySelectorAll("#discipline-history li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(
        [
            "Written reprimand — recommended Nov 15, 2026 (incident Nov 6, 2026)",
            "Documented counseling — administered May 4, 2026 (incident Apr 29, 2026)",
        ], history);
        var next = page.Text("#next-step");
        Assert.Contains("Next progressive step: Written reprimand", next);
        Assert.Contains("a written reprimand is already recommended and not yet approved", next);
        // The form starts on that step.
        Assert.Equal("WrittenReprimand", page.QuerySelector("#Level option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Recommend_SkippingAStepStillOnlyRecommended_WithoutAReason_IsRefusedByTheField_NothingSaved()
    {
        var omar = await EmployeeAsync(DemoUsers.WalkInSupervisor);
        var before = await ActionsOfAsync(omar);
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var response = await maria.PostFormAsync($"/people/{omar}/discipline/new", Fields("Suspension"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var message = (await response.ParseAsync()).Text("#SkipJustification-error");
        Assert.Contains("Suspension skips written reprimand", message);
        Assert.Contains("still only recommended", message);
        Assert.Contains("Say why", message);
        Assert.Equal(before, await ActionsOfAsync(omar));
    }

    [Fact]
    public async Task Recommend_SkippingSteps_WithAReason_IsSaved_AndTheReasonIsOnTheRecord()
    {
        var marcus = await EmployeeAsync("marcus.bell@cityutility.example");
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var refused = await maria.PostFormAsync($"/people/{marcus}/discipline/new", Fields("Suspension"));
        Assert.Contains("Suspension skips documented counseling and written reprimand", (await refused.ParseAsync()).Text("#SkipJustification-error"));

        var saved = await maria.PostFormAsync($"/people/{marcus}/discipline/new", Fields("Suspension", "Theft of customer cash: serious misconduct under policy CH-2."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = app.Factory.CreateDbContext();
        var action = await db.DisciplinaryActions.Include(a => a.Events).SingleAsync(a => a.EmployeeId == marcus && a.Level == DisciplineLevel.Suspension);
        var note = action.Events.Single(e => e.Step == DisciplineStep.Recommended).Note;
        Assert.Equal("Skips documented counseling and written reprimand: Theft of customer cash: serious misconduct under policy CH-2.", note);
    }

    [Fact]
    public async Task Recommend_TheNextStep_NeedsNoReason()
    {
        var dana = await EmployeeAsync(DemoUsers.UccSupervisor);
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/people/{dana}/discipline/new", Fields("DocumentedCounseling"))).StatusCode);
    }
}
