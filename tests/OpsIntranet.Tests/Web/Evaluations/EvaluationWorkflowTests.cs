using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Evaluations;

public class EvaluationWorkflowTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Hannah = "hannah.lindqvist@cityutility.example";
    private const string Marcus = "marcus.bell@cityutility.example";

    private async Task<int> EmployeeAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    private async Task<int> UserAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Starts a cycle through the page and returns its evaluations by employee id.</summary>
    private async Task<Dictionary<int, int>> StartCycleAsync(HttpClient client, string name, string from, string to, string due, int reviewerUserId, params int[] employees)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", name), new("Kind", "Special"), new("PeriodStart", from), new("PeriodEnd", to), new("DueDate", due), new("ReviewerUserId", reviewerUserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        fields.AddRange(employees.Select(e => new KeyValuePair<string, string>("EmployeeIds", e.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var response = await client.PostFormAsync("/evaluations/cycles/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cycleId = int.Parse(response.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await using var db = app.Factory.CreateDbContext();
        return await db.Evaluations.Where(e => e.CycleId == cycleId).ToDictionaryAsync(e => e.EmployeeId, e => e.Id);
    }

    /// <summary>Posts the evaluation form: ratings in catalog order (null leaves one unrated), comments by position, and the three texts.</summary>
    private async Task<HttpResponseMessage> PostEvaluationAsync(HttpClient client, int id, string handler, int?[] ratings, Dictionary<int, string>? comments = null,
        string? strengths = "Steady leadership.", string? areas = "Reporting.", string? plan = "Writing course.", string? version = null)
    {
        await using var db = app.Factory.CreateDbContext();
        // The version as the person's page shows it; when the page offers no form, the stored one, as a hand-made request would send.
        var page = await client.GetDocumentAsync($"/evaluations/{id}");
        version ??= page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? (await db.Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ratingIds = await db.EvaluationRatings.Where(r => r.EvaluationId == id).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
        var fields = new List<KeyValuePair<string, string>> { new("Version", version) };
        for (var i = 0; i < ratingIds.Count; i++)
        {
            if (i < ratings.Length && ratings[i] is { } r) fields.Add(new($"Rating-{ratingIds[i]}", r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(new($"Comment-{ratingIds[i]}", comments?.GetValueOrDefault(i) ?? ""));
        }
        fields.Add(new("Strengths", strengths ?? ""));
        fields.Add(new("AreasToImprove", areas ?? ""));
        fields.Add(new("DevelopmentPlan", plan ?? ""));
        return await client.PostFormAsync($"/evaluations/{id}?handler={handler}", fields);
    }

    private async Task<HttpResponseMessage> StepAsync(HttpClient client, int id, string handler, params (string, string)[] fields)
    {
        var page = await client.GetDocumentAsync($"/evaluations/{id}");
        await using var db = app.Factory.CreateDbContext();
        var version = page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? (await db.Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await client.PostFormAsync($"/evaluations/{id}?handler={handler}", fields.Append(("Version", version)).ToArray());
    }

    private async Task<Evaluation> LoadAsync(int id)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Evaluations.Include(e => e.Ratings).Include(e => e.Events).AsNoTracking().SingleAsync(e => e.Id == id);
    }

    [Fact]
    public async Task Evaluation_WrittenReturnedApprovedAcknowledgedClosedAndReopened_LockedInBetween()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var hannah = await app.Factory.SignedInClientAsync(Hannah);
        var hannahId = await EmployeeAsync(Hannah);
        var id = (await StartCycleAsync(maria, "Mid-year special review", "2026-01-01", "2026-06-30", "2026-11-30", await UserAsync(DemoUsers.Leadership), hannahId))[hannahId];
        int?[] full = [4, 3, 5, 4, 3, 4, 3, 3, 4, 2];

        // Not visible to the employee while it is a draft.
        Assert.Equal(HttpStatusCode.NotFound, (await hannah.GetAsync($"/evaluations/{id}")).StatusCode);

        // Submitting an incomplete evaluation: every missing piece is named, nothing is saved.
        var incomplete = await PostEvaluationAsync(maria, id, "Submit", [4, 3], strengths: "", areas: "", plan: "");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        var page = await incomplete.ParseAsync();
        Assert.Equal(8, page.QuerySelectorAll("[id^=Rating-][id$=-error]").Length);
        Assert.Contains("before submitting", page.Text("#Strengths-error"));
        Assert.Equal(EvaluationStatus.Draft, (await LoadAsync(id)).Status);
        Assert.All((await LoadAsync(id)).Ratings, r => Assert.Null(r.Rating));

        // A 5 without a comment is refused; with one it goes through, and the score is the hand-worked 3.65.
        var noComment = await PostEvaluationAsync(maria, id, "Submit", full);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noComment.StatusCode);
        Assert.Contains("A rating of 5 needs a comment", (await noComment.ParseAsync()).QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await PostEvaluationAsync(maria, id, "Submit", full, new() { [2] = "Praised by customers all year." })).StatusCode);
        var submitted = await LoadAsync(id);
        Assert.Equal(EvaluationStatus.Submitted, submitted.Status);
        Assert.Equal(3.65m, submitted.OverallScore);

        // Submitted: the evaluator can no longer change it.
        var locked = await PostEvaluationAsync(maria, id, "Save", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Equal(3.65m, (await LoadAsync(id)).OverallScore);

        // The reviewer returns it (a note is required), the evaluator resubmits, the reviewer approves.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await StepAsync(patricia, id, "Return", ("note", "  "))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(patricia, id, "Return", ("note", "Say more about the onboarding rebuild."))).StatusCode);
        Assert.Equal(EvaluationStatus.Draft, (await LoadAsync(id)).Status);
        // The evaluator sees why, at the top of the page.
        Assert.Contains("Returned by Patricia Odum", (await maria.GetDocumentAsync($"/evaluations/{id}")).Text("#returned"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostEvaluationAsync(maria, id, "Submit", full, new() { [2] = "Praised by customers all year." }, strengths: "Rebuilt onboarding.")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(patricia, id, "Approve")).StatusCode);
        var approved = await LoadAsync(id);
        Assert.Equal(EvaluationStatus.Approved, approved.Status);
        Assert.NotNull(approved.FrozenEvidence);
        Assert.Contains("Rebuilt onboarding.", approved.Events.Single(e => e.Step == EvaluationStep.Approved).Snapshot);

        // Approved: nothing changes except through a reopening, which the evaluator cannot do.
        Assert.Equal(HttpStatusCode.Conflict, (await PostEvaluationAsync(maria, id, "Save", full)).StatusCode);
        var refused = await StepAsync(maria, id, "Reopen", ("note", "typo"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Only the reviewer or an administrator", (await refused.ParseAsync()).Text("#form-error"));
        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(patricia, id, "Approve")).StatusCode);

        // The employee reads it, with the receipt-not-agreement statement, and acknowledges with a comment.
        var own = await hannah.GetDocumentAsync($"/evaluations/{id}");
        Assert.Contains("does not mean the employee agrees", own.QuerySelector(".statement")!.TextContent);
        // What the reviewer said to the evaluator is not for the employee; the steps are.
        Assert.DoesNotContain("Say more about the onboarding rebuild.", own.QuerySelector("main")!.TextContent);
        Assert.Contains("Returned", own.Text("#history"));
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(hannah, id, "Acknowledge", ("employeeComment", "I disagree with <b>teamwork</b>."))).StatusCode);
        var html = await hannah.GetStringAsync($"/evaluations/{id}");
        Assert.Contains("I disagree with &lt;b&gt;teamwork&lt;/b&gt;.", html);
        Assert.Equal(EvaluationStatus.Acknowledged, (await LoadAsync(id)).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(maria, id, "Close")).StatusCode);
        Assert.Equal(EvaluationStatus.Closed, (await LoadAsync(id)).Status);

        // A recorded reopening: reason required; the approved version stays in the history.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await StepAsync(patricia, id, "Reopen", ("note", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(patricia, id, "Reopen", ("note", "Employee grievance: teamwork rating to be reviewed."))).StatusCode);
        var reopened = await LoadAsync(id);
        Assert.Equal(EvaluationStatus.Draft, reopened.Status);
        Assert.Null(reopened.EmployeeComment);
        Assert.Null(reopened.FrozenEvidence);
        Assert.Equal(
            [EvaluationStep.Created, EvaluationStep.Submitted, EvaluationStep.Returned, EvaluationStep.Submitted, EvaluationStep.Approved, EvaluationStep.Acknowledged, EvaluationStep.Closed, EvaluationStep.Reopened],
            reopened.Events.OrderBy(e => e.Id).Select(e => e.Step).ToArray());
        Assert.Contains("Rebuilt onboarding.", reopened.Events.Single(e => e.Step == EvaluationStep.Approved).Snapshot);
        // What the reopening cleared (her comment, the evidence as approved) is kept on its history line.
        var cleared = reopened.Events.Single(e => e.Step == EvaluationStep.Reopened).Snapshot!;
        Assert.Contains("I disagree with", cleared);
        Assert.Contains("approvedMonths", cleared);
        Assert.Equal(HttpStatusCode.Redirect, (await PostEvaluationAsync(maria, id, "Save", full, new() { [2] = "Praised." })).StatusCode);
        // Back in draft, the employee no longer sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await hannah.GetAsync($"/evaluations/{id}")).StatusCode);
    }

    [Fact]
    public async Task Evaluation_SavedTwiceFromTheSamePage_TheSecondIsToldAndLosesNothing()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var omarId = await EmployeeAsync(DemoUsers.WalkInSupervisor);
        var id = (await StartCycleAsync(maria, "Probationary follow-up", "2026-03-01", "2026-08-31", "2026-12-15", await UserAsync(DemoUsers.Leadership), omarId))[omarId];
        var page = await maria.GetDocumentAsync($"/evaluations/{id}");
        var stale = page.Version();
        Assert.Equal(HttpStatusCode.Redirect, (await PostEvaluationAsync(maria, id, "Save", [3, 3], version: stale)).StatusCode);
        var second = await PostEvaluationAsync(maria, id, "Save", [5, 5], strengths: "Typed in the other tab.", version: stale);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var shown = await second.ParseAsync();
        Assert.Contains("Someone else changed this record", shown.Text("#form-error"));
        Assert.Equal(3, (await LoadAsync(id)).Ratings.OrderBy(r => r.SortOrder).First().Rating);
    }

    [Fact]
    public async Task Evidence_ComesFromApprovedMonthsOnly()
    {
        await using var db = app.Factory.CreateDbContext();
        var wiu = await db.Units.SingleAsync(u => u.Code == "WIU");
        // September 2026 is approved; October 2026 is still a draft for the Walk-In Unit.
        var approvedSeptember = await db.MetricValues.Where(v => v.Submission!.UnitId == wiu.Id && v.Submission.Month == new DateOnly(2026, 9, 1) && v.MetricDefinition!.Code == "avg_wait")
            .Select(v => v.Value).SingleAsync();
        Assert.Equal(SubmissionStatus.Draft, await db.MetricSubmissions.Where(s => s.UnitId == wiu.Id && s.Month == new DateOnly(2026, 10, 1)).Select(s => s.Status).SingleAsync());

        using var scope = app.Factory.Services.CreateScope();
        var evidence = await scope.ServiceProvider.GetRequiredService<EvidenceService>().ForAsync(wiu.Id, new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 31));
        var wait = evidence.Metrics.Single(m => m.Name == "Average wait");
        Assert.Equal(1, wait.ApprovedMonths);
        Assert.Equal(2, wait.MonthsInPeriod);
        Assert.Equal(MetricFormatting.Format(approvedSeptember, UnitOfMeasure.Minutes, 1), wait.Average);
        Assert.Equal(1, wait.Green + wait.Amber + wait.Red);
        // The period touches FY2026 and FY2027: goals of both years are evidence.
        Assert.Contains(evidence.Goals, g => g.FiscalYear == 2026);
        Assert.Contains(evidence.Goals, g => g.FiscalYear == 2027);
    }

    [Fact]
    public async Task Supervisor_WhoLeaves_HandsOpenEvaluationsAndGoalsToASuccessor_WithHistory()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var admin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        await using var db = app.Factory.CreateDbContext();
        var dana = await db.Employees.SingleAsync(e => e.Email == DemoUsers.UccSupervisor);
        var staff = await db.Employees.Where(e => e.ReportsToId == dana.Id && e.IsActive).Select(e => e.Id).ToArrayAsync();
        Assert.NotEmpty(staff);

        // Maria starts a cycle for Dana's staff: Dana, their supervisor, writes them; Maria reviews.
        var evaluations = await StartCycleAsync(maria, "UCC representatives FY2026", "2025-10-01", "2026-09-30", "2026-11-30", await UserAsync(DemoUsers.ManagerA), staff);
        var danaUser = await UserAsync(DemoUsers.UccSupervisor);
        Assert.All(await db.Evaluations.Where(e => evaluations.Values.Contains(e.Id)).ToListAsync(), e => Assert.Equal(danaUser, e.EvaluatorUserId));
        var danaClient = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await PostEvaluationAsync(danaClient, evaluations.Values.First(), "Save", [3, 4])).StatusCode);

        // Recording that she left without saying who takes over is refused, naming her open work.
        var edit = await admin.GetDocumentAsync($"/people/{dana.Id}/edit");
        var fields = new List<(string, string)>
        {
            ("Version", edit.Version()), ("FirstName", "Dana"), ("LastName", "Reyes"), ("Position", dana.Position), ("Email", dana.Email),
            ("UnitId", dana.UnitId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ReportsToId", dana.ReportsToId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("HireDate", dana.HireDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("IsActive", "false"), ("LeftOn", "2026-11-13"),
        };
        var refused = await admin.PostFormAsync($"/people/{dana.Id}/edit", fields.ToArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains($"{staff.Length} evaluation(s) to write or close", (await refused.ParseAsync()).Text("#HandOverToUserId-error"));
        Assert.True((await db.Employees.AsNoTracking().SingleAsync(e => e.Id == dana.Id)).IsActive);

        var marcusUser = await UserAsync(Marcus);
        fields.Add(("HandOverToUserId", marcusUser.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        fields.Add(("HandOverReason", "Dana retired"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/people/{dana.Id}/edit", fields.ToArray())).StatusCode);

        db.ChangeTracker.Clear();
        var moved = await db.Evaluations.Include(e => e.Events).Where(e => evaluations.Values.Contains(e.Id)).ToListAsync();
        Assert.All(moved, e => Assert.Equal(marcusUser, e.EvaluatorUserId));
        Assert.All(moved, e => Assert.Contains(e.Events, x => x.Step == EvaluationStep.Reassigned && x.Note!.Contains("Dana Reyes → Marcus Bell (Dana retired)", StringComparison.Ordinal)));
        // Her draft work is kept for the successor.
        Assert.Equal(3, (await db.EvaluationRatings.Where(r => r.EvaluationId == evaluations.Values.First()).OrderBy(r => r.SortOrder).FirstAsync()).Rating);
        // The current year's goals she owned are Marcus's now; she can no longer sign in.
        var marcusEmployee = await EmployeeAsync(Marcus);
        Assert.Equal(0, await db.UnitGoals.CountAsync(g => g.OwnerEmployeeId == dana.Id && g.FiscalYear == 2027));
        Assert.True(await db.UnitGoals.AnyAsync(g => g.OwnerEmployeeId == marcusEmployee && g.FiscalYear == 2027));
        Assert.NotEqual(HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().PostLoginAsync(DemoUsers.UccSupervisor, OpsIntranet.Demo.DemoDataSeeder.DemoPassword)).StatusCode);
        // The history says who did it and what moved.
        var history = (await admin.GetDocumentAsync($"/people/{dana.Id}")).QuerySelector("#history")!.TextContent;
        Assert.Contains("status: active → inactive", history);
        Assert.Contains($"open work handed to Marcus Bell: {staff.Length} evaluation(s)", history);
        // Marcus finds them waiting for him.
        var marcus = await app.Factory.SignedInClientAsync(Marcus);
        Assert.Equal(staff.Length, (await marcus.GetDocumentAsync("/")).QuerySelectorAll("#waiting a[href^='/evaluations/']").Length);
    }
}
