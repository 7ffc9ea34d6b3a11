using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// The shift report form (/storm/shifts/{shift}/units/{unit}/report) and the event's list (/storm/{event}/reports):
/// checked like the monthly form (a message per field, nothing saved), one report per shift and unit, corrected with
/// its version, late ones flagged; the lead and the managers file, readers read, others get 404.
/// </summary>
public class ShiftReportPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;
    private List<StormShift> shifts = [];

    public ShiftReportPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 9, 6);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Ice storm Ezra", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 9), new TimeOnly(7, 0), 1, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        shifts = await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync();
        // Lin leads the Contact Center on the A shift, 07:00–19:00 EST.
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[0].Id, w.Lead.Employee.Id, w.ContactCenter.Id, StormRole.Lead), "lead");
        // 18:00, an hour before the A shift ends.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 18);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private string Url(BuiltUnit unit, int shift = 0) => $"/storm/shifts/{shifts[shift].Id}/units/{unit.Id}/report";

    private static readonly (string Key, string Value)[] Good =
        [("CallsOffered", "1,200"), ("CallsAnswered", "1110"), ("CallsAbandoned", "90"), ("AverageSpeedOfAnswerSeconds", "1:35"),
         ("OutageReportsTaken", "310"), ("CallbacksPending", "25"), ("LobbyOpen", "true"), ("StaffingProblems", ""), ("Notes", "Quiet after 15:00.")];

    /// <summary>Posts the form as the page shows it (its Version, when there is a report) with the good figures, some of them changed.</summary>
    private static async Task<HttpResponseMessage> FileAsync(HttpClient client, string url, params (string Key, string Value)[] changes)
    {
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelector("#shift-report-form") ?? throw new InvalidOperationException("The page has no report form.");
        var set = Good.Where(g => changes.All(c => c.Key != g.Key)).Concat(changes.Where(c => c.Value is not null)).ToArray();
        var fields = form.Fields(set);
        foreach (var (key, value) in changes.Where(c => c.Value is null)) fields.RemoveAll(f => f.Key == key);
        return await client.PostFormAsync(url, fields);
    }

    private async Task<List<ShiftReport>> ReportsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.ShiftReports.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Before the shift starts the report would be refused, so neither the report page nor the list offers to file one.</summary>
    [Fact]
    public async Task BeforeTheShiftStarts_NoFormAndNoFileLink_ThenBothOnceItHasStarted()
    {
        clock.Now = StormWorld.Eastern(2026, 11, 9, 6);
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        var early = await lin.GetDocumentAsync(Url(w.ContactCenter));
        Assert.Null(early.QuerySelector("#shift-report-form"));
        Assert.StartsWith("This shift starts", early.Text("#not-started"));
        var list = await lin.GetDocumentAsync($"/storm/{eventId}/reports");
        Assert.DoesNotContain(list.QuerySelectorAll("a"), a => a.GetAttribute("href") == Url(w.ContactCenter));

        clock.Now = StormWorld.Eastern(2026, 11, 9, 7, 5);
        Assert.NotNull((await lin.GetDocumentAsync(Url(w.ContactCenter))).QuerySelector("#shift-report-form"));
        list = await lin.GetDocumentAsync($"/storm/{eventId}/reports");
        Assert.Contains(list.QuerySelectorAll("a"), a => a.GetAttribute("href") == Url(w.ContactCenter) && a.TextContent.Trim() == "File report");
    }

    [Fact]
    public async Task EachBadFigure_GetsItsMessageNextToTheField_NamedInTheSummary_AndNothingIsSaved()
    {
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        var cases = new (string Field, string Label, (string, string)[] Changes, string Message)[]
        {
            ("CallsOffered", "Calls offered", [("CallsOffered", "")], "Give calls offered (0 if none)."),
            ("CallsAnswered", "Calls answered", [("CallsAnswered", "12a")], "Give calls answered as a whole number, e.g. 120."),
            ("CallsAbandoned", "Calls abandoned", [("CallsAbandoned", "-3")], "Calls abandoned cannot be negative."),
            ("CallsAbandoned", "Calls abandoned", [("CallsOffered", "100"), ("CallsAnswered", "95"), ("CallsAbandoned", "10")],
                "Answered (95) and abandoned (10) add up to 105, more than the 100 offered; check the three figures."),
            ("AverageSpeedOfAnswerSeconds", "Average speed of answer", [("AverageSpeedOfAnswerSeconds", "1:75")],
                "Give the average speed of answer in seconds (e.g. 95) or as minutes:seconds (e.g. 1:35)."),
            ("AverageSpeedOfAnswerSeconds", "Average speed of answer", [("AverageSpeedOfAnswerSeconds", "-5")], "The average speed of answer in seconds cannot be negative."),
            ("OutageReportsTaken", "Outage reports taken", [("OutageReportsTaken", "2000000")], "2,000,000 is more than a shift could have (1,000,000); check the figure."),
            ("CallbacksPending", "Callbacks pending", [("CallbacksPending", "2.5")], "Give callbacks pending as a whole number, e.g. 120."),
            ("LobbyOpen", "Walk-in lobby", [("LobbyOpen", null!)], "Say whether the walk-in lobby was open or closed."),
            ("Notes", "Notes", [("Notes", new string('x', 2001))], "Keep this under 2,000 characters (it has 2,001)."),
        };
        foreach (var (field, label, changes, message) in cases)
        {
            var response = await FileAsync(lin, Url(w.ContactCenter), changes);
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{field}: {(int)response.StatusCode}");
            var page = await response.ParseAsync();
            Assert.Equal(message, page.Text($"#{field}-error"));
            var summary = page.Text("#form-error");
            Assert.StartsWith("Some fields need attention; nothing was saved.", summary);
            Assert.Contains($"{label}: {message}", summary);
            Assert.Empty(await ReportsAsync());
        }

        // The figures typed come back in the fields, and the server works out the abandon rate of what was typed: 10 of 100.
        var again = await (await FileAsync(lin, Url(w.ContactCenter), ("CallsOffered", "100"), ("CallsAnswered", "95"), ("CallsAbandoned", "10"))).ParseAsync();
        Assert.Equal("95", again.QuerySelector("#CallsAnswered")!.GetAttribute("value"));
        Assert.Equal("10.0%", again.Text("#abandon-rate"));
    }

    [Fact]
    public async Task AReport_IsFiledOnce_ASecondNewFilingIsRefused_ACorrectionNeedsTheCurrentVersion()
    {
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        var blank = await lin.GetDocumentAsync(Url(w.ContactCenter));
        var staleBlank = blank.QuerySelector("#shift-report-form")!.Fields(Good);
        Assert.Null(blank.QuerySelector("#shift-report-form input[name=Version]"));

        var filed = await FileAsync(lin, Url(w.ContactCenter));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal(Url(w.ContactCenter), filed.Headers.Location!.ToString());
        var report = Assert.Single(await ReportsAsync());
        // 1:35 is 95 seconds; 90 abandoned of 1,200 offered is 7.5%.
        Assert.Equal((1200, 1110, 90, 95, 7.5m, "Lin Park"), (report.CallsOffered, report.CallsAnswered, report.CallsAbandoned, report.AverageSpeedOfAnswerSeconds, report.AbandonRate!.Value, report.FiledByName));
        var page = await lin.GetDocumentAsync(Url(w.ContactCenter));
        Assert.Equal("Contact Center's report for the A shift is filed.", page.Text("#report-message"));
        Assert.Equal("7.5%", page.Text("#abandon-rate"));
        Assert.Equal("1200", page.QuerySelector("#CallsOffered")!.GetAttribute("value"));
        Assert.Equal(report.Version.ToString(CultureInfo.InvariantCulture), page.Version());
        Assert.Equal("Save correction", page.Text("#shift-report-form button[type=submit]"));

        // The same blank form sent again (a second phone, a double tap): refused whole, not a second report.
        var second = await lin.PostFormAsync(Url(w.ContactCenter), staleBlank);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Lin Park already filed this report; open it to correct it.", (await second.ParseAsync()).Text("#form-error"));
        Assert.Single(await ReportsAsync());

        // A correction with the version read is saved; one from a page read before it is refused with a message.
        var readBefore = await lin.GetDocumentAsync(Url(w.ContactCenter));
        var corrected = await FileAsync(lin, Url(w.ContactCenter), ("CallsAbandoned", "60"), ("CallsAnswered", "1140"));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal("Your correction of Contact Center's report for the A shift is saved.", (await lin.GetDocumentAsync(Url(w.ContactCenter))).Text("#report-message"));
        var afterCorrection = Assert.Single(await ReportsAsync());
        Assert.Equal((60, 5.0m), (afterCorrection.CallsAbandoned, afterCorrection.AbandonRate!.Value));

        var stale = await lin.PostFormAsync(Url(w.ContactCenter), readBefore.QuerySelector("#shift-report-form")!.Fields(("CallsAbandoned", "70"), ("CallsAnswered", "1130")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var refused = await stale.ParseAsync();
        Assert.Equal("Someone else changed this record while you had it open; nothing was saved. Reload to see their changes.", refused.Text("#form-error"));
        Assert.Contains("abandoned 60", refused.Text("[data-testid=saved-meanwhile]"));
        Assert.Equal("70", refused.QuerySelector("#CallsAbandoned")!.GetAttribute("value")); // the entries typed are kept
        Assert.Equal(60, Assert.Single(await ReportsAsync()).CallsAbandoned);
    }

    [Fact]
    public async Task LateReports_AreFlaggedOnTheFormAndInTheList_OnAPinnedClock()
    {
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        // 20:30: the A shift ended at 19:00, so its reports are due until 21:00.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 20, 30);
        Assert.Equal(HttpStatusCode.Redirect, (await FileAsync(lin, Url(w.ContactCenter))).StatusCode);
        var onTime = await lin.GetDocumentAsync(Url(w.ContactCenter));
        Assert.Null(onTime.QuerySelector("[data-testid=late]"));
        var list = await mae.GetDocumentAsync($"/storm/{eventId}/reports");
        Assert.Equal(["Filed", "Missing, due by Mon Nov 9, 21:00 EST"], SlotStates(list, shifts[0]));

        // 21:30: the walk-in's report is now late while missing, and filed late it stays late.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 21, 30);
        var missing = await mae.GetDocumentAsync(Url(w.WalkIn));
        Assert.Equal("Late", missing.Text("[data-testid=late]"));
        Assert.Equal("Late: the shift ended Mon Nov 9, 19:00 EST, and its report was due within 2 hours.", missing.Text("#late-note"));
        Assert.Equal(HttpStatusCode.Redirect, (await FileAsync(mae, Url(w.WalkIn))).StatusCode);
        var late = await mae.GetDocumentAsync(Url(w.WalkIn));
        Assert.Equal("Filed late: more than 2 hours after the shift ended (Mon Nov 9, 19:00 EST).", late.Text("#late-note"));

        list = await mae.GetDocumentAsync($"/storm/{eventId}/reports");
        Assert.Equal(["Filed", "Filed late"], SlotStates(list, shifts[0]));
        Assert.Equal(["Not due yet", "Not due yet"], SlotStates(list, shifts[1]));
        Assert.Contains("abandon rate 7.5%", list.QuerySelector("[data-testid=report-slot][data-unit='Contact Center'] [data-testid=figures]")!.TextContent);
        Assert.Equal(["2", "1", "0"], list.QuerySelectorAll("[data-testid=report-counts] .n").Select(n => n.TextContent.Trim()));
    }

    private static List<string> SlotStates(AngleSharp.Dom.IDocument list, StormShift shift) =>
        list.QuerySelector($"#shift-{shift.Id}")!.Closest("section")!.QuerySelectorAll("[data-testid=report-slot] .badge").Select(b => b.TextContent.Trim()).ToList();

    [Fact]
    public async Task TheLeadAndManagersFile_ReadersRead_OthersAreNotFound()
    {
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        Assert.Equal(HttpStatusCode.Redirect, (await FileAsync(lin, Url(w.ContactCenter))).StatusCode);

        // Dee supervises the Contact Center but does not lead this shift: she reads the report, without a form.
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);
        var read = await dee.GetDocumentAsync(Url(w.ContactCenter));
        Assert.Null(read.QuerySelector("#shift-report-form"));
        Assert.Equal("The shift's lead for this unit files its report, or the event's managers; you may read it.", read.Text("#read-only"));
        Assert.Contains("7.5%", read.Text("[data-testid=report-figures]"));
        var deePost = await dee.PostFormAsync(Url(w.ContactCenter), Good.Append(("Version", "0")).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, deePost.StatusCode);
        // Lin leads the Contact Center, not the walk-in.
        Assert.Null((await lin.GetDocumentAsync(Url(w.WalkIn))).QuerySelector("#shift-report-form"));
        // The manager files the walk-in's.
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Assert.NotNull((await mae.GetDocumentAsync(Url(w.WalkIn))).QuerySelector("#shift-report-form"));

        // Billing is not in the event: its supervisor and manager find nothing, nor a unit outside the event.
        foreach (var who in new[] { w.OtherSupervisor, w.OtherManager })
        {
            var client = await app.Factory.SignedInClientAsync(who);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(w.ContactCenter))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(Url(w.ContactCenter), Good)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/storm/{eventId}/reports")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await mae.GetAsync(Url(w.Billing))).StatusCode);
        Assert.Single(await ReportsAsync());
    }
}
