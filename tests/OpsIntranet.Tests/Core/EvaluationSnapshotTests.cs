using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core;

/// <summary>An approved evaluation keeps a typed snapshot of what was approved (the demo's UCC supervisor, Dana Reyes, approved by Patricia Odum).</summary>
public class EvaluationSnapshotTests : IAsyncLifetime
{
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private static async Task<IReadOnlyList<ApprovedVersion>> ApprovedAsync(OpsWebFactory app, int evaluationId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>();
        var patricia = await db.Users.SingleAsync(u => u.Email == "patricia.odum@cityutility.example");
        // Built for a user id, as a job acting for her would build it.
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(patricia.Id);
        return (await scope.ServiceProvider.GetRequiredService<EvaluationService>().ApprovedVersionsAsync(viewer, evaluationId))!;
    }

    [Fact]
    public async Task ApprovedSnapshot_RoundTrips_AndDoesNotChangeWhenLiveDataChanges()
    {
        await using var app = new OpsWebFactory(_cs);
        int evaluationId;
        await using (var db = TestDatabases.CreateDbContext(_cs))
            evaluationId = await db.Evaluations.Where(e => e.Employee!.Email == "dana.reyes@cityutility.example" && e.Status == EvaluationStatus.Approved).Select(e => e.Id).SingleAsync();

        var version = Assert.Single(await ApprovedAsync(app, evaluationId));
        var snapshot = version.Snapshot;
        Assert.Equal(1, version.Number);
        Assert.Equal(EvaluationSnapshot.CurrentSchemaVersion, snapshot.SchemaVersion);
        Assert.Equal(evaluationId, snapshot.EvaluationId);
        Assert.Equal(EvaluationStatus.Approved, snapshot.Status);
        Assert.Equal("Dana Reyes", snapshot.Employee!.Name);
        Assert.Equal("Utility Contact Center", snapshot.UnitName);
        Assert.Equal("Patricia Odum", snapshot.Reviewer!.Name);
        Assert.Equal("Maria Alvarez", snapshot.Evaluator!.Name);
        Assert.NotEmpty(snapshot.Ratings);
        Assert.All(snapshot.Ratings, r => Assert.NotNull(r.Rating));
        Assert.NotNull(snapshot.OverallScore);
        Assert.NotNull(snapshot.OverallLabel);
        Assert.NotNull(snapshot.Evidence);
        Assert.NotEmpty(snapshot.Evidence.Metrics);
        Assert.NotNull(snapshot.ApprovedAt);
        var json = snapshot.ToJson();
        Assert.Equal(json, EvaluationSnapshot.Read(json).ToJson());

        // Live data moves on: the person is renamed, the unit too, a rating's comment is edited in place.
        await using (var db = TestDatabases.CreateDbContext(_cs))
        {
            var evaluation = await db.Evaluations.Include(e => e.Employee).Include(e => e.Unit).Include(e => e.Ratings).SingleAsync(e => e.Id == evaluationId);
            evaluation.Employee!.LastName = "Reyes-Okafor";
            evaluation.Unit!.Name = "Contact Center (renamed)";
            evaluation.Ratings.OrderBy(r => r.SortOrder).First().Comment = "Changed after approval.";
            await db.SaveChangesAsync();
        }

        var after = Assert.Single(await ApprovedAsync(app, evaluationId)).Snapshot;
        Assert.Equal(json, after.ToJson());
        Assert.Equal("Dana Reyes", after.Employee!.Name);
    }

    [Fact]
    public void Read_SnapshotsWrittenBeforeTheTypedRecord_StillRead()
    {
        // The anonymous object approvals stored before, and a reopening's { evaluation, evidence } wrapper.
        const string approved = """{"status":2,"overallScore":3.65,"strengths":"Rebuilt onboarding.","areasToImprove":"Reporting.","developmentPlan":"Writing course.","employeeComment":null,"ratings":[{"name":"Job knowledge","weight":20,"rating":4,"comment":null},{"name":"Teamwork","weight":15,"rating":5,"comment":"Praised."}]}""";
        const string reopened = """{"evaluation":{"status":4,"overallScore":3.65,"strengths":"Rebuilt onboarding.","areasToImprove":null,"developmentPlan":null,"employeeComment":"I disagree.","ratings":[]},"evidence":{"unitName":"Walk-In Unit","firstMonth":"2025-07-01","lastMonth":"2026-06-01","computedAt":"2026-07-20T12:00:00+00:00","metrics":[{"name":"Average wait","approvedMonths":12,"monthsInPeriod":12,"average":"9.5 min","target":"≤ 10 min","green":10,"amber":1,"red":1,"status":1}],"goals":[],"greenMonths":10,"amberMonths":1,"redMonths":1}}""";

        var a = EvaluationSnapshot.Read(approved);
        Assert.Equal(1, a.SchemaVersion);
        Assert.Equal(EvaluationStatus.Approved, a.Status);
        Assert.Equal(3.65m, a.OverallScore);
        Assert.Equal("Rebuilt onboarding.", a.Strengths);
        Assert.Equal(["Job knowledge", "Teamwork"], a.Ratings.Select(r => r.Name));
        Assert.Equal("Praised.", a.Ratings[1].Comment);
        Assert.Null(a.Employee);

        var r = EvaluationSnapshot.Read(reopened);
        Assert.Equal(EvaluationStatus.Closed, r.Status);
        Assert.Equal("I disagree.", r.EmployeeComment);
        Assert.Equal("Walk-In Unit", r.Evidence!.UnitName);
        Assert.Equal(12, Assert.Single(r.Evidence.Metrics).ApprovedMonths);
    }
}
