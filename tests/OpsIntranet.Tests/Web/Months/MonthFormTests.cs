using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Months;

/// <summary>
/// The monthly form over HTTP against the demo department (clock: 15 November 2026). October 2026
/// is approved for most units, submitted for Transportation and Energy, a draft for Walk-In, and not
/// started for Training.
/// </summary>
public class MonthFormTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Supervisor = "hannah.lindqvist@cityutility.example"; // Training
    private const string QaSupervisor = "beatriz.souza@cityutility.example";
    private const string TccSupervisor = "lena.morrison@cityutility.example";

    private async Task<int> UnitAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private async Task<Dictionary<string, decimal?>> StoredAsync(string unitCode, string month)
    {
        await using var db = app.Factory.CreateDbContext();
        var m = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return await db.MetricValues.Where(v => v.Submission!.Unit!.Code == unitCode && v.Submission.Month == m)
            .Select(v => new { v.MetricDefinition!.Code, v.Value })
            .ToDictionaryAsync(v => v.Code, v => v.Value);
    }

    private async Task<MonthFormClient> FormAsync(string email, string unitCode, string month) =>
        new(await app.Factory.SignedInClientAsync(email), await UnitAsync(unitCode), month);

    private static readonly Dictionary<string, string> GoodTraining = new()
    {
        ["training_hours"] = "1250", ["onboarded"] = "8", ["completion"] = "96.5", ["assessment"] = "88.0",
    };

    [Fact]
    public async Task Save_ValidDraft_StoresValuesAndKeepsItEditable()
    {
        // Training's October is not started in the demo.
        var form = await FormAsync(Supervisor, "TRN", "2026-10");
        MonthFormClient.AssertRedirect(await form.PostAsync("Save", new Dictionary<string, string> { ["training_hours"] = "1,250", ["completion"] = "96.5%" }));

        var stored = await StoredAsync("TRN", "2026-10");
        Assert.Equal(1250m, stored["training_hours"]);
        Assert.Equal(96.5m, stored["completion"]);
        var page = await form.GetAsync();
        Assert.Contains("Saved as a draft.", page.QuerySelector(".alert-success")!.TextContent);
        Assert.Equal("Draft, not submitted", page.QuerySelector("[data-testid=month-status]")!.TextContent);
        Assert.Null(page.QuerySelector("#value-" + (await MetricIdAsync("TRN", "completion")))!.GetAttribute("disabled"));
    }

    private async Task<int> MetricIdAsync(string unit, string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.MetricDefinitions.Where(m => m.Unit!.Code == unit && m.Code == code).Select(m => m.Id).SingleAsync();
    }

    [Fact]
    public async Task Post_OneBadValue_SavesNothingAndShowsEveryErrorByItsField()
    {
        var form = await FormAsync(QaSupervisor, "QA", "2026-10");
        // QA's October is approved; reopen it first so it can be edited.
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("QA"), "2026-10");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Re-check the QC sample"));
        var before = await StoredAsync("QA", "2026-10");

        var response = await form.PostAsync("Save", new Dictionary<string, string>
        {
            ["evaluated"] = "1200",          // fine
            ["avg_qa"] = "abc",              // not a number
            ["calibrations"] = "2.5",        // a count with decimals
            ["qc_error_rate"] = "101",       // a percentage over 100
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("3 values need attention; nothing was saved.", page.QuerySelector("#form-error")!.TextContent);
        Assert.Contains("“abc” is not a number.", page.QuerySelector($"#value-{await MetricIdAsync("QA", "avg_qa")}-error")!.TextContent);
        Assert.Contains("A count is a whole number.", page.QuerySelector($"#value-{await MetricIdAsync("QA", "calibrations")}-error")!.TextContent);
        Assert.Contains("A percentage is between 0 and 100.", page.QuerySelector($"#value-{await MetricIdAsync("QA", "qc_error_rate")}-error")!.TextContent);
        // What was typed stays in the fields.
        Assert.Equal("abc", page.QuerySelector($"#value-{await MetricIdAsync("QA", "avg_qa")}")!.GetAttribute("value"));
        Assert.Equal("1200", page.QuerySelector($"#value-{await MetricIdAsync("QA", "evaluated")}")!.GetAttribute("value"));
        Assert.Equal(before, await StoredAsync("QA", "2026-10"));
    }

    [Fact]
    public async Task Submit_RedValueWithoutExplanation_IsRefused_WithOne_IsAccepted()
    {
        var form = await FormAsync(Supervisor, "TRN", "2026-08");
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("TRN"), "2026-08");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Completion figure was wrong"));

        var red = new Dictionary<string, string>(GoodTraining) { ["completion"] = "80.0" }; // target ≥ 95, tolerance 2
        var refused = await form.PostAsync("Submit", red, new Dictionary<string, string> { ["completion"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("This value is off target: explain what happened before submitting.",
            page.QuerySelector($"#explanation-{await MetricIdAsync("TRN", "completion")}-error")!.TextContent);

        MonthFormClient.AssertRedirect(await form.PostAsync("Submit", red, new Dictionary<string, string> { ["completion"] = "LMS outage for two weeks <b>bold</b>" }));
        await using var db = app.Factory.CreateDbContext();
        var s = await db.MetricSubmissions.Include(x => x.Values).SingleAsync(x => x.Unit!.Code == "TRN" && x.Month == new DateOnly(2026, 8, 1));
        Assert.Equal(SubmissionStatus.Submitted, s.Status);
        var completion = await MetricIdAsync("TRN", "completion");
        Assert.Equal("LMS outage for two weeks <b>bold</b>", s.Values.Single(v => v.MetricDefinitionId == completion).Explanation);
        var reader = await app.Factory.SignedInClientAsync(Supervisor);
        var html = await (await reader.GetAsync(form.Url)).Content.ReadAsStringAsync();
        Assert.Contains("LMS outage for two weeks &lt;b&gt;bold&lt;/b&gt;", html);
    }

    [Fact]
    public async Task Submit_MissingValues_IsRefused()
    {
        var form = await FormAsync(Supervisor, "TRN", "2026-07");
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("TRN"), "2026-07");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Missing onboarding count"));
        var response = await form.PostAsync("Submit", new Dictionary<string, string> { ["onboarded"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Enter a value: every metric is needed to submit the month.", (await response.ParseAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task Save_MonthNotEndedYet_IsRefused()
    {
        var form = await FormAsync(Supervisor, "TRN", "2026-11");
        var page = await form.GetAsync();
        Assert.Contains("has not ended yet", page.Body!.TextContent);
        var response = await form.PostAsync("Save", GoodTraining, page: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await using var db = app.Factory.CreateDbContext();
        Assert.False(await db.MetricSubmissions.AnyAsync(s => s.Unit!.Code == "TRN" && s.Month == new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public async Task Supervisor_AnotherUnitsForm_Is404ForReadingAndPosting()
    {
        var form = await FormAsync(Supervisor, "UCC", "2026-10");
        var client = await app.Factory.SignedInClientAsync(Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(form.Url)).StatusCode);
        // A valid token from the supervisor's own unit, replayed on another unit's URL.
        var ownPage = await client.GetDocumentAsync($"/units/{await UnitAsync("TRN")}/months/2026-10");
        var token = ownPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await client.PostAsync($"{form.Url}/Save", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = "0" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Supervisor_CannotApprove_AndCannotEditASubmittedOrApprovedMonth()
    {
        var form = await FormAsync(TccSupervisor, "TCC", "2026-10"); // submitted in the demo
        Assert.Equal(HttpStatusCode.NotFound, (await form.ReviewAsync("Approve")).StatusCode);
        var response = await form.PostAsync("Save", new Dictionary<string, string> { ["calls_offered"] = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("waiting for approval", (await response.ParseAsync()).QuerySelector("#form-error")!.TextContent);

        var approved = await FormAsync(TccSupervisor, "TCC", "2026-09");
        var page = await approved.GetAsync();
        Assert.NotNull(page.QuerySelector("input[name$='.Raw'][disabled]"));
        var edit = await approved.PostAsync("Save", new Dictionary<string, string> { ["calls_offered"] = "1" }, page: page);
        Assert.Contains("approved and locked", (await edit.ParseAsync()).QuerySelector("#form-error")!.TextContent);
        Assert.NotEqual(1m, (await StoredAsync("TCC", "2026-09"))["calls_offered"]);
    }

    [Fact]
    public async Task Manager_OutsideTheirUnits_CannotApprove()
    {
        // Energy Services' October is submitted; it belongs to the other manager.
        var form = await FormAsync(DemoUsers.ManagerA, "ES", "2026-10");
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(form.Url)).StatusCode);
        var mine = await client.GetDocumentAsync($"/units/{await UnitAsync("WIU")}/months/2026-10");
        var token = mine.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await client.PostAsync($"{form.Url}/Approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = "1" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(SubmissionStatus.Submitted, await db.MetricSubmissions.Where(s => s.Unit!.Code == "ES" && s.Month == new DateOnly(2026, 10, 1)).Select(s => s.Status).SingleAsync());
    }

    [Fact]
    public async Task Leadership_IsReadOnly()
    {
        var form = await FormAsync(DemoUsers.Leadership, "WIU", "2026-10");
        var page = await form.GetAsync();
        Assert.NotNull(page.QuerySelector("input[name$='.Raw'][disabled]"));
        Assert.Null(page.QuerySelector("button[formaction$='/Submit']"));
        Assert.Equal(HttpStatusCode.NotFound, (await form.PostAsync("Save", new Dictionary<string, string> { ["avg_wait"] = "5" }, page: page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await form.ReviewAsync("Approve", page: page)).StatusCode);
    }

    [Fact]
    public async Task Workflow_DraftSubmitReturnResubmitApproveCorrect_KeepsTheTrail()
    {
        var supervisor = await FormAsync("marcus.bell@cityutility.example", "UCC", "2026-06");
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("UCC"), "2026-06");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Service level double-counted transfers"));

        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Save", new Dictionary<string, string> { ["service_level"] = "81.0" }));
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit"));

        // Return needs a reason.
        var noReason = await manager.ReviewAsync("Return", "  ");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Say why the month is returned", (await noReason.ParseAsync()).QuerySelector("#form-error")!.TextContent);
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Return", "Check AHT against the ACD report"));

        var returned = await supervisor.GetAsync();
        Assert.Contains("Check AHT against the ACD report", returned.QuerySelector(".alert-warning")!.TextContent);
        MonthFormClient.AssertRedirect(await supervisor.PostAsync("Submit", new Dictionary<string, string> { ["aht"] = "352" }));
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Approve"));

        var page = await manager.GetAsync();
        Assert.Equal("Approved", page.QuerySelector("[data-testid=month-status]")!.TextContent);
        var trail = page.QuerySelectorAll("[data-testid=trail] li strong").Select(x => x.TextContent).ToList();
        Assert.Equal(["Created", "Submitted", "Approved", "Reopened", "Saved", "Submitted", "Returned", "Submitted", "Approved"], trail);
        var changes = page.QuerySelectorAll("[data-testid=changes] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToList();
        Assert.Contains(changes, c => c[2] == "Average handle time" && c[4] == "352 s" && c[5] == "correction" && c[1] == "Marcus Bell");
        Assert.Contains(changes, c => c[2].StartsWith("Service level", StringComparison.Ordinal) && c[4] == "81.0%");
    }

    [Fact]
    public async Task Reopen_NeedsAReason_AndOnlyAnApprovedMonth()
    {
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("UCC"), "2026-05");
        var response = await manager.ReviewAsync("Reopen", "");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Say why the month is reopened", (await response.ParseAsync()).QuerySelector("#form-error")!.TextContent);
        // The walk-in unit's October is a draft: nothing to approve.
        var draft = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("WIU"), "2026-10");
        var approve = await draft.ReviewAsync("Approve");
        Assert.Contains("Only a submitted month can be approved", (await approve.ParseAsync()).QuerySelector("#form-error")!.TextContent);
    }

    [Fact]
    public async Task ConcurrentSaves_TheSecondIsToldAndLosesNothing()
    {
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), await UnitAsync("UCC"), "2026-04");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Re-run the survey numbers"));
        var dana = await FormAsync(DemoUsers.UccSupervisor, "UCC", "2026-04");
        var marcus = await FormAsync("marcus.bell@cityutility.example", "UCC", "2026-04");
        var danaPage = await dana.GetAsync();
        var marcusPage = await marcus.GetAsync();

        MonthFormClient.AssertRedirect(await dana.PostAsync("Save", new Dictionary<string, string> { ["csat"] = "88.8" }, page: danaPage));
        var second = await marcus.PostAsync("Save", new Dictionary<string, string> { ["csat"] = "77.7" }, page: marcusPage);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        var page = await second.ParseAsync();
        Assert.Contains("changed this month while you were editing it", page.QuerySelector("#form-error")!.TextContent);
        Assert.Contains("Dana Reyes", page.QuerySelector("#form-error")!.TextContent);
        var csat = await MetricIdAsync("UCC", "csat");
        Assert.Equal("77.7", page.QuerySelector($"#value-{csat}")!.GetAttribute("value"));     // Marcus's entry is kept in the form
        Assert.Contains("88.8%", page.QuerySelector($"#value-{csat}")!.ParentElement!.TextContent); // and Dana's saved value is shown beside it
        Assert.Equal(88.8m, (await StoredAsync("UCC", "2026-04"))["csat"]);

        // Saving again from the re-shown form (which now carries the latest version) goes through.
        MonthFormClient.AssertRedirect(await marcus.PostAsync("Save", page: page));
        Assert.Equal(77.7m, (await StoredAsync("UCC", "2026-04"))["csat"]);
    }
}
