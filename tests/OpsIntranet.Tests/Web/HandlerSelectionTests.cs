using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Web;

/// <summary>
/// A request for a handler a page does not have: a POST to a page with no POST handler answers 405
/// (with Allow), an unknown ?handler= answers 404, on every page of the app (read from the running
/// app's route table, so a new page is covered without touching this test). Never a 500, never the page.
/// </summary>
public partial class HandlerSelectionTests(HandlerSelectionTests.Fixture app, ITestOutputHelper output) : IClassFixture<HandlerSelectionTests.Fixture>
{
    public sealed class Fixture : DemoAppFixture
    {
        public Dictionary<string, string> Values { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var db = Factory.CreateDbContext();
            string S(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Records in the manager's (Maria's) units, so the routes lead to real records both people may open.
            var ucc = await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
            var dana = await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync();
            var evaluation = await db.Evaluations.Where(e => e.EmployeeId == dana).Select(e => new { e.Id, e.CycleId }).SingleAsync();
            var maria = await Factory.SignedInClientAsync(DemoUsers.ManagerA);
            var log = await maria.PostFormAsync($"/people/{dana}/log/new", ("Type", "Observation"), ("Date", "2026-11-14"), ("Summary", "Floor walk"), ("SharedWithEmployee", "false"));
            var discipline = await maria.PostFormAsync($"/people/{dana}/discipline/new", ("Level", "DocumentedCounseling"), ("IncidentDate", "2026-11-02"),
                ("Policy", "Call monitoring policy"), ("Description", "Skipped two monitoring sessions."), ("SharedWithEmployee", "false"));
            Values["unit"] = S(ucc);
            Values["unitId"] = S(ucc);
            Values["metricId"] = S(await db.MetricDefinitions.Where(m => m.UnitId == ucc).OrderBy(m => m.SortOrder).Select(m => m.Id).FirstAsync());
            Values["month"] = "2026-10";
            Values["goalId"] = S(await db.UnitGoals.Where(g => g.UnitId == ucc).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync());
            Values["initiative"] = S(await db.Initiatives.Where(i => i.Units.Any(u => u.UnitId == ucc)).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
            Values["project"] = S(await db.SpecialProjects.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
            Values["person"] = S(dana);
            Values["userId"] = S(await db.Users.Where(u => u.Email == DemoUsers.UccSupervisor).Select(u => u.Id).SingleAsync());
            Values["evaluation"] = S(evaluation.Id);
            Values["cycleId"] = S(evaluation.CycleId);
            Values["recommendation"] = S(await db.Recommendations.Where(r => r.EmployeeId == dana).Select(r => r.Id).FirstAsync());
            Values["entryId"] = log.Headers.Location!.ToString().Split('/').Last();
            Values["actionId"] = discipline.Headers.Location!.ToString().Split('/').Last();
            Values["code"] = "404";
            Values["version"] = "1";
            // A report subscription Maria keeps, added through its form.
            var subscribed = await maria.PostFormAsync("/reports/subscriptions/new", ("Input.Name", "UCC report"), ("Input.ReportKind", "improvement-report"), ("Input.UnitIds", S(ucc)),
                ("Input.ScheduleKind", "MonthlyOnDay"), ("Input.Day", "12"), ("Input.TimeOfDay", "08:00"), ("Input.TimeZone", "America/New_York"),
                ("Input.Addresses", "pat.odum@cityutility.example"), ("Input.Subject", "UCC report"));
            Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
            Values["subscription"] = S(await db.ReportSubscriptions.Where(r => r.Name == "UCC report").Select(r => r.Id).SingleAsync());
            // A run of it, as its first scheduled run would make it.
            var subscriptionId = int.Parse(Values["subscription"], System.Globalization.CultureInfo.InvariantCulture);
            using (var scope = Factory.Services.CreateScope())
            {
                var ledger = scope.ServiceProvider.GetRequiredService<OpsIntranet.Core.Reports.DeliveryLedger>();
                var run = await ledger.EnsureRunAsync(new OpsIntranet.Core.Reports.RunKey("improvement-report", OpsIntranet.Core.Subscriptions.ReportSubscription.ScopeOf(subscriptionId), "2026-10"),
                    new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);
                await ledger.LinkSubscriptionAsync(run.Id, subscriptionId, CancellationToken.None);
                Values["runId"] = S(run.Id);
            }
            // The demo storm (Hurricane Delia), for the storm pages' {eventId}.
            Values["eventId"] = S(await db.StormEvents.Where(e => e.Name == OpsIntranet.Demo.DemoStorm.EventName).Select(e => e.Id).SingleAsync());
            // Its first shift, for the shift report's {shiftId}; its {unitId} is the UCC's, as for the unit pages.
            Values["shiftId"] = S(await db.StormShifts.Where(s => s.Event!.Name == OpsIntranet.Demo.DemoStorm.EventName).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());
            Values["draft"] = S(await db.Evaluations.Where(e => e.Employee!.Email == DemoUsers.WalkInSupervisor && e.Status == OpsIntranet.Core.Evaluations.EvaluationStatus.Draft).Select(e => e.Id).SingleAsync());
        }
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)(:[a-z]+)?(?<optional>\?)?\}")]
    private static partial Regex Parameter();

