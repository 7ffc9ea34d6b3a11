using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// The after-action review page through HTTP: written by the event's manager once it is in recovery, refused field by
/// field and whole when stale, read by the units' people; "Make initiative" twice gives one initiative that links back
/// to the event; the after-action report PDF read back with the shift-report figures summed per unit.
/// </summary>
public class AfterActionPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;

    public AfterActionPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 9, 6);
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>
    /// An event over the Contact Center and the Walk-In, activated, with its 9 November rotation and the day shift's
    /// reports filed (figures chosen so the sums are easy to check by hand), then moved to recovery.
    /// </summary>
    private async Task<int> EventInRecoveryAsync()
    {
        var id = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, id, new DateOnly(2026, 11, 9), new TimeOnly(7, 0), 1, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        var shifts = await db.StormShifts.Where(s => s.EventId == id).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 10, 8);
        // Contact Center: day 1,000 offered, 900 answered at 60 s, 100 abandoned; night 500 offered, 450 answered at 120 s, 50 abandoned.
        // Summed: 1,500 offered, 1,350 answered, 150 abandoned (10.0%), speed of answer (900×60 + 450×120) / 1,350 = 80 s.
        await File(shifts[0], w.ContactCenter, "1000", "900", "100", "60", "30", "12", true);
        await File(shifts[1], w.ContactCenter, "500", "450", "50", "120", "20", "7", true);
        await File(shifts[0], w.WalkIn, "40", "40", "0", "20", "10", "0", false);
        await app.Data.AsAsync<StormEventService>(w.Manager, async (s, v) => await s.MoveAsync(v, id, await app.Data.StormVersionAsync(id), StormState.Recovery), "recovery");
        return id;
    }

    private Task File(int shift, BuiltUnit unit, string offered, string answered, string abandoned, string asa, string outages, string callbacks, bool lobbyOpen) =>
        app.Data.AsAsync<ShiftReportService>(w.Manager, (s, v) => s.FileAsync(v, shift, unit.Id, null,
            new ShiftReportInput(offered, answered, abandoned, asa, outages, callbacks, lobbyOpen, null, null)), "shift report");

    private static async Task<HttpResponseMessage> SaveAsync(HttpClient client, IDocument page, string url, params (string, string)[] set) =>
        await client.PostFormAsync(url, page.QuerySelector("#review-form")!.Fields(set));

    [Fact]
    public async Task Review_SavedWithItems_BadInputAndStaleRefused_ReadByTheUnits()
    {
        var lin = w.Lead.Employee;
        var dee = w.Supervisor.Employee;
        var id = await EventInRecoveryAsync();
        var url = $"/storm/{id}/after-action";
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("#not-written"));

        // Nothing typed but an item without an owner: every message next to its field, nothing saved.
        var bad = await SaveAsync(mae, page, url, ("WentWell", " "), ("Items[0].Description", "Overflow routing for the outage line"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var refused = await bad.ParseAsync();
        Assert.Equal("Say what went well.", refused.Text("#WentWell-error"));
        Assert.Equal("Say what to improve.", refused.Text("#ToImprove-error"));
        Assert.Equal("Choose an active employee as the owner.", refused.Text("[id='Items[0].OwnerEmployeeId-error']"));
        Assert.Equal("Overflow routing for the outage line", refused.QuerySelector("#item-0-description")!.GetAttribute("value"));
        await using (var db = app.Factory.CreateDbContext()) Assert.False(await db.AfterActionReviews.AnyAsync(r => r.EventId == id));

        // A spare row left blank is no item; the second spare row carries the second item.
        var saved = await SaveAsync(mae, page, url, ("WentWell", "Call-out list reached everyone in two hours."), ("ToImprove", "The outage line overflowed at landfall."),
            ("Items[0].Description", "Overflow routing for the outage line"), ("Items[0].OwnerEmployeeId", $"{dee.Id}"),
            ("Items[1].Description", "Second walk-in lead for nights"), ("Items[1].OwnerEmployeeId", $"{lin.Id}"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await mae.GetDocumentAsync(url);
        Assert.Equal("After-action review saved.", page.Text("#flash"));
        Assert.Equal("Call-out list reached everyone in two hours.", page.Text("#went-well"));
        Assert.Equal([("Overflow routing for the outage line", "Dee Vance"), ("Second walk-in lead for nights", "Lin Park")],
            page.QuerySelectorAll("#items tbody tr").Select(tr => (tr.Children[0].TextContent.Trim(), tr.Children[1].TextContent.Trim())));

        // Two managers had the form open: the second save is refused whole.
        var other = page;
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(mae, page, url, ("ToImprove", "Outage line overflow; no night walk-in lead."))).StatusCode);
        var stale = await SaveAsync(mae, other, url, ("ToImprove", "Something else"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));
        Assert.Equal("Outage line overflow; no night walk-in lead.", (await mae.GetDocumentAsync(url)).Text("#to-improve"));

        // Removing an item: ticked, it goes; the other stays.
        page = await mae.GetDocumentAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(mae, page, url, ("Items[1].Remove", "true"))).StatusCode);
        Assert.Equal(["Overflow routing for the outage line"], (await mae.GetDocumentAsync(url)).QuerySelectorAll("#items tbody tr").Select(tr => tr.Children[0].TextContent.Trim()));

        // The unit's supervisor reads it, without the form; a post is refused. Another unit's manager sees nothing.
        var deeClient = await app.Factory.SignedInClientAsync(w.Supervisor);
        var read = await deeClient.GetDocumentAsync(url);
        Assert.Equal("Call-out list reached everyone in two hours.", read.Text("#went-well"));
        Assert.Null(read.QuerySelector("#review-form"));
        Assert.Empty(read.QuerySelectorAll("form.make-initiative"));
        Assert.Equal(HttpStatusCode.Conflict, (await deeClient.PostFormAsync(url, ("WentWell", "x"), ("ToImprove", "y"))).StatusCode);
        var bo = await app.Factory.SignedInClientAsync(w.OtherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync(url + "?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task MakeInitiative_Twice_GivesOneInitiativeLinkedToTheEvent_AndTheReportPrintsIt()
    {
        var id = await EventInRecoveryAsync();
        var url = $"/storm/{id}/after-action";
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(mae, page, url, ("WentWell", "Call-out list reached everyone."), ("ToImprove", "Outage line overflowed."),
            ("Items[0].Description", "Overflow routing for the outage line"), ("Items[0].OwnerEmployeeId", $"{w.Supervisor.Employee.Id}"),
            ("Items[1].Description", "Laminated call-out cards"), ("Items[1].OwnerEmployeeId", $"{w.Lead.Employee.Id}"))).StatusCode);
        page = await mae.GetDocumentAsync(url);

        // Two clicks on the same button (the second from the page read before the first): one initiative, opened both times.
        var form = page.QuerySelectorAll("form.make-initiative")[0];
        var first = await mae.PostFormAsync(url + "?handler=MakeInitiative", form.Fields());
        var second = await mae.PostFormAsync(url + "?handler=MakeInitiative", form.Fields());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var initiativeUrl = first.Headers.Location!.ToString();
        await using (var db = app.Factory.CreateDbContext())
        {
            var made = await db.Initiatives.Where(i => i.Title == "Overflow routing for the outage line").ToListAsync();
            var initiative = Assert.Single(made);
            Assert.Equal($"/initiatives/{initiative.Id}", initiativeUrl);
            Assert.Equal(w.Supervisor.Employee.Id, initiative.OwnerEmployeeId);
        }
        var opened = await mae.GetDocumentAsync(initiativeUrl);
        Assert.Equal("This item is already an initiative.", opened.Text("#flash"));
        Assert.Equal($"/storm/{id}/after-action", opened.QuerySelector("#from-storm a")!.GetAttribute("href"));
        Assert.Contains("Hurricane Delia", opened.Text("#from-storm"));

        // The review now links the initiative; only the other item still offers the button.
        page = await mae.GetDocumentAsync(url);
        Assert.Equal(initiativeUrl, page.QuerySelector("#items a.initiative-link")!.GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("form.make-initiative"));
        Assert.Equal(HttpStatusCode.NotFound, (await mae.PostFormAsync(url + "?handler=MakeInitiative", ("itemId", "999999"))).StatusCode);

        // The report: the event, the review, the items with owners and the initiative, the figures summed per unit.
        var pdf = await mae.GetAsync(url + "?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await System.IO.File.WriteAllBytesAsync(Path.Combine(folder, "storm-after-action-report.pdf"), bytes);
        var text = PdfText.Read(bytes);
        Assert.Contains("After-action report", text.Pages[0]);
        Assert.Contains("Hurricane Delia", text.Pages[0]);
        Assert.Contains("Contact Center, Walk-In", text.All);
        Assert.Contains("Recovery started", text.All);
        Assert.Contains("Call-out list reached everyone.", text.All);
        Assert.Contains("Outage line overflowed.", text.All);
        Assert.Contains("Overflow routing for the outage line", text.All);
        Assert.Contains("Dee Vance", text.All);
        Assert.Contains("Lin Park", text.All);
        Assert.Contains($"Initiative #{initiativeUrl.Split('/').Last()}", text.All);
        Assert.Contains("Plan · Active", text.All);
        Assert.Contains("Not an initiative yet", text.All);
        // Contact Center: 2 of 2 reports, 1,500 offered, 1,350 answered, 150 abandoned, 10.0%, 80 s, 50 outage reports, 7 callbacks at the last.
        Assert.Contains("2 of 2 1,500 1,350 150 10.0% 80 s 50 7", text.All);
        // Walk-In: 1 of 2 (the night's is missing, so late), 40 offered and answered, lobby closed on that shift.
        Assert.Contains("1 of 2 40 40 0 0.0% 20 s 10 0", text.All);
        Assert.True(text.All.Contains("lobby closed on 1 shift", StringComparison.Ordinal), text.All);
    }
}
