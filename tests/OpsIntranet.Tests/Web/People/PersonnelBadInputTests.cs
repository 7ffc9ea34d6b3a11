using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.People;

public class PersonnelBadInputTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private const string Encoded = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;";
    private const string Beatriz = "beatriz.souza@cityutility.example";

    private async Task<int> EmployeeAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task FreeText_WithHtmlAndScript_IsShownAsTextEverywhere()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var beatrizId = await EmployeeAsync(Beatriz);
        await using var db = app.Factory.CreateDbContext();

        // Every free-text field of the personnel pages gets the payload.
        var log = IdFrom(await maria.PostFormAsync($"/people/{beatrizId}/log/new", ("Type", "Coaching"), ("Date", "2026-11-10"), ("Summary", Payload), ("Details", Payload), ("SharedWithEmployee", "true")));
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/log/{log}?handler=Addendum", ("Addendum", Payload))).StatusCode);
        var action = IdFrom(await maria.PostFormAsync($"/people/{beatrizId}/discipline/new", ("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-04"), ("Policy", Payload), ("Description", Payload), ("SharedWithEmployee", "true")));
        var actionVersion = (await db.DisciplinaryActions.SingleAsync(a => a.Id == action)).Version;
        Assert.Equal(HttpStatusCode.Redirect, (await kevin.PostFormAsync($"/discipline/{action}?handler=Approve", ("Version", actionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("note", Payload))).StatusCode);
        var rec = IdFrom(await maria.PostFormAsync("/recommendations/new", ("Type", "Promotion"), ("EmployeeId", V(beatrizId)), ("Justification", Payload), ("SharedWithEmployee", "true")));
        var hire = IdFrom(await maria.PostFormAsync("/recommendations/new", ("Type", "Hire"), ("CandidateName", Payload), ("UnitId", V(await db.Units.Where(u => u.Code == "QA").Select(u => u.Id).SingleAsync())), ("Justification", "Good.")));
        var patriciaUser = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
        var cycle = await maria.PostFormAsync("/evaluations/cycles/new", ("Name", Payload), ("Kind", "Special"), ("PeriodStart", "2026-04-01"), ("PeriodEnd", "2026-09-30"), ("DueDate", "2026-12-01"),
            ("ReviewerUserId", V(patriciaUser)), ("EmployeeIds", V(beatrizId)));
        var cycleId = IdFrom(cycle);
        var evaluation = await db.Evaluations.Include(e => e.Ratings).SingleAsync(e => e.CycleId == cycleId);
        var fields = new List<(string, string)> { ("Version", V((int)evaluation.Version)), ("Strengths", Payload), ("AreasToImprove", Payload), ("DevelopmentPlan", Payload) };
        foreach (var r in evaluation.Ratings) { fields.Add(($"Rating-{r.Id}", "3")); fields.Add(($"Comment-{r.Id}", Payload)); }
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/evaluations/{evaluation.Id}?handler=Submit", fields.ToArray())).StatusCode);
        var submitted = await db.Evaluations.AsNoTracking().SingleAsync(e => e.Id == evaluation.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await patricia.PostFormAsync($"/evaluations/{evaluation.Id}?handler=Return", ("Version", V((int)submitted.Version)), ("note", Payload))).StatusCode);
        var person = IdFrom(await kevin.PostFormAsync("/people/new", ("FirstName", Payload), ("LastName", "Smith"), ("Position", Payload), ("Email", "new.hire@cityutility.example"),
            ("HireDate", "2026-11-02"), ("IsActive", "true")));

        // Stored as typed; shown as text on every page that shows it.
        Assert.Equal(Payload, (await db.PerformanceLog.SingleAsync(e => e.Id == log)).Summary);
        var pages = new (HttpClient Client, string Url)[]
        {
            (maria, $"/people/{beatrizId}"), (maria, $"/log/{log}"), (maria, $"/discipline/{action}"), (maria, $"/recommendations/{rec}"), (maria, $"/recommendations/{hire}"),
            (maria, "/recommendations"), (maria, $"/evaluations/{evaluation.Id}"), (maria, $"/evaluations/cycles/{cycleId}"), (maria, "/evaluations"), (maria, "/"),
            (kevin, $"/people/{person}"), (kevin, "/people?Status=all"), (kevin, "/admin/audit"), (kevin, $"/people/{person}/edit"),
            (await app.Factory.SignedInClientAsync(Beatriz), $"/people/{beatrizId}"),
        };
        foreach (var (client, url) in pages)
        {
            var html = await client.GetStringAsync(url);
            Assert.False(html.Contains(Payload, StringComparison.Ordinal), $"{url} shows the payload as HTML.");
            Assert.True(html.Contains(Encoded, StringComparison.Ordinal) || html.Contains("&lt;script&gt;", StringComparison.Ordinal), $"{url} does not show the payload as text.");
        }
    }

    [Fact]
    public async Task EmptyAndOverLongTexts_AreRefusedWithTheLimit_AndNothingIsSaved()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var beatrizId = await EmployeeAsync(Beatriz);
        await using var db = app.Factory.CreateDbContext();
        var before = (await db.PerformanceLog.CountAsync(), await db.DisciplinaryActions.CountAsync(), await db.Recommendations.CountAsync(), await db.EvaluationCycles.CountAsync());

        var empty = await maria.PostFormAsync($"/people/{beatrizId}/log/new", ("Type", "Observation"), ("Date", "2026-11-10"), ("Summary", "   "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Write a one-line summary.", (await empty.ParseAsync()).Text("#Summary-error"));
        var longSummary = await maria.PostFormAsync($"/people/{beatrizId}/log/new", ("Type", "Observation"), ("Date", "2026-11-10"), ("Summary", new string('a', 201)), ("Details", new string('b', 4001)));
        var page = await longSummary.ParseAsync();
        Assert.Equal("Keep this under 200 characters (it has 201).", page.Text("#Summary-error"));
        Assert.Equal("Keep this under 4,000 characters (it has 4,001).", page.Text("#Details-error"));
        // What was typed comes back in the form.
        Assert.Equal(new string('a', 201), page.QuerySelector("#Summary")!.GetAttribute("value"));

        var discipline = await maria.PostFormAsync($"/people/{beatrizId}/discipline/new", ("Level", "WrittenReprimand"), ("IncidentDate", "2026-11-01"), ("Policy", ""), ("Description", new string('c', 4001)));
        page = await discipline.ParseAsync();
        Assert.Equal("Name the policy, rule or reason.", page.Text("#Policy-error"));
        Assert.Contains("under 4,000 characters", page.Text("#Description-error"));

        var rec = await maria.PostFormAsync("/recommendations/new", ("Type", "Promotion"), ("EmployeeId", V(beatrizId)), ("Justification", ""));
        Assert.Equal("Give the justification.", (await rec.ParseAsync()).Text("#Justification-error"));

        var cycle = await maria.PostFormAsync("/evaluations/cycles/new", ("Name", new string('n', 121)), ("Kind", "Annual"), ("PeriodStart", "2025-10-01"), ("PeriodEnd", "2026-09-30"), ("DueDate", "2026-11-30"));
        page = await cycle.ParseAsync();
        Assert.Contains("under 120 characters", page.Text("#Name-error"));
        Assert.Equal("Choose at least one employee.", page.Text("#EmployeeIds-error"));
        Assert.Equal("Choose the reviewer from the list.", page.Text("#ReviewerUserId-error"));

        Assert.Equal(before, (await db.PerformanceLog.CountAsync(), await db.DisciplinaryActions.CountAsync(), await db.Recommendations.CountAsync(), await db.EvaluationCycles.CountAsync()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("abc")]
    [InlineData("2.5")]
    [InlineData("-3")]
    public async Task Ratings_OutsideOneToFive_AreRefused(string rating)
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        // The demo's draft evaluation of Omar Haddad (Walk-In).
        var ev = await db.Evaluations.Include(e => e.Ratings).SingleAsync(e => e.Employee!.Email == DemoUsers.WalkInSupervisor && e.Cycle!.Kind == OpsIntranet.Core.Evaluations.CycleKind.Annual);
        var first = ev.Ratings.OrderBy(r => r.SortOrder).First();
        var response = await maria.PostFormAsync($"/evaluations/{ev.Id}?handler=Save", ("Version", V((int)ev.Version)), ($"Rating-{first.Id}", rating), ($"Comment-{first.Id}", "kept"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Rate from 1 (unsatisfactory) to 5 (exceptional).", (await response.ParseAsync()).Text($"#Rating-{first.Id}-error"));
        db.ChangeTracker.Clear();
        Assert.Equal(first.Rating, (await db.EvaluationRatings.SingleAsync(r => r.Id == first.Id)).Rating);
        Assert.Equal(ev.Version, (await db.Evaluations.SingleAsync(e => e.Id == ev.Id)).Version);
    }

    [Fact]
    public async Task CompetencyWeights_ThatDoNotAddUpTo100_AreRefused_AndAValidChangeOnlyReachesNewEvaluations()
    {
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        await using var db = app.Factory.CreateDbContext();
        var catalog = await db.Competencies.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync();
        List<(string, string)> Form(Func<int, string> weight, Func<int, string>? name = null)
        {
            var f = new List<(string, string)> { ("count", V(catalog.Count)) };
            for (var i = 0; i < catalog.Count; i++)
                f.AddRange([($"Id-{i}", V(catalog[i].Id)), ($"Name-{i}", name?.Invoke(i) ?? catalog[i].Name), ($"Description-{i}", catalog[i].Description), ($"Weight-{i}", weight(i)), ($"Active-{i}", "true")]);
            return f;
        }

        var ninetyFive = await kevin.PostFormAsync("/admin/competencies", Form(i => V(i == 0 ? catalog[0].Weight - 5 : catalog[i].Weight)).ToArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ninetyFive.StatusCode);
        Assert.Contains("add up to 95; they must add up to exactly 100", (await ninetyFive.ParseAsync()).Text("#Weights-error"));
        var junk = await kevin.PostFormAsync("/admin/competencies", Form(i => i == 1 ? "ten" : V(catalog[i].Weight), i => i == 2 ? "" : catalog[i].Name).ToArray());
        var page = await junk.ParseAsync();
        Assert.Equal("The weight is a whole number from 0 to 100.", page.Text("#Weight-1-error"));
        Assert.Equal("Name the competency.", page.Text("#Name-2-error"));
        Assert.Equal(catalog.Select(c => c.Weight), await db.Competencies.AsNoTracking().OrderBy(c => c.SortOrder).Select(c => c.Weight).ToListAsync());

        // A form that does not carry every competency is out of date: nothing is saved.
        var partial = Form(i => V(catalog[i].Weight)).Where(f => !f.Item1.EndsWith("-9", StringComparison.Ordinal)).ToArray();
        var stale = await kevin.PostFormAsync("/admin/competencies", partial);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone changed the competencies", (await stale.ParseAsync()).Text("#form-error"));

        // Move 5 points from the first competency to the second: new evaluations get it, those under way keep theirs.
        var ok = await kevin.PostFormAsync("/admin/competencies", Form(i => V(i == 0 ? catalog[0].Weight - 5 : i == 1 ? catalog[1].Weight + 5 : catalog[i].Weight)).ToArray());
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(catalog[0].Weight, await db.EvaluationRatings.Where(r => r.CompetencyId == catalog[0].Id).Select(r => r.Weight).FirstAsync());
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var reviewer = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
        var cycleId = IdFrom(await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "After the weights changed"), ("Kind", "Special"), ("PeriodStart", "2026-10-01"), ("PeriodEnd", "2026-10-31"),
            ("DueDate", "2026-12-15"), ("ReviewerUserId", V(reviewer)), ("EmployeeIds", V(await EmployeeAsync(Beatriz)))));
        Assert.Equal(catalog[0].Weight - 5, await db.EvaluationRatings.Where(r => r.Evaluation!.CycleId == cycleId && r.CompetencyId == catalog[0].Id).Select(r => r.Weight).SingleAsync());
    }

    [Fact]
    public async Task Dates_OutOfOrderOrOutsideTheirPeriod_AreRefused()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var beatrizId = await EmployeeAsync(Beatriz);
        await using var db = app.Factory.CreateDbContext();
        var beatriz = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == beatrizId);

        var reversed = await (await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "x"), ("Kind", "Annual"), ("PeriodStart", "2026-09-30"), ("PeriodEnd", "2025-10-01"), ("DueDate", "2026-11-30"), ("EmployeeIds", V(beatrizId)))).ParseAsync();
        Assert.Equal("The period ends before it starts.", reversed.Text("#PeriodEnd-error"));
        var inside = await (await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "x"), ("Kind", "Annual"), ("PeriodStart", "2025-10-01"), ("PeriodEnd", "2026-09-30"), ("DueDate", "2026-06-30"), ("EmployeeIds", V(beatrizId)))).ParseAsync();
        Assert.Contains("The due date falls inside the period", inside.Text("#DueDate-error"));
        var late = await (await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "x"), ("Kind", "Annual"), ("PeriodStart", "2025-10-01"), ("PeriodEnd", "2026-09-30"), ("DueDate", "2027-06-30"), ("EmployeeIds", V(beatrizId)))).ParseAsync();
        Assert.Contains("more than six months after the period", late.Text("#DueDate-error"));

        var future = await (await maria.PostFormAsync($"/people/{beatrizId}/log/new", ("Type", "Observation"), ("Date", "2026-12-01"), ("Summary", "s"))).ParseAsync();
        Assert.Equal("The date cannot be in the future.", future.Text("#Date-error"));
        var beforeHire = beatriz.HireDate.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var prehire = await (await maria.PostFormAsync($"/people/{beatrizId}/discipline/new", ("Level", "WrittenReprimand"), ("IncidentDate", beforeHire), ("Policy", "p"), ("Description", "d"))).ParseAsync();
        Assert.Contains("before Beatriz Souza was hired", prehire.Text("#IncidentDate-error"));
        var badDate = await (await maria.PostFormAsync($"/people/{beatrizId}/log/new", ("Type", "Observation"), ("Date", "2026-02-30"), ("Summary", "s"))).ParseAsync();
        Assert.Contains("Give the date", badDate.Text("#Date-error"));

        var edit = await kevin.GetDocumentAsync($"/people/{beatrizId}/edit");
        var leftBeforeHired = await kevin.PostFormAsync($"/people/{beatrizId}/edit", ("Version", edit.Version()), ("FirstName", "Beatriz"), ("LastName", "Souza"), ("Position", beatriz.Position),
            ("Email", "not an address"), ("UnitId", V(beatriz.UnitId!.Value)), ("ReportsToId", V(beatrizId)), ("HireDate", beatriz.HireDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("IsActive", "false"), ("LeftOn", beforeHire));
        var shown = await leftBeforeHired.ParseAsync();
        Assert.Equal("The last day is before the hire date.", shown.Text("#LeftOn-error"));
        Assert.Equal("A person cannot report to themselves.", shown.Text("#ReportsToId-error"));
        Assert.Contains("Enter an e-mail address", shown.Text("#Email-error"));
        Assert.True((await db.Employees.AsNoTracking().SingleAsync(e => e.Id == beatrizId)).IsActive);
    }
}
