using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.People;
using OpsIntranet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Web.People;

/// <summary>
/// Who may open and post to every personnel page. The list of pages comes from the app itself
/// (every Razor page in the personnel folders, every route and every post handler), so a new page
/// or handler without a rule here fails the test. Records are about Dana Reyes (UCC supervisor):
/// her own (subject), her manager's (in scope), another manager's (out of scope), the deputy
/// director who reviews her evaluation (leadership), another supervisor and an administrator.
/// Posts carry a stale version or empty fields, so an allowed post is refused with 409 or 422 and
/// changes nothing, while a forbidden one must be 404 before anything is looked at.
/// </summary>
public class AccessMatrixTests(AccessMatrixTests.Fixture app, ITestOutputHelper output) : IClassFixture<AccessMatrixTests.Fixture>
{
    public enum Persona { Admin, ManagerIn, ManagerOut, Leadership, Subject, OtherSupervisor }

    private static readonly Dictionary<Persona, string> Emails = new()
    {
        [Persona.Admin] = DemoUsers.Administrator, [Persona.ManagerIn] = DemoUsers.ManagerA, [Persona.ManagerOut] = DemoUsers.ManagerB,
        [Persona.Leadership] = DemoUsers.Leadership, [Persona.Subject] = DemoUsers.UccSupervisor, [Persona.OtherSupervisor] = DemoUsers.WalkInSupervisor,
    };

    private static readonly string[] PersonnelFolders = ["/People/", "/Discipline/", "/Recommendations/", "/Evaluations/", "/Admin/Audit/", "/Admin/Competencies/"];

