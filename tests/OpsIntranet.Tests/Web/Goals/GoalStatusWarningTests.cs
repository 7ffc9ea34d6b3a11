using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Goals;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Goals;

/// <summary>
/// A goal whose stated status says all is well while its computed attainment is not met carries a
/// visible warning wherever goals are listed. Clock: 15 November 2026, so FY2027's only approved
/// month is October 2026; the test sets the Utility Contact Center's service level for it to 78.0%.
/// </summary>
public class GoalStatusWarningTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Warning = "On track — but attainment is not met (78.0% vs target ≥ 99.9%)";

    private async Task<(int GoalId, int UnitId)> ArrangeAsync(GoalStatus status, decimal target)
    {
        await using var db = app.Factory.CreateDbContext();
        var metric = await db.MetricDefinitions.SingleAsync(m => m.Unit!.Code == "UCC" && m.Code == "service_level");
        var october = await db.MetricValues.SingleAsync(v => v.MetricDefinitionId == metric.Id && v.Submission!.Month == TestClock.LastMonth);
        october.Value = 78.0m;
        var goal = await db.UnitGoals.Where(g => g.Unit!.Code == "UCC" && g.FiscalYear == 2027).OrderBy(g => g.Id).FirstAsync();
        goal.MetricDefinitionId = metric.Id;
        goal.MetricTarget = target;
        goal.Status = status;
        await db.SaveChangesAsync();
        return (goal.Id, metric.UnitId);
    }

    [Fact]
    public async Task OnTrackGoal_WithAttainmentNotMet_IsFlagged_OnTheListUnitPageAndDetails()
    {
        var (goalId, unitId) = await ArrangeAsync(GoalStatus.OnTrack, 99.9m);
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        foreach (var url in new[] { "/goals", $"/units/{unitId}", $"/goals/{goalId}" })
        {
            var page = await client.GetDocumentAsync(url);
            var row = page.QuerySelector($"tr[data-goal='{goalId}']")!;
            Assert.Equal(Warning, row.QuerySelector("[data-testid=status-warning]")?.TextContent.Trim());
        }
    }

    [Theory]
    [InlineData(GoalStatus.OnTrack, 75.0)]  // met: nothing to contradict
    [InlineData(GoalStatus.AtRisk, 99.9)]   // not met, and the status says so
    public async Task Goal_WhoseStatusAgreesWithAttainment_HasNoWarning(GoalStatus status, double target)
    {
        var (goalId, _) = await ArrangeAsync(status, (decimal)target);
        var page = await (await app.Factory.SignedInClientAsync(DemoUsers.ManagerA)).GetDocumentAsync($"/goals/{goalId}");
        Assert.Null(page.QuerySelector($"tr[data-goal='{goalId}'] [data-testid=status-warning]"));
    }
}
