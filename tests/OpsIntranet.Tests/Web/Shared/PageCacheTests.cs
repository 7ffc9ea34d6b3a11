using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Shared;

/// <summary>
/// The dashboard, the unit page, the monthly form, the reports page and the report subscriptions are kept as rendered
/// HTML per data version and viewer (PageCache). A kept page is served without its queries, shows a change the moment it
/// is committed — by this node or by another app instance on the same database — and is never served to a viewer whose
/// scope or person differs. A kept page's forms carry the token of the request that shows them, so they post.
/// </summary>
public class PageCacheTests : IAsyncLifetime
{
    private string _cs = "";
    private readonly SqlLog _sql = new();
    private NodeWithSqlLog _nodeA = default!;

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateEmptyAsync();
        _nodeA = new NodeWithSqlLog(_cs, _sql);
        _ = _nodeA.Server;
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await TestDatabases.DropAsync(_cs);
    }

    private sealed record Department(BuiltUnit North, BuiltUnit South, BuiltMetric NorthMetric, BuiltMetric SouthMetric, BuiltUser NorthManager, BuiltUser SouthManager, BuiltUser NorthDeputy,
        BuiltUser NorthSupervisor);

    /// <summary>Two units with an approved October each; a manager of each, and a second manager of the north unit (same scope, another person).</summary>
    private async Task<Department> ArrangeAsync()
    {
        var data = new TestData(_nodeA);
        var north = await data.Unit("NOR").Named("North Office").BuildAsync();
        var south = await data.Unit("SOU").Named("South Office").BuildAsync();
        var northMetric = await data.Metric(north, "fcr").Named("North first-call resolution").Percent().HigherIsBetter().Key().Target(2026, 80, 3).Target(2027, 80, 3).BuildAsync();
        var southMetric = await data.Metric(south, "fcr").Named("South first-call resolution").Percent().HigherIsBetter().Key().Target(2026, 80, 3).Target(2027, 80, 3).BuildAsync();
        var northManager = await data.User("Nora", "Hale").ManagerOf(north).BuildAsync();
        var southManager = await data.User("Sam", "Osei").ManagerOf(south).BuildAsync();
        var northDeputy = await data.User("Dina", "Park").ManagerOf(north).BuildAsync();
        var northSupervisor = await data.User("Ned", "Ruiz").SupervisorOf(north).ReportsTo(northManager).BuildAsync();
        var southSupervisor = await data.User("Sia", "Tan").SupervisorOf(south).ReportsTo(southManager).BuildAsync();
        await data.Month(north, TestClock.LastMonth).Value(northMetric, 81.5m).EnteredBy(northSupervisor).Approved(by: northManager).BuildAsync();
        await data.Month(south, TestClock.LastMonth).Value(southMetric, 77.5m).EnteredBy(southSupervisor).Approved(by: southManager).BuildAsync();
        return new Department(north, south, northMetric, southMetric, northManager, southManager, northDeputy, northSupervisor);
    }

    private static string MetricCell(AngleSharp.Dom.IDocument page, string code) =>
        page.QuerySelector($"tr[data-metric='{code}'] td")?.TextContent.Trim() ?? "(no row)";

    private async Task<(string Html, List<string> Sql)> GetAsync(HttpClient client, string url)
    {
        _sql.Commands.Clear();
        var response = await client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), [.. _sql.Commands]);
    }

    private static async Task RenameMetricAsync(AppDbContext db, int metricId, string name)
    {
        var metric = await db.MetricDefinitions.SingleAsync(m => m.Id == metricId);
        metric.Name = name;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task KeptDashboardAndUnitPage_ChangeTheMomentTheirDataChanges_OnThisNodeAndFromAnotherNode()
    {
        var d = await ArrangeAsync();
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var dashboard = "/dashboard?month=2026-10";
        var unitPage = $"/units/{d.North.Id}?month=2026-10";

        // First view computes; the second is served as kept: not one query about submissions or values.
        var first = await GetAsync(nora, dashboard);
        Assert.Contains("North first-call resolution", first.Html);
        Assert.Contains(first.Sql, s => s.Contains("metric_submissions", StringComparison.Ordinal));
        var kept = await GetAsync(nora, dashboard);
        Assert.DoesNotContain(kept.Sql, s => s.Contains("metric_submissions", StringComparison.Ordinal) || s.Contains("metric_values", StringComparison.Ordinal));
        Assert.Contains("North first-call resolution", kept.Html);
        await GetAsync(nora, unitPage);
        var keptUnit = await GetAsync(nora, unitPage);
        Assert.DoesNotContain(keptUnit.Sql, s => s.Contains("metric_values", StringComparison.Ordinal) || s.Contains("unit_goals", StringComparison.Ordinal));

        // A change committed on this node shows on the next request.
        await using (var db = _nodeA.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<AppDbContext>())
            await RenameMetricAsync(db, d.NorthMetric.Id, "North resolved at first contact");
        Assert.Contains("North resolved at first contact", (await GetAsync(nora, dashboard)).Html);
        Assert.Contains("North resolved at first contact", (await GetAsync(nora, unitPage)).Html);

        // A second app instance on the same database changes a value and a name: node A's kept pages follow at once.
        await using (var nodeB = new OpsWebFactory(_cs))
        {
            await using var scope = nodeB.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await RenameMetricAsync(db, d.NorthMetric.Id, "North fixed on the first call");
            var value = await db.MetricValues.SingleAsync(v => v.MetricDefinitionId == d.NorthMetric.Id && v.Submission!.Month == TestClock.LastMonth);
            value.Value = 64.5m;
            await db.SaveChangesAsync();
        }
        var afterB = await _nodeA.SignedInClientAsync(d.NorthManager);
        foreach (var client in new[] { nora, afterB })
        {
            var page = await client.GetDocumentAsync(dashboard);
            Assert.Contains("North fixed on the first call", page.Body!.TextContent);
            Assert.Equal("North fixed on the first call", MetricCell(page, "fcr"));
            Assert.Contains("64.5", page.QuerySelector("tr[data-metric='fcr']")!.TextContent);
            var unit = await client.GetDocumentAsync(unitPage);
            Assert.Contains("North fixed on the first call", unit.Body!.TextContent);
            Assert.DoesNotContain("North resolved at first contact", unit.Body.TextContent);
        }

        // The inbox is part of what is kept: a new action for Nora appears on her next view, written by another node.
        await GetAsync(nora, dashboard);
        await using (var nodeB = new OpsWebFactory(_cs))
        {
            await using var scope = nodeB.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var initiative = await new TestData(nodeB).Initiative("Lift first-call resolution", d.NorthManager).For(d.North).BuildAsync();
            db.InitiativeActions.Add(new InitiativeAction { InitiativeId = initiative, Description = "Call back the twenty oldest complaints", OwnerEmployeeId = d.NorthManager.Employee.Id, DueDate = new DateOnly(2026, 11, 30) });
            await db.SaveChangesAsync();
        }
        Assert.Contains("Call back the twenty oldest complaints", (await GetAsync(nora, dashboard)).Html);
    }

    [Fact]
    public async Task RequestsThatMissTheSamePageTogether_LoadItsDataOnce_AndAllShowTheChange()
    {
        var d = await ArrangeAsync();
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var dashboard = "/dashboard?month=2026-10";
        static int Loads(IEnumerable<string> sql) => sql.Count(s => s.Contains("metric_submissions", StringComparison.Ordinal));

        // What one request sends when the page is not kept: its data, read once.
        await GetAsync(nora, dashboard);
        await using (var scope = _nodeA.Services.CreateAsyncScope())
            await RenameMetricAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), d.NorthMetric.Id, "North resolved first time");
        var alone = Loads((await GetAsync(nora, dashboard)).Sql);
        Assert.True(alone > 0);

        // Twelve at once after the next change (the morning everyone opens it): the first loads, the others wait for its
        // page. The page's data is held back until all twelve have read the data version (each request reads it once,
        // before it looks the page up), so they are certain to overlap: without the wait, each would load it.
        await using (var scope = _nodeA.Services.CreateAsyncScope())
            await RenameMetricAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), d.NorthMetric.Id, "North solved on the first call");
        const int together = 12;
        var versionReads = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sql.Commands.Clear();
        _sql.Hold = async sql =>
        {
            if (sql.Contains("scorecard_data_version", StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref versionReads) == together) allArrived.TrySetResult();
            }
            else if (sql.Contains("metric_submissions", StringComparison.Ordinal))
                await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(3));
        };
        string[] pages;
        try
        {
            pages = await Task.WhenAll(Enumerable.Range(0, together).Select(async _ =>
            {
                var response = await nora.GetAsync(dashboard);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadAsStringAsync();
            }));
        }
        finally
        {
            _sql.Hold = null;
        }
        Assert.Equal(together, versionReads);
        Assert.Equal(alone, Loads(_sql.Commands));
        Assert.All(pages, html => Assert.Contains("North solved on the first call", html));
    }

    [Fact]
    public async Task ViewersWithAnotherScopeOrAnotherInbox_NeverGetAnotherViewersKeptPage()
    {
        var d = await ArrangeAsync();
        await using (var db = _nodeA.CreateDbContext())
        {
            var initiative = await new TestData(_nodeA).Initiative("Shorter queues", d.NorthManager).For(d.North).BuildAsync();
            db.InitiativeActions.Add(new InitiativeAction { InitiativeId = initiative, Description = "Nora's own action: rota review", OwnerEmployeeId = d.NorthManager.Employee.Id, DueDate = new DateOnly(2026, 11, 30) });
            await db.SaveChangesAsync();
        }
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var sam = await _nodeA.SignedInClientAsync(d.SouthManager);
        var dina = await _nodeA.SignedInClientAsync(d.NorthDeputy);
        var dashboard = "/dashboard?month=2026-10";

        // Twice each, interleaved, so every view after the first of each person is a kept one.
        for (var round = 0; round < 2; round++)
        {
            var north = await nora.GetDocumentAsync(dashboard);
            var south = await sam.GetDocumentAsync(dashboard);
            var deputy = await dina.GetDocumentAsync(dashboard);
            Assert.Contains("North first-call resolution", north.Body!.TextContent);
            Assert.DoesNotContain("South first-call resolution", north.Body.TextContent);
            Assert.Contains("South first-call resolution", south.Body!.TextContent);
            Assert.DoesNotContain("North first-call resolution", south.Body.TextContent);
            Assert.DoesNotContain("North Office", south.Body.TextContent);
            // Same units as Nora (her scorecards may be shared), but her inbox is hers alone.
            Assert.Contains("Nora's own action", north.Body.TextContent);
            Assert.Contains("North first-call resolution", deputy.Body!.TextContent);
            Assert.DoesNotContain("Nora's own action", deputy.Body.TextContent);
            Assert.DoesNotContain("Nora's own action", south.Body.TextContent);
        }

        // Nora's unit page is kept; Sam asking for the same address still gets 404, and Nora still gets hers.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await nora.GetAsync($"/units/{d.North.Id}?month=2026-10")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await nora.GetAsync($"/units/{d.North.Id}?month=2026-10")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await sam.GetAsync($"/units/{d.North.Id}?month=2026-10")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await nora.GetAsync($"/units/{d.South.Id}?month=2026-10")).StatusCode);

        // A change of scope (Sam given the north unit too) is a new key: his next view shows both units.
        await using (var db = _nodeA.CreateDbContext())
        {
            db.UserUnits.Add(new OpsIntranet.Core.Identity.UserUnit { UserId = d.SouthManager.Id, UnitId = d.North.Id });
            await db.SaveChangesAsync();
        }
        var both = await sam.GetDocumentAsync(dashboard);
        Assert.Contains("North first-call resolution", both.Body!.TextContent);
        Assert.Contains("South first-call resolution", both.Body.TextContent);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await sam.GetAsync($"/units/{d.North.Id}?month=2026-10")).StatusCode);
    }

    private static AngleSharp.Dom.IDocument Parse(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

    /// <summary>The one antiforgery token every form on the page carries (the layout's sign-out form and the kept part's forms alike).</summary>
    private static string PageToken(AngleSharp.Dom.IDocument page, int atLeast)
    {
        var tokens = page.QuerySelectorAll("input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")).ToList();
        Assert.True(tokens.Count >= atLeast, $"{tokens.Count} antiforgery fields, expected at least {atLeast}");
        var token = Assert.Single(tokens.Distinct());
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain("kept-antiforgery-token", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        return token!;
    }

    private static void AssertRedirect(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");

    [Fact]
    public async Task KeptMonthForm_PostsWithThisRequestsToken_ShowsTheSaveAtOnce_AndARefusedPostIsNeverKept()
    {
        var d = await ArrangeAsync();
        var ned = await _nodeA.SignedInClientAsync(d.NorthSupervisor);
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var url = $"/units/{d.North.Id}/months/2026-09";

        var first = await GetAsync(ned, url);
        Assert.Contains(first.Sql, s => s.Contains("metric_definitions", StringComparison.Ordinal));
        var kept = await GetAsync(ned, url);
        Assert.DoesNotContain(kept.Sql, s => s.Contains("metric_definitions", StringComparison.Ordinal) || s.Contains("metric_submissions", StringComparison.Ordinal));
        var nedPage = Parse(kept.Html);
        Assert.Contains("North Office — September 2026", nedPage.QuerySelector("h1")!.TextContent);
        // The month form and the sign-out form: the kept form carries the same token as the layout rendered for this request.
        var nedToken = PageToken(nedPage, atLeast: 2);
        Assert.NotEqual(nedToken, PageToken(Parse(first.Html), atLeast: 2));

        // Nora's own view of the month (kept for her too) carries her token, never Ned's; a post with hers from Ned is refused.
        await GetAsync(nora, url);
        var noraToken = PageToken(Parse((await GetAsync(nora, url)).Html), atLeast: 1);
        Assert.NotEqual(nedToken, noraToken);
        var form = nedPage.FormWith($"Values[0].Raw");
        var stolen = await ned.PostAsync($"{url}/Save", new FormUrlEncodedContent(form.Fields(("Values[0].Raw", "82.5"), ("__RequestVerificationToken", noraToken))));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, stolen.StatusCode);

        // The form as served from the kept HTML posts: saved, and the next view shows the value, the status and the flash message.
        AssertRedirect(await ned.PostAsync($"{url}/Save", new FormUrlEncodedContent(form.Fields(("Values[0].Raw", "82.5")))));
        var saved = Parse((await GetAsync(ned, url)).Html);
        Assert.Equal("82.5", saved.QuerySelector("tr[data-metric='fcr'] input[name='Values[0].Raw']")!.GetAttribute("value"));
        Assert.Equal("Draft, not submitted", saved.QuerySelector("[data-testid=month-status]")!.TextContent);
        Assert.Contains("Saved as a draft.", saved.QuerySelector(".alert-success")!.TextContent);
        // The flash message is shown once: the kept page that follows has none.
        Assert.Null(Parse((await GetAsync(ned, url)).Html).QuerySelector(".alert-success"));

        // A refused post (422) renders what was posted, and is not what the next view gets.
        var keptAgain = Parse((await GetAsync(ned, url)).Html);
        var refused = await ned.PostAsync($"{url}/Save", new FormUrlEncodedContent(keptAgain.FormWith("Values[0].Raw").Fields(("Values[0].Raw", "eighty"))));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var shownAgain = await refused.ParseAsync();
        Assert.Equal("eighty", shownAgain.QuerySelector("input[name='Values[0].Raw']")!.GetAttribute("value"));
        Assert.NotNull(shownAgain.QuerySelector("#form-error"));
        var after = Parse((await GetAsync(ned, url)).Html);
        Assert.Equal("82.5", after.QuerySelector("input[name='Values[0].Raw']")!.GetAttribute("value"));
        Assert.Null(after.QuerySelector("#form-error"));
    }

    [Fact]
    public async Task KeptSubscriptionList_IsPerPerson_FollowsChangesFromAnotherNode_AndItsPauseFormPosts()
    {
        var d = await ArrangeAsync();
        int north, south;
        await using (var db = _nodeA.CreateDbContext())
        {
            ReportSubscription Sub(string name, BuiltUnit unit, BuiltUser owner) => new()
            {
                Name = name, ReportKind = "unit-scorecard", Subject = name, UnitIds = [unit.Id], OwnerUserId = owner.Id,
                ScheduleKind = ScheduleKind.MonthlyOnDay, Day = 12, CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
            };
            var n = Sub("North monthly to the manager", d.North, d.NorthManager);
            var s = Sub("South monthly to the manager", d.South, d.SouthManager);
            db.ReportSubscriptions.AddRange(n, s);
            await db.SaveChangesAsync();
            (north, south) = (n.Id, s.Id);
        }
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var sam = await _nodeA.SignedInClientAsync(d.SouthManager);
        var url = "/reports/subscriptions";

        var first = await GetAsync(nora, url);
        Assert.Contains(first.Sql, s => s.Contains("report_subscriptions", StringComparison.Ordinal));
        var kept = await GetAsync(nora, url);
        Assert.DoesNotContain(kept.Sql, s => s.Contains("report_subscriptions", StringComparison.Ordinal));
        for (var round = 0; round < 2; round++)
        {
            var noras = Parse((await GetAsync(nora, url)).Html);
            var sams = Parse((await GetAsync(sam, url)).Html);
            Assert.NotNull(noras.QuerySelector($"tr[data-subscription='{north}']"));
            Assert.Null(noras.QuerySelector($"tr[data-subscription='{south}']"));
            Assert.NotNull(sams.QuerySelector($"tr[data-subscription='{south}']"));
            Assert.Null(sams.QuerySelector($"tr[data-subscription='{north}']"));
            Assert.NotEqual(PageToken(noras, atLeast: 2), PageToken(sams, atLeast: 2));
        }

        // Pause from the kept list: accepted, and the next view shows it paused with the message.
        var page = Parse((await GetAsync(nora, url)).Html);
        var pause = page.QuerySelector($"tr[data-subscription='{north}'] form")!;
        AssertRedirect(await nora.PostAsync(pause.Action(url), new FormUrlEncodedContent(pause.Fields())));
        var paused = Parse((await GetAsync(nora, url)).Html);
        Assert.Contains("Paused", paused.QuerySelector($"tr[data-subscription='{north}'] .badge")!.TextContent);
        Assert.Contains("Paused: it will not run", paused.QuerySelector(".alert-success")!.TextContent);

        // Renamed by another app instance, and the owner's name changed by an administrator there: shown at once.
        await using (var nodeB = new OpsWebFactory(_cs))
        {
            await using var db = nodeB.CreateDbContext();
            (await db.ReportSubscriptions.SingleAsync(x => x.Id == north)).Name = "North scorecard for the manager";
            (await db.Users.SingleAsync(u => u.Id == d.NorthManager.Id)).DisplayName = "Nora Hale-Brandt";
            await db.SaveChangesAsync();
        }
        var renamed = Parse((await GetAsync(nora, url)).Html).QuerySelector($"tr[data-subscription='{north}']")!.TextContent;
        Assert.Contains("North scorecard for the manager", renamed);
        Assert.Contains("Nora Hale-Brandt", renamed);
    }

    [Fact]
    public async Task KeptReportsPage_FollowsScopeQueryAndData()
    {
        var d = await ArrangeAsync();
        var nora = await _nodeA.SignedInClientAsync(d.NorthManager);
        var sam = await _nodeA.SignedInClientAsync(d.SouthManager);

        var first = await GetAsync(nora, "/reports");
        Assert.Contains(first.Sql, s => s.Contains("metric_submissions", StringComparison.Ordinal));
        var kept = await GetAsync(nora, "/reports");
        Assert.DoesNotContain(kept.Sql, s => s.Contains("metric_submissions", StringComparison.Ordinal));
        for (var round = 0; round < 2; round++)
        {
            var noras = Parse((await GetAsync(nora, "/reports")).Html);
            var sams = Parse((await GetAsync(sam, "/reports")).Html);
            Assert.Contains("North Office", noras.QuerySelector("#units")!.TextContent);
            Assert.DoesNotContain("South Office", noras.QuerySelector("#units")!.TextContent);
            Assert.Contains("South Office", sams.QuerySelector("#units")!.TextContent);
            Assert.DoesNotContain("North Office", sams.QuerySelector("#units")!.TextContent);
            // A first visit starts from the latest approved month.
            Assert.Equal("2026-10", noras.QuerySelector("#Month")!.GetAttribute("value"));
        }

        // The query string is part of the key: another month chosen is shown as chosen, and the first visit is unchanged.
        var chosen = Parse((await GetAsync(nora, $"/reports?Kind=Month&Month=2026-08&Units={d.North.Id}")).Html);
        Assert.Equal("2026-08", chosen.QuerySelector("#Month")!.GetAttribute("value"));
        Assert.Equal("2026-10", Parse((await GetAsync(nora, "/reports")).Html).QuerySelector("#Month")!.GetAttribute("value"));

        // A refused preview (422) is rendered with its errors and kept nowhere.
        var refused = await nora.GetAsync("/reports?handler=Preview&Kind=Month&Month=2099-01");
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Null(Parse((await GetAsync(nora, "/reports")).Html).QuerySelector(".invalid-feedback"));

        // A unit renamed by another app instance: shown at once.
        await using (var nodeB = new OpsWebFactory(_cs))
        {
            await using var db = nodeB.CreateDbContext();
            (await db.Units.SingleAsync(u => u.Id == d.North.Id)).Name = "North Service Centre";
            await db.SaveChangesAsync();
        }
        Assert.Contains("North Service Centre", Parse((await GetAsync(nora, "/reports")).Html).QuerySelector("#units")!.TextContent);
    }
}
