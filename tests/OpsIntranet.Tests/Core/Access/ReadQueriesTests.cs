using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Access;

/// <summary>
/// The reads that documents need, called the way a job calls them (a service scope, no HTTP context,
/// a viewer built for a user id), return what the page shows the same person, and audit the same way.
/// </summary>
public class ReadQueriesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<(int UserId, int EmployeeId)> PersonAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.EmployeeId }).SingleAsync();
        return (user.Id, user.EmployeeId!.Value);
    }

    /// <summary>How many records about the subject the user's reads named (a list shown at once is one entry naming each).</summary>
    private async Task<int> AuditedRecordsAsync(int userId, int subject, string detail)
    {
        await using var db = app.Factory.CreateDbContext();
        return (await db.AuditEntries.Where(a => a.UserId == userId && a.SubjectEmployeeId == subject && a.Detail == detail).Select(a => a.RecordIds).ToListAsync())
            .Sum(ids => ids?.Length ?? 1);
    }

    [Fact]
    public async Task PersonFile_WithoutHttpContext_SameRecordsAndAuditAsTheProfilePage()
    {
        var maria = await PersonAsync(DemoUsers.ManagerA);
        var dana = await PersonAsync(DemoUsers.UccSupervisor);

        var before = await AuditedRecordsAsync(maria.UserId, dana.EmployeeId, PersonFileQuery.ListedOnProfile);
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var page = await client.GetDocumentAsync($"/people/{dana.EmployeeId}");
        var byPage = await AuditedRecordsAsync(maria.UserId, dana.EmployeeId, PersonFileQuery.ListedOnProfile) - before;

        PersonFile file;
        using (var scope = app.Factory.Services.CreateScope())
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(maria.UserId);
            file = (await scope.ServiceProvider.GetRequiredService<PersonFileQuery>().LoadAsync(viewer, dana.EmployeeId))!;
        }
        var byQuery = await AuditedRecordsAsync(maria.UserId, dana.EmployeeId, PersonFileQuery.ListedOnProfile) - before - byPage;

        Assert.True(file.FullFile);
        Assert.Equal(page.QuerySelectorAll("#evaluations tbody a").Select(a => a.GetAttribute("href")).ToArray(),
            file.Evaluations.Select(e => $"/evaluations/{e.Id}").ToArray());
        Assert.Equal(page.QuerySelectorAll("[data-log]").Select(r => r.GetAttribute("data-log")).ToArray(),
            file.Log.Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.NotEmpty(file.Evaluations);
        // Every evaluation, log entry, disciplinary action and recommendation read is named in the audit, whoever reads.
        Assert.Equal(file.Evaluations.Count + file.Log.Count + file.Discipline.Count + file.Recommendations.Count, byPage);
        Assert.Equal(byPage, byQuery);
    }

    [Fact]
    public async Task PersonFile_OutOfScope_IsNotThereAndNothingIsAudited()
    {
        var james = await PersonAsync(DemoUsers.ManagerB);
        var dana = await PersonAsync(DemoUsers.UccSupervisor);
        using var scope = app.Factory.Services.CreateScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(james.UserId);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<PersonFileQuery>().LoadAsync(viewer, dana.EmployeeId));
        Assert.Equal(0, await AuditedRecordsAsync(james.UserId, dana.EmployeeId, PersonFileQuery.ListedOnProfile));
    }

    [Fact]
    public async Task Evaluation_WithoutHttpContext_SubjectSeesTheSameHistoryAsOnThePage()
    {
        var dana = await PersonAsync(DemoUsers.UccSupervisor);
        await using var db = app.Factory.CreateDbContext();
        var id = await db.Evaluations.Where(e => e.EmployeeId == dana.EmployeeId && e.Status >= EvaluationStatus.Approved).Select(e => e.Id).FirstAsync();

        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var page = await client.GetDocumentAsync($"/evaluations/{id}");
        EvaluationRecord record;
        using (var scope = app.Factory.Services.CreateScope())
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(dana.UserId);
            record = (await scope.ServiceProvider.GetRequiredService<EvaluationQuery>().LoadAsync(viewer, id))!;
        }

        Assert.True(record.Can.IsSelf);
        Assert.False(record.Can.Write || record.Can.Review || record.Can.Close || record.Can.Reopen);
        var rows = page.QuerySelectorAll("#history tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(rows.Select(r => r[1]).ToArray(), record.History.Select(h => h.Step.ToString()).ToArray());
        // The evaluator's and reviewer's notes are theirs: the employee's copy carries only her own acknowledgement.
        Assert.All(record.History.Where(h => h.Step != EvaluationStep.Acknowledged), h => Assert.Null(h.Note));
        // The page writes a dash where there is no note.
        Assert.Equal(rows.Select(r => r[3]).ToArray(), record.History.Select(h => h.Note ?? "—").ToArray());
        Assert.Equal(record.Evidence.Metrics.Count, page.QuerySelectorAll("#evidence-metrics tbody tr").Length);
    }

    [Fact]
    public async Task Evaluation_OtherManager_IsNotThere()
    {
        var james = await PersonAsync(DemoUsers.ManagerB);
        var dana = await PersonAsync(DemoUsers.UccSupervisor);
        await using var db = app.Factory.CreateDbContext();
        var id = await db.Evaluations.Where(e => e.EmployeeId == dana.EmployeeId).Select(e => e.Id).FirstAsync();
        using var scope = app.Factory.Services.CreateScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(james.UserId);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<EvaluationQuery>().LoadAsync(viewer, id));
    }

    [Theory]
    [InlineData(DemoUsers.ManagerA)]
    [InlineData(DemoUsers.UccSupervisor)]
    [InlineData(DemoUsers.Administrator)]
    public async Task HomeInbox_WithoutHttpContext_SameItemsAsTheHomePage(string email)
    {
        var person = await PersonAsync(email);
        var client = await app.Factory.SignedInClientAsync(email);
        var page = await client.GetDocumentAsync("/");
        HomeInbox inbox;
        using (var scope = app.Factory.Services.CreateScope())
        {
            var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(person.UserId);
            inbox = await scope.ServiceProvider.GetRequiredService<InboxService>().HomeAsync(viewer);
        }
        Assert.Equal(page.QuerySelectorAll("#waiting a").Select(a => a.GetAttribute("href")).ToArray(), inbox.Waiting.Select(w => w.Url).ToArray());
        Assert.Equal(inbox.ToDo.Count, page.QuerySelectorAll("a").Count(a => a.TextContent == "Open the form"));
    }
}
