using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.People;

public class DisciplineAndRecommendationTests : IAsyncLifetime
{
    // Each test has its own clone of the demo: they all record discipline for the same person, and progressive discipline reads his earlier actions.
    private readonly DemoAppFixture app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private const string Marcus = "marcus.bell@cityutility.example";

    private async Task<int> EmployeeAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    private async Task<DisciplinaryAction> ActionAsync(int id)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.DisciplinaryActions.Include(a => a.Events).Include(a => a.Grievances).AsNoTracking().SingleAsync(a => a.Id == id);
    }

    private static async Task<HttpResponseMessage> StepAsync(HttpClient client, string url, string handler, params (string, string)[] fields)
    {
        var page = await client.GetDocumentAsync(url);
        var version = page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? "0";
        return await client.PostFormAsync($"{url}?handler={handler}", fields.Append(("Version", version)).ToArray());
    }

    private static int IdFrom(HttpResponseMessage response) =>
        int.Parse(response.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Discipline_RecommendedApprovedAdministeredGrievedAndReduced_WithEveryStepRecorded()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var marcusId = await EmployeeAsync(Marcus);
        var created = await maria.PostFormAsync($"/people/{marcusId}/discipline/new", ("Level", "Suspension"), ("IncidentDate", "2026-11-03"),
            ("Policy", "Workplace conduct policy 2.1"), ("Description", "Raised his voice at an agent on the floor."), ("SharedWithEmployee", "false"),
            ("SkipJustification", "Threatening behaviour: serious misconduct."));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = IdFrom(created);
        var url = $"/discipline/{id}";

        // The recommender cannot approve their own recommendation; it cannot be administered before approval.
        var own = await StepAsync(maria, url, "Approve");
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("someone else who keeps this person's file", (await own.ParseAsync()).Text("#form-error"));
        var early = await StepAsync(maria, url, "Administer", ("effectiveDate", "2026-11-10"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("must be approved before it is administered", (await early.ParseAsync()).Text("#form-error"));
        Assert.Equal(DisciplineStatus.Recommended, (await ActionAsync(id)).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(kevin, url, "Approve", ("note", "Consistent with the policy."))).StatusCode);
        // Administering it: the date cannot come before the incident.
        var backdated = await StepAsync(maria, url, "Administer", ("effectiveDate", "2026-11-01"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backdated.StatusCode);
        Assert.Contains("cannot take effect before the incident", (await backdated.ParseAsync()).Text("#EffectiveDate-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(maria, url, "Administer", ("effectiveDate", "2026-11-10"))).StatusCode);
        var administered = await ActionAsync(id);
        Assert.Equal(DisciplineStatus.Administered, administered.Status);
        Assert.True(administered.SharedWithEmployee);
        // Once administered it can be neither withdrawn nor approved again.
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(maria, url, "Withdraw", ("reason", "Changed my mind"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(kevin, url, "Approve")).StatusCode);
        Assert.Equal(DisciplineStatus.Administered, (await ActionAsync(id)).Status);

        // A grievance is filed and resolved; the recommender may not resolve it; a reduction must go down.
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(maria, url, "FileGrievance", ("filedOn", "2026-11-12"), ("grounds", "Disproportionate to a first incident."))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(maria, url, "FileGrievance", ("filedOn", "2026-11-13"), ("grounds", "Again."))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(maria, url, "ResolveGrievance", ("outcome", "Upheld"), ("resolvedOn", "2026-11-14"), ("resolution", "Stands."))).StatusCode);
        var up = await StepAsync(kevin, url, "ResolveGrievance", ("outcome", "Reduced"), ("reducedTo", "Demotion"), ("resolvedOn", "2026-11-14"), ("resolution", "Reduced."));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, up.StatusCode);
        Assert.Contains("Choose a level below suspension", (await up.ParseAsync()).Text("#ReducedTo-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(kevin, url, "ResolveGrievance", ("outcome", "Reduced"), ("reducedTo", "WrittenReprimand"), ("resolvedOn", "2026-11-14"), ("resolution", "First incident: reduced to a written reprimand."))).StatusCode);

        var final = await ActionAsync(id);
        Assert.Equal(DisciplineLevel.WrittenReprimand, final.Level);
        Assert.Equal(DisciplineStatus.Administered, final.Status);
        Assert.Equal([DisciplineStep.Recommended, DisciplineStep.Approved, DisciplineStep.Administered, DisciplineStep.GrievanceFiled, DisciplineStep.GrievanceResolved],
            final.Events.OrderBy(e => e.Id).Select(e => e.Step).ToArray());
        Assert.Equal(["Maria Alvarez", "Kevin Tran", "Maria Alvarez", "Maria Alvarez", "Kevin Tran"], final.Events.OrderBy(e => e.Id).Select(e => e.UserName).ToArray());

        // Marcus sees the administered action on his own record, with the grievance's outcome.
        var marcus = await app.Factory.SignedInClientAsync(Marcus);
        var record = await marcus.GetDocumentAsync($"/people/{marcusId}");
        var history = record.Text("#discipline");
        Assert.Contains("Written reprimand", history);
        Assert.Contains("Reduced", history);
        // But not the performance log or other managers' notes, which are not shared.
        Assert.Null(record.QuerySelector("a[href='/people/" + marcusId + "/discipline/new']"));
    }

    [Fact]
    public async Task Discipline_Withdrawn_BeforeItIsAdministered_NeedsAReason()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var created = await maria.PostFormAsync($"/people/{await EmployeeAsync(Marcus)}/discipline/new", ("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-05"),
            ("Policy", "Attendance"), ("Description", "Late twice."));
        var url = $"/discipline/{IdFrom(created)}";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await StepAsync(maria, url, "Withdraw", ("reason", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(maria, url, "Withdraw", ("reason", "Traffic incident, documented."))).StatusCode);
        Assert.Equal(DisciplineStatus.Withdrawn, (await ActionAsync(IdFrom(created))).Status);
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(kevin, url, "Approve")).StatusCode);
    }

    [Fact]
    public async Task Recommendations_DecidedByAnotherPerson_FinalOnceDecided_AndFilterable()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        await using var db = app.Factory.CreateDbContext();
        var marcus = await db.Employees.SingleAsync(e => e.Email == Marcus);
        string U(string code) => db.Units.Single(u => u.Code == code).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A transfer into the unit he is already in, and a hire for a unit she does not manage, are refused.
        var same = await maria.PostFormAsync("/recommendations/new", ("Type", "Transfer"), ("EmployeeId", marcus.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("UnitId", U("UCC")), ("Justification", "x"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Contains("already works in that unit", (await same.ParseAsync()).Text("#UnitId-error"));
        var foreign = await maria.PostFormAsync("/recommendations/new", ("Type", "Hire"), ("CandidateName", "Sam Ortiz"), ("UnitId", U("CUS")), ("Justification", "Strong candidate."));
        Assert.Contains("units you manage", (await foreign.ParseAsync()).Text("#UnitId-error"));

        var created = await maria.PostFormAsync("/recommendations/new", ("Type", "Transfer"), ("EmployeeId", marcus.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("UnitId", U("TRN")),
            ("Justification", "Would lead the new-hire floor support."), ("EffectiveDate", "2027-01-04"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = $"/recommendations/{IdFrom(created)}";

        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(maria, url, "Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await james.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await james.PostFormAsync($"{url}?handler=Approve", ("Version", "0"))).StatusCode);
        var bare = await StepAsync(kevin, url, "Deny", ("note", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        Assert.Contains("Say why", (await bare.ParseAsync()).Text("#Note-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(kevin, url, "Deny", ("note", "Training is fully staffed until spring."))).StatusCode);
        // A hand-made approval with the current version: the decision stands.
        var current = (await db.Recommendations.AsNoTracking().SingleAsync(r => r.Id == IdFrom(created))).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var again = await kevin.PostFormAsync($"{url}?handler=Approve", ("Version", current));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("a decision is final", (await again.ParseAsync()).Text("#form-error"));
        var denied = await db.Recommendations.AsNoTracking().SingleAsync(r => r.Id == IdFrom(created));
        Assert.Equal(RecommendationStatus.Denied, denied.Status);
        Assert.Equal("Kevin Tran", denied.DecidedByName);
        Assert.NotNull(denied.DecidedAt);

        // The department list filters by kind and status.
        var list = await maria.GetDocumentAsync("/recommendations?Type=Transfer&Status=Denied");
        var rows = list.QuerySelectorAll("#recommendations tbody tr");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Denied", r.TextContent));
        Assert.Contains(rows, r => r.TextContent.Contains("Marcus Bell", StringComparison.Ordinal));
        Assert.DoesNotContain((await james.GetDocumentAsync("/recommendations?Type=Transfer")).QuerySelectorAll("#recommendations tbody tr"), r => r.TextContent.Contains("Marcus Bell", StringComparison.Ordinal));
    }
}