    /// <summary>Every page's route as a URL to a real record; a route parameter nobody gave a value for fails the test.</summary>
    private List<(string Template, string Url, bool HasUnnamedPost)> Pages()
    {
        var descriptors = app.Factory.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>().ToList();
        Assert.True(descriptors.Count > 40, $"Only {descriptors.Count} pages found.");
        var pages = new List<(string, string, bool)>();
        foreach (var d in descriptors)
        {
            var template = d.AttributeRouteInfo!.Template!;
            var first = template.Split('/')[0];
            var url = "/" + Parameter().Replace(template, m =>
            {
                var name = m.Groups["name"].Value;
                if (name == "handler") return "";
                // {id} means the record of the route's first segment.
                // A preview is of a draft (Omar's, which Maria writes); every other evaluation route takes Dana's approved one.
                var key = name == "id" && template.Contains("/preview", StringComparison.Ordinal) ? "draft" : name == "id" ? first switch { "units" => "unit", "people" => "person", "evaluations" => "evaluation", "initiatives" => "initiative", "projects" => "project", "recommendations" => "recommendation", "reports" => "subscription", _ => "?" } : name;
                return app.Values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"No value for {{{name}}} in {template}: add one to the fixture.");
            }).TrimEnd('/');
            var modelType = typeof(Program).Assembly.GetType("OpsIntranet.Web.Pages" + d.ViewEnginePath.Replace('/', '.') + "Model");
            var unnamedPost = modelType?.GetMethods().Any(m => m.Name is "OnPost" or "OnPostAsync") ?? false;
            pages.Add((template, url == "" ? "/" : url, unnamedPost));
        }
        return pages;
    }

    [Theory]
    [InlineData(DemoUsers.Administrator)]
    [InlineData(DemoUsers.ManagerA)]
    public async Task EveryPage_AnswersAMissingOrUnknownHandlerWith404Or405(string who)
    {
        var client = await app.Factory.SignedInClientAsync(who);
        var token = await client.TokenAsync();
        var failures = new List<string>();
        var pages = Pages();
        // Signing out last: its real handler would end the session.
        foreach (var (template, url, unnamedPost) in pages.OrderBy(p => p.Url.StartsWith("/account/logout", StringComparison.Ordinal)))
        {
            var join = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            // A page this role may not open at all is refused by its [Authorize] first (to the access-denied page); that is fine too.
            var plain = template == "account/logout" ? null : await client.GetAsync(url);
            if (plain is { StatusCode: HttpStatusCode.Redirect } && plain.Headers.Location!.ToString().Contains("/account/access-denied", StringComparison.Ordinal))
            {
                output.WriteLine($"{url}: not for {who}");
                continue;
            }
            var checks = new List<(string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode[] Expected)>
            {
                ($"POST {url}?handler=nope", () => client.PostFormAsync($"{url}{join}handler=nope", [], token), [HttpStatusCode.NotFound]),
                ($"GET {url}?handler=nope", () => client.GetAsync($"{url}{join}handler=nope"), [HttpStatusCode.NotFound]),
            };
            // A page without a POST handler of its own: a plain POST is not allowed.
            if (!unnamedPost) checks.Add(($"POST {url}", () => client.PostFormAsync(url, [], token), [HttpStatusCode.MethodNotAllowed]));
            foreach (var (what, send, expected) in checks)
            {
                var response = await send();
                if (!expected.Contains(response.StatusCode)) failures.Add($"{what}: {(int)response.StatusCode}");
                else if (response.StatusCode == HttpStatusCode.MethodNotAllowed && !response.Content.Headers.Allow.Contains("GET"))
                    failures.Add($"{what}: 405 without GET in Allow ({string.Join(", ", response.Content.Headers.Allow)})");
            }
        }
        output.WriteLine($"{pages.Count} pages checked as {who}.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task TheRecordsUsed_AreRealOnes()
    {
        // The URLs must lead to records that exist, or a 404 above would prove nothing.
        var admin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var missing = new List<string>();
        foreach (var (template, url, _) in Pages().Where(p => p.Template != "account/logout"))
        {
            var a = (await admin.GetAsync(url)).StatusCode;
            var m = (await maria.GetAsync(url)).StatusCode;
            if (a is not (HttpStatusCode.OK or HttpStatusCode.Redirect) && m is not (HttpStatusCode.OK or HttpStatusCode.Redirect)) missing.Add($"{url}: {(int)a}/{(int)m}");
        }
        // Dismissing needs a signal in its query; unsubscribing and setting a password a token from an e-mail (400 without one);
        // the City sign-in is there only when single sign-on is configured (the demo app has no provider).
        Assert.Equal(["/account/city-sign-in: 404/404", "/account/set-password: 400/400", "/signals/dismiss: 404/404", "/unsubscribe: 400/400"], missing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task KnownHandlers_StillWork()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Equal(HttpStatusCode.OK, (await maria.GetAsync($"/units/{app.Values["unit"]}/import?handler=Template")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await maria.GetAsync($"/units/{app.Values["unit"]}/import/Template")).StatusCode);
        // A GET-only handler named in a POST: the method is wrong, not the handler.
        var post = await maria.PostFormAsync($"/units/{app.Values["unit"]}/import?handler=Template", ("month", "2026-10"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Contains("GET", post.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await maria.PostFormAsync($"/goals/{app.Values["goalId"]}", ("Note", ""))).StatusCode);
    }
}
