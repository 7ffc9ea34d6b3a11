using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web;

/// <summary>
/// Input PostgreSQL or an Excel export cannot carry (NUL and other control characters, U+FFFF) and
/// uploads over the limit: a message next to the field, the form as it was typed, nothing saved.
/// </summary>
public class BadInputTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int Ucc, int Dana)> IdsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return (await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync(),
                await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync());
    }

    private static void AssertRefused(AngleSharp.Dom.IDocument page, string field) =>
        Assert.Contains("control character", page.Text($"#{field}-error"));

    [Theory]
    [InlineData("\0")]
    [InlineData("\u0007")]
    [InlineData("\uFFFF")]
    public async Task PerformanceLog_TextWithAControlCharacter_IsRefusedNextToTheField(string bad)
    {
        var (_, dana) = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var before = await db.PerformanceLog.CountAsync();
        var response = await maria.PostFormAsync($"/people/{dana}/log/new", ("Type", "Coaching"), ("Date", "2026-11-10"), ("Summary", "Coaching on call wrap-up"),
            ("Details", $"Talked through{bad} the wrap-up codes."), ("SharedWithEmployee", "false"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        AssertRefused(page, "Details");
        Assert.Equal("Coaching on call wrap-up", page.QuerySelector("#Summary")!.GetAttribute("value"));
        Assert.Equal(before, await db.PerformanceLog.CountAsync());
    }

    [Fact]
    public async Task Goal_StatementWithNul_IsRefusedNextToTheField()
    {
        var (ucc, _) = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var before = await db.UnitGoals.CountAsync();
        var response = await maria.PostFormAsync($"/units/{ucc}/goals/new", ("Input.FiscalYear", "2027"), ("Input.Statement", "Answer\0 faster"),
            ("Input.DueDate", "2027-06-30"), ("Input.Weight", "0"), ("Input.Status", "OnTrack"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        AssertRefused(page, "Statement");
        Assert.Equal("2027-06-30", page.QuerySelector("[name='Input.DueDate']")!.GetAttribute("value"));
        Assert.Equal(before, await db.UnitGoals.CountAsync());

        var goal = await db.UnitGoals.Where(g => g.UnitId == ucc).OrderBy(g => g.Id).FirstAsync();
        var update = await maria.PostFormAsync($"/goals/{goal.Id}", ("UpdateDate", "2026-11-14"), ("Note", "Queue\0 down"), ("UpdateStatus", "OnTrack"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, update.StatusCode);
        AssertRefused(await update.ParseAsync(), "Note");
        Assert.False(await db.GoalUpdates.AnyAsync(u => u.GoalId == goal.Id && u.Note.StartsWith("Queue")));
    }

    [Fact]
    public async Task Initiative_ProblemWithNul_IsRefusedNextToTheField()
    {
        var (ucc, _) = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var before = await db.Initiatives.CountAsync();
        var response = await maria.PostFormAsync("/initiatives/new", ("Title", "Shorter holds"), ("ProblemStatement", "Holds are long\0."), ("UnitIds", V(ucc)),
            ("StartDate", "2026-11-15"), ("DueDate", "2027-03-31"), ("Stage", "Plan"), ("Status", "Active"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        AssertRefused(page, "ProblemStatement");
        Assert.Equal("Shorter holds", page.QuerySelector("#Title")!.GetAttribute("value"));
        Assert.Equal(before, await db.Initiatives.CountAsync());
    }

    [Fact]
    public async Task MonthExplanation_WithNul_IsRefusedNextToTheField()
    {
        await using var db = app.Factory.CreateDbContext();
        // October is not started at the Walk-In counter in the demo.
        var wiu = await db.Units.Where(u => u.Code == "WIU").Select(u => u.Id).SingleAsync();
        var metric = await db.MetricDefinitions.Where(m => m.UnitId == wiu && m.Code == "avg_wait").Select(m => m.Id).SingleAsync();
        var before = await db.MetricValueChanges.CountAsync();
        var form = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor), wiu, "2026-10");
        var response = await form.PostAsync("Save", new Dictionary<string, string> { ["avg_wait"] = "6.2" },
            new Dictionary<string, string> { ["avg_wait"] = "Storm\0 week" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        AssertRefused(page, $"explanation-{metric}");
        Assert.Equal("6.2", page.QuerySelector($"#value-{metric}")!.GetAttribute("value"));
        Assert.Equal(before, await db.MetricValueChanges.CountAsync());
    }

    [Fact]
    public async Task SignIn_EmailWithNul_IsRefusedNextToTheField()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var response = await client.PostLoginAsync("dana.reyes\0@cityutility.example", "whatever-it-is");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("control character", page.Text("[data-valmsg-for='Input.Email']"));
    }

    [Fact]
    public async Task Import_ExplanationWithAControlCharacter_IsRefusedWithItsRow()
    {
        await using var db = app.Factory.CreateDbContext();
        var wiu = await db.Units.Where(u => u.Code == "WIU").Select(u => u.Id).SingleAsync();
        var omar = await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor);
        var response = await UploadAsync(omar, wiu, Encoding.UTF8.GetBytes("month,metric_code,value,explanation\n2026-10,avg_wait,6.2,Storm\u0001 week\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.ParseAsync()).QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent).ToList();
        Assert.Contains(errors, e => e.StartsWith("Row 2:", StringComparison.Ordinal) && e.Contains("control character", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_FileOverTheFormLimit_GetsTheMessageNextToTheFileField()
    {
        var (ucc, _) = await IdsAsync();
        var dana = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        // Past what the server reads of a form at all (the limit plus 1 MB), not only past what the importer takes.
        var huge = new byte[MetricImportService.MaxBytes + 3 * 1024 * 1024];
        Array.Fill(huge, (byte)'a');
        var response = await UploadAsync(dana, ucc, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal($"The file is larger than {MetricImportService.MaxBytes / 1024 / 1024} MB, the most one import takes. Split it by year.", page.Text("#file-error"));
        Assert.NotNull(page.QuerySelector("form input[type=file][name=file]"));
    }

    [Fact]
    public async Task Import_FileJustOverTheImportLimit_GetsTheMessageNextToTheFileField()
    {
        var (ucc, _) = await IdsAsync();
        var dana = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var huge = new byte[MetricImportService.MaxBytes + 100 * 1024];
        Array.Fill(huge, (byte)'a');
        var response = await UploadAsync(dana, ucc, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 20 MB", (await response.ParseAsync()).Text("#file-error"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int unit, byte[] content)
    {
        var page = await client.GetDocumentAsync($"/units/{unit}/import");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", "values.csv" },
        };
        return await client.PostAsync($"/units/{unit}/import", form);
    }
}
