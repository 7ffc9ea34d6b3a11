using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Goals;

public class GoalPagesTests : IAsyncLifetime
{
    // Each test has its own clone of the demo: a goal one test creates would change the count another asserts.
    private readonly DemoAppFixture app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<int> UnitAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private static async Task<HttpResponseMessage> PostGoalAsync(HttpClient client, string formUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(formUrl);
        var form = page.QuerySelector("main form")!;
        var data = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            data[name] = input.TagName switch
            {
                "TEXTAREA" => input.TextContent,
                "SELECT" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => input.GetAttribute("value") ?? "",
            };
        }
        foreach (var (k, v) in fields) data[k] = v;
        return await client.PostAsync(formUrl, new FormUrlEncodedContent(data));
    }

    [Fact]
    public async Task Demo_GoalsPage_ListsEveryUnitsGoalsWithAttainment()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var page = await client.GetDocumentAsync("/goals");
        Assert.Contains("FY2027", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(18, page.QuerySelectorAll("tr[data-goal]").Length);
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=attainment]"));
    }

    [Fact]
    public async Task Manager_CreatesAGoal_BadInputFirst_ThenValid()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var url = $"/units/{await UnitAsync("QA")}/goals/new";

        var bad = await PostGoalAsync(client, url, new() { ["Input.Statement"] = "", ["Input.Weight"] = "80", ["Input.DueDate"] = "2028-01-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.Contains("Write the goal.", page.QuerySelector("#Statement-error")!.TextContent);
        Assert.Contains("must fall in FY2027", page.QuerySelector("#DueDate-error")!.TextContent);

        // The demo already gives QA 100 weight (60 + 40): anything more is refused with the total.
        var heavy = await PostGoalAsync(client, url, new() { ["Input.Statement"] = "Audit the audit", ["Input.Weight"] = "10", ["Input.DueDate"] = "2027-06-30" });
        Assert.Contains("would weigh 110 in all", (await heavy.ParseAsync()).QuerySelector("#Weight-error")!.TextContent);

        var ok = await PostGoalAsync(client, url, new() { ["Input.Statement"] = "Publish <script>alert(1)</script> calibration notes", ["Input.Weight"] = "0", ["Input.DueDate"] = "2027-06-30" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var html = await (await client.GetAsync(ok.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("Publish &lt;script&gt;alert(1)&lt;/script&gt; calibration notes", html);
    }

    [Fact]
    public async Task Supervisor_CannotCreateGoals_ButAddsProgressUpdates()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/units/{await UnitAsync("UCC")}/goals/new")).StatusCode);

        await using var db = app.Factory.CreateDbContext();
        var goalId = await db.UnitGoals.Where(g => g.Unit!.Code == "UCC" && g.MetricDefinitionId == null).Select(g => g.Id).SingleAsync();
        var page = await client.GetDocumentAsync($"/goals/{goalId}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var future = await client.PostAsync($"/goals/{goalId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UpdateDate"] = "2027-01-01", ["Note"] = "Trained two", ["UpdateStatus"] = "AtRisk",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Contains("cannot be dated in the future", (await future.ParseAsync()).Body!.TextContent);

        var ok = await client.PostAsync($"/goals/{goalId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UpdateDate"] = "2026-11-14", ["Note"] = "Trained two of six", ["UpdateStatus"] = "AtRisk",
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var after = await client.GetDocumentAsync($"/goals/{goalId}");
        Assert.Contains("Trained two of six", after.QuerySelector("[data-testid=updates]")!.TextContent);
        Assert.Contains("At risk", after.QuerySelector("tr[data-goal] .badge")!.TextContent);
    }

    [Fact]
    public async Task Goals_OutOfScope_Are404()
    {
        await using var db = app.Factory.CreateDbContext();
        var ccGoal = await db.UnitGoals.Where(g => g.Unit!.Code == "CC").Select(g => g.Id).FirstAsync();
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/goals/{ccGoal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/goals/{ccGoal}/edit")).StatusCode);
        var list = await client.GetDocumentAsync("/goals");
        Assert.Equal(2, list.QuerySelectorAll("tr[data-goal]").Length);
    }
}
