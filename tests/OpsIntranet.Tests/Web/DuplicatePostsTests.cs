using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web;

/// <summary>
/// A create form sent twice, one after the other (a resent page) or at the same moment (a double
/// click), saves one record, and both answers lead to it. Each form is read from its page as a browser
/// would post it, with the one-time token the page put in it.
/// </summary>
public class DuplicatePostsTests(DuplicatePostsTests.Fixture app) : IClassFixture<DuplicatePostsTests.Fixture>
{
    public sealed class Fixture : DemoAppFixture
    {
        public int Ucc { get; private set; }
        public int Dana { get; private set; }
        public int Patricia { get; private set; }
        public int LogEntry { get; private set; }
        public int Goal { get; private set; }
        public int Initiative { get; private set; }
        public int Project { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var db = Factory.CreateDbContext();
            Ucc = await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
            Dana = await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync();
            Patricia = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
            LogEntry = await db.PerformanceLog.Where(e => e.EmployeeId == Dana).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
            Goal = await db.UnitGoals.Where(g => g.UnitId == Ucc && g.FiscalYear == 2027).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync();
            Initiative = await db.Initiatives.Where(i => i.Units.Any(u => u.UnitId == Ucc) && i.Status == OpsIntranet.Core.Improvement.InitiativeStatus.Active).Select(i => i.Id).FirstAsync();
            // A committee Maria recorded, so she keeps it up to date.
            var maria = await Factory.SignedInClientAsync(DemoUsers.ManagerA);
            var project = await maria.PostFormAsync("/projects/new", ("Kind", "Committee"), ("Name", "Holiday staffing"), ("Purpose", "Cover the holiday weeks."), ("Status", "Active"), ("StartDate", "2026-10-01"));
            Project = int.Parse(project.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One create form: who sends it, the page it is on, the field that finds it, its values for a run, and how many records carry a run's text.</summary>
    public sealed record Form(string Who, Func<Fixture, string> Page, string Field, Func<Fixture, string, (string, string)[]> Values, Func<AppDbContext, string, Task<int>> Count);

    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Dictionary<string, Form> Forms = new()
    {
        ["log entry"] = new(DemoUsers.ManagerA, f => $"/people/{f.Dana}/log/new", "Summary",
            (_, t) => [("Type", "Observation"), ("Date", "2026-11-14"), ("Summary", t)], (db, t) => db.PerformanceLog.CountAsync(e => e.Summary == t)),
        ["log addendum"] = new(DemoUsers.ManagerA, f => $"/log/{f.LogEntry}", "Addendum",
            (_, t) => [("Addendum", t)], (db, t) => db.LogAddenda.CountAsync(a => a.Text == t)),
        ["disciplinary action"] = new(DemoUsers.ManagerA, f => $"/people/{f.Dana}/discipline/new", "Description",
            (_, t) => [("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-02"), ("Policy", "Attendance"), ("Description", t)], (db, t) => db.DisciplinaryActions.CountAsync(a => a.Description == t)),
        ["recommendation"] = new(DemoUsers.ManagerA, _ => "/recommendations/new", "Justification",
            (f, t) => [("Type", "Promotion"), ("EmployeeId", V(f.Dana)), ("Justification", t)], (db, t) => db.Recommendations.CountAsync(r => r.Justification == t)),
        ["evaluation cycle"] = new(DemoUsers.ManagerA, _ => "/evaluations/cycles/new", "Name",
            // Each run covers its own period, so the two runs are not the same cycle twice.
            (f, t) => [("Name", t), ("Kind", "Special"), ("PeriodStart", t.EndsWith("_1") ? "2026-01-01" : "2026-04-01"), ("PeriodEnd", t.EndsWith("_1") ? "2026-03-31" : "2026-06-30"),
                       ("DueDate", t.EndsWith("_1") ? "2026-09-15" : "2026-12-15"), ("EmployeeIds", V(f.Dana)), ("ReviewerUserId", V(f.Patricia))],
            (db, t) => db.EvaluationCycles.CountAsync(c => c.Name == t)),
        ["goal"] = new(DemoUsers.ManagerA, f => $"/units/{f.Ucc}/goals/new", "Input.Statement",
            (_, t) => [("Input.Statement", t), ("Input.Weight", "0"), ("Input.DueDate", "2027-06-30")], (db, t) => db.UnitGoals.CountAsync(g => g.Statement == t)),
        ["goal update"] = new(DemoUsers.ManagerA, f => $"/goals/{f.Goal}", "Note",
            (_, t) => [("UpdateDate", "2026-11-14"), ("Note", t)], (db, t) => db.GoalUpdates.CountAsync(u => u.Note == t)),
        ["initiative"] = new(DemoUsers.ManagerA, _ => "/initiatives/new", "ProblemStatement",
            (f, t) => [("Title", t), ("ProblemStatement", "Repeat calls about estimated bills."), ("UnitIds", V(f.Ucc))], (db, t) => db.Initiatives.CountAsync(i => i.Title == t)),
        ["initiative action"] = new(DemoUsers.ManagerA, f => $"/initiatives/{f.Initiative}", "actionDescription",
            (f, t) => [("actionDescription", t), ("actionOwner", V(f.Dana)), ("actionDue", "2026-12-15")], (db, t) => db.InitiativeActions.CountAsync(a => a.Description == t)),
        ["initiative update"] = new(DemoUsers.ManagerA, f => $"/initiatives/{f.Initiative}", "updateNote",
            (_, t) => [("updateDate", "2026-11-14"), ("updateNote", t)], (db, t) => db.InitiativeUpdates.CountAsync(u => u.Note == t)),
        ["project"] = new(DemoUsers.ManagerA, _ => "/projects/new", "Purpose",
            (_, t) => [("Kind", "Project"), ("Name", t), ("Purpose", "Move the walk-in queue to tickets."), ("StartDate", "2026-11-01")], (db, t) => db.SpecialProjects.CountAsync(p => p.Name == t)),
        ["project member"] = new(DemoUsers.ManagerA, f => $"/projects/{f.Project}", "role",
            (_, t) => [("externalName", t), ("role", "Adviser")], (db, t) => db.ProjectMembers.CountAsync(m => m.ExternalName == t)),
        ["project meeting"] = new(DemoUsers.ManagerA, f => $"/projects/{f.Project}", "entryTitle",
            (_, t) => [("entryKind", "Meeting"), ("entryDate", "2026-11-10"), ("entryTitle", t)], (db, t) => db.ProjectEntries.CountAsync(e => e.Title == t)),
        ["employee"] = new(DemoUsers.Administrator, _ => "/people/new", "FirstName",
            (f, t) => [("FirstName", "Sam"), ("LastName", t), ("Position", "Customer Service Representative"), ("Email", $"{t}@cityutility.example"), ("UnitId", V(f.Ucc)), ("HireDate", "2026-11-02")],
            (db, t) => db.Employees.CountAsync(e => e.LastName == t)),
        ["metric"] = new(DemoUsers.ManagerA, f => $"/units/{f.Ucc}/metrics/new", "Input.Name",
            (_, t) => [("Input.Name", t), ("Input.Code", t), ("Input.UnitOfMeasure", "Count"), ("Input.Direction", "Informational"), ("Input.Decimals", "0")],
            (db, t) => db.MetricDefinitions.CountAsync(m => m.Code == t)),
    };

    public static TheoryData<string> FormNames() => [.. Forms.Keys];

    [Theory]
    [MemberData(nameof(FormNames))]
    public async Task CreateForm_SentTwice_SavesOneRecord(string name)
    {
        var form = Forms[name];
        var client = await app.Factory.SignedInClientAsync(form.Who);
        await using var db = app.Factory.CreateDbContext();
        var tag = name.Replace(' ', '_');

        // One after the other: the second is answered with the first one's record.
        var text = $"dup_{tag}_1";
        var (url, fields) = await ReadFormAsync(client, form, text);
        var first = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, $"{name}: the first post answered {(int)first.StatusCode}: {(await first.ParseAsync()).QuerySelector(".invalid-feedback, #form-error")?.TextContent}");
        var second = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await form.Count(db, text));

        // At the same moment: one waits for the other's claim, whichever comes first.
        text = $"dup_{tag}_2";
        (url, fields) = await ReadFormAsync(client, form, text);
        var both = await Task.WhenAll(client.PostAsync(url, new FormUrlEncodedContent(fields)), client.PostAsync(url, new FormUrlEncodedContent(fields)));
        foreach (var r in both)
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{name}: a post sent at the same moment answered {(int)r.StatusCode}: {(await r.ParseAsync()).QuerySelector(".invalid-feedback, #form-error")?.TextContent}");
        Assert.Equal(both[0].Headers.Location, both[1].Headers.Location);
        Assert.Equal(1, await form.Count(db, text));
    }

    [Fact]
    public async Task CompetencyCatalog_SentTwiceWithANewCompetency_AddsItOnce()
    {
        var admin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        await using var db = app.Factory.CreateDbContext();
        foreach (var run in new[] { "1", "2" })
        {
            var page = await admin.GetDocumentAsync("/admin/competencies");
            var blank = page.QuerySelectorAll("input[name^='Name-']").Last(i => string.IsNullOrEmpty(i.GetAttribute("value")));
            var i = blank.GetAttribute("name")!["Name-".Length..];
            var text = $"Dup competency {run}";
            var fields = page.FormWith("count").Fields(($"Name-{i}", text), ($"Description-{i}", "Rated twice?"), ($"Weight-{i}", "0"));
            var posts = run == "1"
                ? [await admin.PostAsync("/admin/competencies", new FormUrlEncodedContent(fields)), await admin.PostAsync("/admin/competencies", new FormUrlEncodedContent(fields))]
                : await Task.WhenAll(admin.PostAsync("/admin/competencies", new FormUrlEncodedContent(fields)), admin.PostAsync("/admin/competencies", new FormUrlEncodedContent(fields)));
            Assert.All(posts, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
            Assert.Equal(1, await db.Competencies.CountAsync(c => c.Name == text));
        }
    }

    [Fact]
    public async Task RefusedForm_CanBeCorrectedAndSent_AndTheTokenIsClaimedOnlyThen()
    {
        var form = Forms["log entry"];
        var client = await app.Factory.SignedInClientAsync(form.Who);
        var (url, fields) = await ReadFormAsync(client, form, "");
        var refused = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var token = fields.Single(f => f.Key == FormSubmissions.FieldName).Value;
        await using var db = app.Factory.CreateDbContext();
        Assert.False(await db.FormSubmissions.AnyAsync(s => s.Token == Guid.Parse(token)));

        fields.RemoveAll(f => f.Key == "Summary");
        fields.Add(new("Summary", "dup_corrected"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(url, new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(1, await form.Count(db, "dup_corrected"));
        Assert.True(await db.FormSubmissions.AnyAsync(s => s.Token == Guid.Parse(token) && s.Kind == FormKinds.LogEntry && s.RecordId != null));
    }

    private async Task<(string Url, List<KeyValuePair<string, string>> Fields)> ReadFormAsync(HttpClient client, Form form, string text)
    {
        var pageUrl = form.Page(app);
        var page = await client.GetDocumentAsync(pageUrl);
        var element = page.FormWith(form.Field);
        var fields = element.Fields(form.Values(app, text));
        Assert.Contains(fields, f => f.Key == FormSubmissions.FieldName && Guid.TryParse(f.Value, out _));
        return (element.Action(pageUrl), fields);
    }
}
