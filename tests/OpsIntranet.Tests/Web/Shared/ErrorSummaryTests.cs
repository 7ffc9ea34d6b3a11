using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Shared;

/// <summary>
/// A form shown again with errors starts with a summary that names every field in error, by its label,
/// and links to the field itself, whatever way the page names its inputs.
/// </summary>
public class ErrorSummaryTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Hannah = "hannah.lindqvist@cityutility.example";
    private const string Beatriz = "beatriz.souza@cityutility.example";
    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Every message shown next to a field has one link in the summary, in page order, whose target
    /// exists and is a form field, and whose text is the field's label and the message. Returns the links' texts by target id.
    /// </summary>
    private static Dictionary<string, string> AssertSummary(IDocument page)
    {
        var summary = page.QuerySelector("[data-error-summary]");
        Assert.True(summary is not null, "No error summary on the page.");
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        Assert.Equal("alert", summary.GetAttribute("role"));
        var messages = page.QuerySelectorAll("main .invalid-feedback, main .field-validation-error").Where(m => m.TextContent.Trim().Length > 0).ToList();
        Assert.NotEmpty(messages);
        // The summary comes before every field message: it is what the user sees first.
        Assert.True(summary.CompareDocumentPosition(messages[0]).HasFlag(DocumentPositions.Following));
        var links = summary.QuerySelectorAll("a").ToList();
        Assert.Equal(messages.Count, links.Count);
        var byTarget = new Dictionary<string, string>();
        foreach (var (message, link) in messages.Zip(links))
        {
            var href = link.GetAttribute("href") ?? "";
            Assert.StartsWith("#", href);
            var target = page.GetElementById(href[1..]);
            Assert.True(target is not null, $"The summary links to {href}, which is not on the page.");
            Assert.Contains(target.TagName, new[] { "INPUT", "SELECT", "TEXTAREA" });
            var text = System.Text.RegularExpressions.Regex.Replace(link.TextContent, @"\s+", " ").Trim();
            Assert.EndsWith(": " + message.TextContent.Trim(), text);
            byTarget.TryAdd(href[1..], text);
        }
        return byTarget;
    }

    [Fact]
    public async Task EvaluationForm_SubmittedEmpty_SummaryLinksEveryRatingAndText()
    {
        int id;
        List<(int Id, string Name)> ratings;
        await using (var db = app.Factory.CreateDbContext())
        {
            id = await db.Evaluations.Where(e => e.Employee!.Email == Hannah && e.Status == EvaluationStatus.Draft).Select(e => e.Id).FirstAsync();
            ratings = (await db.EvaluationRatings.Where(r => r.EvaluationId == id).OrderBy(r => r.SortOrder).Select(r => new { r.Id, r.Name }).ToListAsync())
                .Select(r => (r.Id, r.Name)).ToList();
        }
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var version = (await maria.GetDocumentAsync($"/evaluations/{id}")).Version();
        var fields = new List<(string, string)> { ("Version", version), ("Strengths", ""), ("AreasToImprove", ""), ("DevelopmentPlan", "") };
        fields.Add(($"Rating-{V(ratings[0].Id)}", "5"));
        var response = await maria.PostFormAsync($"/evaluations/{id}?handler=Submit", fields.ToArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var links = AssertSummary(await response.ParseAsync());
        // A rating is a group of radio buttons: the link goes to the first one and names the competency.
        Assert.Equal($"{ratings[1].Name}: Rate this competency before submitting.", links[$"Rating-{V(ratings[1].Id)}-1"]);
        Assert.StartsWith($"Comment on {ratings[0].Name.ToLowerInvariant()}: ", links[$"Comment-{V(ratings[0].Id)}"]);
        Assert.StartsWith("Strengths: ", links["Strengths"]);
        Assert.StartsWith("Development plan: ", links["DevelopmentPlan"]);
    }

    [Fact]
    public async Task MonthForm_BadValues_SummaryLinksEachValueByMetricName()
    {
        int unit, completion;
        await using (var db = app.Factory.CreateDbContext())
        {
            unit = await db.Units.Where(u => u.Code == "TRN").Select(u => u.Id).SingleAsync();
            completion = await db.MetricDefinitions.Where(m => m.Unit!.Code == "TRN" && m.Code == "completion").Select(m => m.Id).SingleAsync();
        }
        var form = new MonthFormClient(await app.Factory.SignedInClientAsync(Hannah), unit, "2026-10");
        var response = await form.PostAsync("Save", new Dictionary<string, string> { ["completion"] = "abc", ["onboarded"] = "2.5" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var links = AssertSummary(await response.ParseAsync());
        Assert.Equal(2, links.Count);
        Assert.StartsWith("Course completion", links[$"value-{V(completion)}"]);
    }

    [Fact]
    public async Task GoalForm_Empty_SummaryLinksTheTagHelperIds()
    {
        int unit;
        await using (var db = app.Factory.CreateDbContext()) unit = await db.Units.Where(u => u.Code == "QA").Select(u => u.Id).SingleAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var response = await maria.PostFormAsync($"/units/{V(unit)}/goals/new", ("Input.FiscalYear", "2027"), ("Input.Statement", ""), ("Input.Weight", "500"), ("Input.DueDate", "2030-01-01"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var links = AssertSummary(await response.ParseAsync());
        Assert.Equal("Goal or objective: Write the goal.", links["Input_Statement"]);
        Assert.StartsWith("Due date: ", links["Input_DueDate"]);
    }

    [Fact]
    public async Task PerformanceLogEntry_Empty_SummaryLinksSummaryAndDate()
    {
        int beatriz;
        await using (var db = app.Factory.CreateDbContext()) beatriz = await db.Employees.Where(e => e.Email == Beatriz).Select(e => e.Id).SingleAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var response = await maria.PostFormAsync($"/people/{V(beatriz)}/log/new", ("Type", "Observation"), ("Date", ""), ("Summary", " "), ("Details", new string('b', 4001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var links = AssertSummary(await response.ParseAsync());
        Assert.Equal("Summary: Write a one-line summary.", links["Summary"]);
        Assert.StartsWith("Details: ", links["Details"]);
    }

    [Fact]
    public async Task Initiative_Empty_SummaryLinksTitleAndTheUnitCheckboxes()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var response = await maria.PostFormAsync("/initiatives/new", ("Title", ""), ("ProblemStatement", ""), ("Stage", "Plan"), ("Status", "Active"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);

        var page = await response.ParseAsync();
        var links = AssertSummary(page);
        Assert.StartsWith("Title: ", links["Title"]);
        // The units are a group of checkboxes: the link goes to the first and is named by the group's legend.
        var firstUnit = page.QuerySelector("input[name=UnitIds]")!.Id!;
        Assert.StartsWith("Units: ", links[firstUnit]);
    }

    [Fact]
    public async Task SignIn_Empty_ModelStateErrorsAreSummarisedToo()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var form = await client.GetDocumentAsync("/account/login");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "", ["__RequestVerificationToken"] = token }));

        var links = AssertSummary(await response.ParseAsync());
        Assert.Equal("E-mail: Enter your e-mail address.", links["Input_Email"]);
        Assert.Equal("Password: Enter your password.", links["Input_Password"]);
    }

    [Fact]
    public async Task PageWithoutErrors_HasNoSummary()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Null((await maria.GetDocumentAsync("/initiatives/new")).QuerySelector("[data-error-summary]"));
    }
}