    public sealed class Fixture : DemoAppFixture
    {
        public int Dana { get; private set; }
        public int DanaEvaluation { get; private set; }
        public int CycleA { get; private set; }
        public int DanaRecommendation { get; private set; }
        public int DanaDiscipline { get; private set; }
        public int PrivateLogEntry { get; private set; }
        public int SharedLogEntry { get; private set; }
        public int FreshLogEntry { get; private set; }
        /// <summary>Omar's evaluation, a draft Maria is still writing.</summary>
        public int OmarDraft { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var db = Factory.CreateDbContext();
            Dana = await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync();
            var ev = await db.Evaluations.SingleAsync(e => e.EmployeeId == Dana);
            DanaEvaluation = ev.Id;
            CycleA = ev.CycleId;
            DanaRecommendation = await db.Recommendations.Where(r => r.EmployeeId == Dana).Select(r => r.Id).SingleAsync();
            PrivateLogEntry = await db.PerformanceLog.Where(e => e.EmployeeId == Dana && !e.SharedWithEmployee).Select(e => e.Id).FirstAsync();
            SharedLogEntry = await db.PerformanceLog.Where(e => e.EmployeeId == Dana && e.SharedWithEmployee).Select(e => e.Id).FirstAsync();
            OmarDraft = await db.Evaluations.Where(e => e.Employee!.Email == DemoUsers.WalkInSupervisor && e.Status == EvaluationStatus.Draft).Select(e => e.Id).SingleAsync();

            // A disciplinary action and a fresh log entry, written by her manager through the pages.
            var maria = await Factory.SignedInClientAsync(DemoUsers.ManagerA);
            var d = await maria.PostFormAsync($"/people/{Dana}/discipline/new", ("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-02"),
                ("Policy", "Call monitoring policy"), ("Description", "Skipped two scheduled monitoring sessions."), ("SharedWithEmployee", "false"));
            DanaDiscipline = int.Parse(d.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
            var l = await maria.PostFormAsync($"/people/{Dana}/log/new", ("Type", "Observation"), ("Date", "2026-11-14"), ("Summary", "Floor walk"), ("SharedWithEmployee", "false"));
            FreshLogEntry = int.Parse(l.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed record Rule(string Url, Func<Persona, int> Get, IReadOnlyDictionary<string, Func<Persona, int>> Posts, (string Url, Func<Persona, int> Get)[]? Also = null);

    private static Func<Persona, int> Only(int allowed, int denied, params Persona[] who) => p => who.Contains(p) ? allowed : denied;
    private static readonly Persona[] Everyone = Enum.GetValues<Persona>();
    private static readonly Persona[] Managers = [Persona.Admin, Persona.ManagerIn, Persona.ManagerOut];
    private static readonly Persona[] Keepers = [Persona.Admin, Persona.ManagerIn];

    private Dictionary<string, Rule> Rules()
    {
        var f = app;
        var evaluationPosts = new Dictionary<string, Func<Persona, int>>();
        foreach (var h in new[] { "Save", "Submit", "Return", "Approve", "Close", "Reopen" })
            evaluationPosts[h] = Only(409, 404, Persona.Admin, Persona.ManagerIn, Persona.Leadership);
        evaluationPosts["Acknowledge"] = Only(409, 404, Persona.Admin, Persona.ManagerIn, Persona.Leadership, Persona.Subject);
        var disciplinePosts = new[] { "Approve", "Administer", "Withdraw", "FileGrievance", "ResolveGrievance" }.ToDictionary(h => h, _ => Only(409, 404, Keepers));
        var recommendationPosts = new[] { "Approve", "Deny", "Withdraw" }.ToDictionary(h => h, _ => Only(409, 404, Keepers));
        var adminOnly = Only(200, 404, Persona.Admin);
        return new()
        {
            ["people"] = new($"/people", Only(200, 404, Managers), new Dictionary<string, Func<Persona, int>>()),
            ["people/me"] = new("/people/me", _ => 302, new Dictionary<string, Func<Persona, int>>()),
            // Everyone's own settings; a post that lists no reminders is refused for its content.
            ["people/me/reminders"] = new("/people/me/reminders", _ => 200, new Dictionary<string, Func<Persona, int>> { [""] = _ => 422 }),
            ["people/overview"] = new("/people/overview", Only(200, 404, Persona.Admin, Persona.Leadership), new Dictionary<string, Func<Persona, int>>()),
            ["people/{id:int}"] = new($"/people/{f.Dana}", Only(200, 404, Persona.Admin, Persona.ManagerIn, Persona.Subject), new Dictionary<string, Func<Persona, int>>()),
            ["people/{id:int}/edit"] = new($"/people/{f.Dana}/edit", Only(200, 404, Persona.Admin), new Dictionary<string, Func<Persona, int>> { [""] = Only(409, 404, Persona.Admin) }),
            ["people/new"] = new("/people/new", Only(200, 404, Persona.Admin), new Dictionary<string, Func<Persona, int>> { [""] = Only(422, 404, Persona.Admin) }),
            ["people/{id:int}/log/new"] = new($"/people/{f.Dana}/log/new", Only(200, 404, Keepers), new Dictionary<string, Func<Persona, int>> { [""] = Only(422, 404, Keepers) }),
            ["log/{entryId:int}/edit"] = new($"/log/{f.FreshLogEntry}/edit", Only(200, 404, Persona.ManagerIn), new Dictionary<string, Func<Persona, int>> { [""] = Only(409, 404, Persona.ManagerIn) },
                [($"/log/{f.PrivateLogEntry}/edit", _ => 404)]), // written long ago: the correction window is closed for everyone
            ["log/{entryId:int}/{handler?}"] = new($"/log/{f.PrivateLogEntry}", Only(200, 404, Keepers), new Dictionary<string, Func<Persona, int>> { ["Addendum"] = Only(422, 404, Keepers) },
                [($"/log/{f.SharedLogEntry}", Only(200, 404, Persona.Admin, Persona.ManagerIn, Persona.Subject))]),
            ["people/{id:int}/discipline/new"] = new($"/people/{f.Dana}/discipline/new", Only(200, 404, Keepers), new Dictionary<string, Func<Persona, int>> { [""] = Only(422, 404, Keepers) }),
            ["discipline/{actionId:int}/{handler?}"] = new($"/discipline/{f.DanaDiscipline}", Only(200, 404, Keepers), disciplinePosts),
            ["recommendations"] = new("/recommendations", Only(200, 404, Managers), new Dictionary<string, Func<Persona, int>>()),
            ["recommendations/new"] = new("/recommendations/new", Only(200, 404, Managers), new Dictionary<string, Func<Persona, int>> { [""] = Only(422, 404, Managers) }),
            ["recommendations/{id:int}/{handler?}"] = new($"/recommendations/{f.DanaRecommendation}", Only(200, 404, Keepers), recommendationPosts),
            ["evaluations"] = new("/evaluations", _ => 200, new Dictionary<string, Func<Persona, int>>()),
            ["evaluations/cycles/new"] = new("/evaluations/cycles/new", Only(200, 404, Managers), new Dictionary<string, Func<Persona, int>> { [""] = Only(422, 404, Managers) }),
            ["evaluations/cycles/{cycleId:int}"] = new($"/evaluations/cycles/{f.CycleA}", Only(200, 404, Persona.Admin, Persona.ManagerIn, Persona.Leadership), new Dictionary<string, Func<Persona, int>>
            {
                // Packets are made by those who keep the files: an empty form is refused for its content; the reviewer reads but keeps no file.
                ["Generate"] = Only(422, 404, Keepers),
                // No batch of this cycle has been started here, so there is nothing to retry, for anyone (with one, Web/AccessMatrix holds it to 409 for the keepers).
                ["RetryFailed"] = _ => 404,
            }),
            ["evaluations/{id:int}/{handler?}"] = new($"/evaluations/{f.DanaEvaluation}", Only(200, 404, Persona.Admin, Persona.ManagerIn, Persona.Leadership, Persona.Subject), evaluationPosts),
            // The packet of Dana's approved evaluation: the file copy for her manager and the administrator, the reviewer's copy, her own.
            ["evaluations/{id:int}/packets/{version:int}"] = new($"/evaluations/{f.DanaEvaluation}/packets/1", Only(200, 404, Persona.Admin, Persona.ManagerIn, Persona.Leadership, Persona.Subject),
                new Dictionary<string, Func<Persona, int>>(), [($"/evaluations/{f.DanaEvaluation}/packets/99", _ => 404)]),
            // A draft's preview is for its evaluator only; an approved evaluation has packets, not previews.
            ["evaluations/{id:int}/preview/{handler?}"] = new($"/evaluations/{f.OmarDraft}/preview", Only(200, 404, Persona.ManagerIn), new Dictionary<string, Func<Persona, int>>(),
                [($"/evaluations/{f.OmarDraft}/preview/Pdf", Only(200, 404, Persona.ManagerIn)), ($"/evaluations/{f.DanaEvaluation}/preview", _ => 404)]),
            ["admin/audit"] = new("/admin/audit", adminOnly, new Dictionary<string, Func<Persona, int>>()),
            ["admin/competencies"] = new("/admin/competencies", adminOnly, new Dictionary<string, Func<Persona, int>> { [""] = Only(409, 404, Persona.Admin) }), // an empty form is out of date
        };
    }

    /// <summary>Every route and post handler of the personnel pages, read from the running app.</summary>
    private List<(string Template, string? Handler)> DiscoverEndpoints()
    {
        var descriptors = app.Factory.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>().Where(d => PersonnelFolders.Any(folder => d.ViewEnginePath.StartsWith(folder, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(descriptors);
        var found = new List<(string, string?)>();
        foreach (var d in descriptors)
        {
            var template = d.AttributeRouteInfo!.Template!;
            found.Add((template, null));
            var modelType = typeof(Program).Assembly.GetType("OpsIntranet.Web.Pages" + d.ViewEnginePath.Replace('/', '.') + "Model")
                ?? throw new InvalidOperationException($"No page model for {d.ViewEnginePath}.");
            Assert.True(typeof(PageModel).IsAssignableFrom(modelType));
            foreach (var m in modelType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
                found.Add((template, m.Name["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal)));
            Assert.DoesNotContain(modelType.GetMethods(), m => m.Name.StartsWith("OnPut", StringComparison.Ordinal) || m.Name.StartsWith("OnDelete", StringComparison.Ordinal));
        }
        return found.Distinct().ToList();
    }

    [Fact]
    public void EveryPersonnelPageAndHandler_HasAnAccessRule()
    {
        var rules = Rules();
        var missing = DiscoverEndpoints().Where(e => !rules.TryGetValue(e.Template, out var r) || e.Handler is { } h && !r.Posts.ContainsKey(h))
            .Select(e => e.Handler is null ? $"GET {e.Template}" : $"POST {e.Template} handler '{e.Handler}'").ToList();
        Assert.True(missing.Count == 0, "No access rule for: " + string.Join(", ", missing));
        var stale = rules.Keys.Where(k => DiscoverEndpoints().All(e => e.Template != k)).ToList();
        Assert.True(stale.Count == 0, "Rules for pages that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryPersonnelPageAndHandler_AnswersEachRoleAsItsRuleSays()
    {
        var rules = Rules();
        var endpoints = DiscoverEndpoints();
        var failures = new List<string>();
        var checks = 0;
        await using (var before = app.Factory.CreateDbContext()) Assert.True(await before.Evaluations.AnyAsync());
        var snapshot = await StateAsync();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            var client = await app.Factory.SignedInClientAsync(Emails[persona]);
            var token = await client.TokenAsync();
            foreach (var (template, handler) in endpoints)
            {
                var rule = rules[template];
                if (handler is null)
                {
                    foreach (var (url, expect) in new[] { (rule.Url, rule.Get) }.Concat(rule.Also ?? []))
                    {
                        var status = (int)(await client.GetAsync(url)).StatusCode;
                        checks++;
                        if (status != expect(persona)) failures.Add($"{persona} GET {url}: {status}, expected {expect(persona)}");
                    }
                }
                else
                {
                    var url = handler.Length == 0 ? rule.Url : $"{rule.Url}?handler={handler}";
                    var status = (int)(await client.PostFormAsync(url, [new("Version", "0")], token)).StatusCode;
                    checks++;
                    var expected = rule.Posts[handler](persona);
                    if (status != expected) failures.Add($"{persona} POST {url}: {status}, expected {expected}");
                }
            }
        }
        output.WriteLine($"{checks} requests checked.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Refused posts changed nothing.
        Assert.Equal(snapshot, await StateAsync());
    }

    private async Task<string> StateAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        var evaluations = await db.Evaluations.OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.Status}:{e.Revision}:{e.EvaluatorUserId}:{e.ReviewerUserId}").ToListAsync();
        var discipline = await db.DisciplinaryActions.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Status}:{a.Level}").ToListAsync();
        var recs = await db.Recommendations.OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.Status}").ToListAsync();
        var counts = $"{await db.PerformanceLog.CountAsync()}/{await db.LogAddenda.CountAsync()}/{await db.Employees.CountAsync()}/{await db.EvaluationCycles.CountAsync()}/{await db.Competencies.CountAsync(c => c.IsActive)}/{await db.Grievances.CountAsync()}";
        return string.Join("|", evaluations.Concat(discipline).Concat(recs).Append(counts));
    }

    [Fact]
    public async Task Reads_ByAnyoneButTheSubject_AreAudited()
    {
        await using var db = app.Factory.CreateDbContext();
        var before = await db.AuditEntries.CountAsync(a => a.RecordType == "Evaluation" && a.RecordId == app.DanaEvaluation && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed);
        var dana = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        await dana.GetDocumentAsync($"/evaluations/{app.DanaEvaluation}");
        Assert.Equal(before, await db.AuditEntries.CountAsync(a => a.RecordType == "Evaluation" && a.RecordId == app.DanaEvaluation && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed));

        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        await patricia.GetDocumentAsync($"/evaluations/{app.DanaEvaluation}");
        var row = await db.AuditEntries.Where(a => a.RecordType == "Evaluation" && a.RecordId == app.DanaEvaluation && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("Patricia Odum", row.UserName);
        Assert.Equal(app.Dana, row.SubjectEmployeeId);

        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await maria.GetDocumentAsync($"/discipline/{app.DanaDiscipline}");
        await maria.GetDocumentAsync($"/recommendations/{app.DanaRecommendation}");
        Assert.True(await db.AuditEntries.AnyAsync(a => a.RecordType == "Discipline" && a.RecordId == app.DanaDiscipline && a.UserName == "Maria Alvarez" && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.RecordType == "Recommendation" && a.RecordId == app.DanaRecommendation && a.UserName == "Maria Alvarez" && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed));

        // The administrator finds who looked at Dana's file.
        var admin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var page = await admin.GetDocumentAsync($"/admin/audit?Subject={app.Dana}&Action=Viewed&RecordType=Evaluation");
        var text = page.QuerySelector("#audit tbody")!.TextContent;
        Assert.Contains("Patricia Odum", text);
        // Dana reading her own evaluation is not an event: no row has her as the reader.
        Assert.All(page.QuerySelectorAll("#audit tbody tr"), tr => Assert.NotEqual("Dana Reyes", tr.Children[1].TextContent.Trim()));
        // "Evaluation #12" for one read, "2 evaluations" for a file that listed two.
        Assert.All(page.QuerySelectorAll("#audit tbody tr"), tr => Assert.Contains("evaluation", tr.Children[3].TextContent, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RefusedPosts_ThatShowTheRecordAgain_AreAuditedToo()
    {
        await using var db = app.Factory.CreateDbContext();
        int Count() => db.AuditEntries.Count(a => a.RecordType == "Evaluation" && a.RecordId == app.DanaEvaluation && a.UserName == "Patricia Odum" && a.Action == OpsIntranet.Core.Audit.AuditAction.Viewed);
        var before = Count();
        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var refused = await patricia.PostFormAsync($"/evaluations/{app.DanaEvaluation}?handler=Approve", ("Version", "0"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Dana Reyes", (await refused.ParseAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(before + 1, Count());
    }

    [Fact]
    public async Task Administrator_DoesNotKeepTheirOwnFile()
    {
        await using var db = app.Factory.CreateDbContext();
        var kevin = await db.Employees.SingleAsync(e => e.Email == DemoUsers.Administrator);
        var maria = await db.Users.SingleAsync(u => u.Email == DemoUsers.ManagerA);
        // A recommendation about the administrator himself, not shared with him.
        var rec = new PersonnelRecommendation
        {
            Type = RecommendationType.Promotion, EmployeeId = kevin.Id, Justification = "Runs the systems team well.", Status = RecommendationStatus.Pending,
            RecommendedByUserId = maria.Id, RecommendedByName = maria.DisplayName, RecommendedAt = TestClock.Now,
        };
        db.Recommendations.Add(rec);
        await db.SaveChangesAsync();

        var client = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/recommendations/{rec.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/recommendations/{rec.Id}?handler=Approve", ("Version", rec.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/people/{kevin.Id}/log/new")).StatusCode);
        var own = await client.GetDocumentAsync($"/people/{kevin.Id}");
        Assert.Contains("Your record", own.QuerySelector("main")!.TextContent);
        Assert.Null(own.QuerySelector("#recommendations"));
        var list = await client.GetDocumentAsync("/recommendations");
        Assert.DoesNotContain(list.QuerySelectorAll("#recommendations tbody tr"), r => r.GetAttribute("data-recommendation") == rec.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(RecommendationStatus.Pending, (await db.Recommendations.AsNoTracking().SingleAsync(r => r.Id == rec.Id)).Status);
    }

    [Fact]
    public async Task Leadership_SeesAggregatesOnly()
    {
        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await patricia.GetDocumentAsync("/people/overview");
        var text = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Evaluation cycles", text);
        await using var db = app.Factory.CreateDbContext();
        // No employee's name anywhere on the page.
        foreach (var name in await db.Employees.Select(e => e.FirstName + " " + e.LastName).ToListAsync())
            Assert.DoesNotContain(name, text);
        Assert.Equal(HttpStatusCode.NotFound, (await patricia.GetAsync($"/people/{app.Dana}")).StatusCode);
    }
}
