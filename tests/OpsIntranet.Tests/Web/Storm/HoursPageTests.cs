using System.Net;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// The Hours page of a storm event, through HTTP as a manager uses it: record from shifts (the November night counts
/// 13 hours), the weekly overtime split and totals checked against hand-worked figures, corrections, a row added
/// outside a shift, deletion, sign-off and its clearing, the payroll CSV and the labor summary PDF read back.
/// </summary>
public class HoursPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;

    public HoursPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 25, 9);
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>An activated event over the unit with a rotation from <paramref name="first"/>, the crew on the shifts given by index, checked in available.</summary>
    private async Task<int> StormAsync(BuiltUnit unit, DateOnly first, int days, params (Employee Person, int Shift)[] crew)
    {
        var id = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(unit).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, id, first, new TimeOnly(7, 0), days, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        var shifts = await db.StormShifts.Where(s => s.EventId == id).OrderBy(s => s.StartsAt).ToListAsync();
        foreach (var (person, index) in crew)
        {
            var a = await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[index].Id, person.Id, unit.Id, StormRole.CallTaker), "assignment");
            var version = await db.ShiftAssignments.Where(x => x.Id == a).Select(x => x.Version).SingleAsync();
            await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.CheckInAsync(v, a, version, Availability.Available, null), "check-in");
        }
        return id;
    }

    private static void Redirected(HttpResponseMessage response, string to)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(to, response.Headers.Location!.ToString());
    }

    /// <summary>Posts a form of the page (found by its id or selector) with some fields set.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IDocument page, string selector, string url, params (string, string)[] set)
    {
        var form = page.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector} on the page.");
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : url;
        return client.PostFormAsync(action, form.Fields(set));
    }

    /// <summary>(person, regular, overtime, total) per line of the totals table, and the grand total line.</summary>
    private static List<(string, string, string, string)> Totals(IDocument page) =>
        page.QuerySelectorAll("#totals tr[data-person], #grand-total").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToList();
            return (cells[0], cells[^3], cells[^2], cells[^1]);
        }).ToList();

    private static List<string[]> Csv(byte[] file)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), file[..3]);
        var (rows, unclosed) = OpsIntranet.Core.Metrics.Csv.Parse(Encoding.UTF8.GetString(file, 3, file.Length - 3));
        Assert.Null(unclosed);
        return rows.Select(r => r.Fields.ToArray()).ToList();
    }

    [Fact]
    public async Task NightShiftAcrossTheNovemberChange_Counts13Hours_OnThePageTheCsvAndThePdf()
    {
        var ana = await app.Data.Employee("Ana", "Reyes").InUnit(w.WalkIn).Position("Walk-In Representative").BuildAsync();
        // Shift 1 is Saturday 31 October's night: 19:00 EDT to 07:00 EST, across the change back to standard time.
        var id = await StormAsync(w.WalkIn, new DateOnly(2026, 10, 31), 1, (ana, 1));
        clock.Now = StormWorld.Eastern(2026, 11, 1, 9);
        var url = $"/storm/{id}/hours";
        var mae = await app.Factory.SignedInClientAsync(w.Manager);

        var page = await mae.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("#no-hours"));
        Redirected(await PostAsync(mae, page, "#record-form", url), url);
        page = await mae.GetDocumentAsync(url);
        Assert.Equal("2 rows of hours recorded.", page.Text("#flash"));

        // Saturday 19:00–24:00 is 5 hours; Sunday 00:00–07:00 is 8, as 01:00–02:00 happens twice.
        var rows = page.QuerySelectorAll("#hours tbody tr").Select(tr => tr.QuerySelectorAll("td").Take(5).Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([["Ana Reyes", "Sat Oct 31, 2026", "19:00", "24:00", "5.00"], ["Ana Reyes", "Sun Nov 1, 2026", "00:00", "07:00", "8.00"]], rows);
        Assert.Equal([("Ana Reyes", "13.00", "0.00", "13.00"), ("All people", "13.00", "0.00", "13.00")], Totals(page));

        var csv = Csv(await mae.GetByteArrayAsync(url + "?handler=Csv"));
        Assert.Equal(["Employee number", "Name", "Position", "Unit", "Date", "Start", "End", "Regular hours", "Overtime hours", "Total hours"], csv[0]);
        Assert.Equal([[$"{ana.Id}", "Ana Reyes", "Walk-In Representative", "Walk-In", "2026-10-31", "19:00", "24:00", "5.00", "0.00", "5.00"],
                      [$"{ana.Id}", "Ana Reyes", "Walk-In Representative", "Walk-In", "2026-11-01", "00:00", "07:00", "8.00", "0.00", "8.00"]], csv.Skip(1));

        var pdf = await mae.GetAsync(url + "?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("hurricane-delia-labor-summary.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar ?? pdf.Content.Headers.ContentDisposition.FileName);
        var text = PdfText.Read(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Ana Reyes", text.All);
        Assert.Contains("19:00–24:00", text.All);
        Assert.Contains("Grand total, 1 employee 2 13.00 0.00 13.00", text.All);
        Assert.Contains("NOT SIGNED OFF", text.Pages[0]);
    }

    [Fact]
    public async Task Overtime_Totals_Csv_SignOff_Correction_AddAndDelete_ThroughThePage()
    {
        var pat = await app.Data.Employee("Pat", "Quinn").InUnit(w.ContactCenter).Position("Customer Service Representative II").BuildAsync();
        var rae = await app.Data.Employee("Rae", "Diaz").InUnit(w.ContactCenter).Position("Customer Service Representative I").BuildAsync();
        // A position that would run as a formula in a spreadsheet: the CSV must defuse it.
        var zed = await app.Data.Employee("Zed", "Amari").InUnit(w.ContactCenter).Position("=HYPERLINK(\"http://x.example\")").BuildAsync();
        // Saturday 7 to Thursday 12 November: shifts 0, 2, 4, 6, 8, 10 are the A shifts (07:00–19:00), shift 1 the first night.
        var id = await StormAsync(w.ContactCenter, new DateOnly(2026, 11, 7), 6, (pat, 0), (pat, 2), (pat, 4), (pat, 6), (pat, 8), (pat, 10), (rae, 1));
        clock.Now = StormWorld.Eastern(2026, 11, 14, 9);
        var url = $"/storm/{id}/hours";
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Redirected(await PostAsync(mae, await mae.GetDocumentAsync(url), "#record-form", url), url);

        // Worked by hand. Pat: Saturday the 7th closes the week of 1 November (12 regular). The week of Sunday the 8th:
        // Sun 12, Mon 12, Tue 12 (36), Wed 4 regular + 8 overtime (48), Thu 12 overtime: 52 regular, 20 overtime, 72 in all.
        // Rae: Saturday 19:00–24:00 (5) and Sunday 00:00–07:00 (7): 12 regular. Everyone: 64 regular, 20 overtime, 84.
        var page = await mae.GetDocumentAsync(url);
        Assert.Equal([("Rae Diaz", "12.00", "0.00", "12.00"), ("Pat Quinn", "52.00", "20.00", "72.00"), ("All people", "64.00", "20.00", "84.00")], Totals(page));
        var wednesday = page.QuerySelectorAll("#hours tbody tr").Single(tr => tr.TextContent.Contains("Pat Quinn") && tr.TextContent.Contains("Wed Nov 11, 2026"));
        Assert.Equal(["12.00", "4.00", "8.00"], wednesday.QuerySelectorAll("td.num").Select(c => c.TextContent.Trim()));

        // Zed came in outside any shift: a row added by hand, refused first for what cannot be read or is missing.
        var bad = await PostAsync(mae, page, "#add-form", url, ("employeeId", $"{zed.Id}"), ("date", "2026-11-13"), ("start", "9 o'clock"), ("end", "12:00"), ("note", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var refused = await bad.ParseAsync();
        Assert.Equal("Give the start as a time of day, e.g. 07:00.", refused.Text("#StartsAt-error"));
        Assert.Equal("9 o'clock", refused.QuerySelector("#add-start")!.GetAttribute("value"));
        var late = await PostAsync(mae, page, "#add-form", url, ("employeeId", $"{zed.Id}"), ("date", "2026-11-13"), ("start", "09:00"), ("end", "08:00"), ("note", "Generator check"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Equal("The end must be after the start.", (await late.ParseAsync()).Text("#EndsAt-error"));
        Redirected(await PostAsync(mae, page, "#add-form", url, ("employeeId", $"{zed.Id}"), ("date", "2026-11-13"), ("start", "09:00"), ("end", "12:30"), ("note", "Generator check")), url);
        page = await mae.GetDocumentAsync(url);
        Assert.Equal("Hours added.", page.Text("#flash"));
        Assert.Contains(("Zed Amari", "3.50", "0.00", "3.50"), Totals(page));
        Assert.Equal(("All people", "67.50", "20.00", "87.50"), Totals(page)[^1]);

        // The CSV has every row, its numbers those of the page, and the formula-like position defused.
        var csv = Csv(await mae.GetByteArrayAsync(url + "?handler=Csv"));
        Assert.Equal(10, csv.Count);
        Assert.Contains([$"{pat.Id}", "Pat Quinn", "Customer Service Representative II", "Contact Center", "2026-11-11", "07:00", "19:00", "4.00", "8.00", "12.00"], csv);
        Assert.Contains([$"{zed.Id}", "Zed Amari", "'=HYPERLINK(\"http://x.example\")", "Contact Center", "2026-11-13", "09:00", "12:30", "3.50", "0.00", "3.50"], csv);
        Assert.Equal(87.5m, csv.Skip(1).Sum(r => decimal.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(20m, csv.Skip(1).Sum(r => decimal.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture)));

        // Sign-off with the page's version; a second manager's page read before it is stale.
        var before = page;
        Redirected(await PostAsync(mae, page, "#signoff-form", url), url);
        page = await mae.GetDocumentAsync(url);
        Assert.Equal("true", page.QuerySelector("#signoff-state")!.GetAttribute("data-signed"));
        Assert.Contains("Signed off by Mae Ross", page.Text("#signoff-state"));
        var signedPdf = PdfText.Read(await mae.GetByteArrayAsync(url + "?handler=Pdf"));
        Assert.Contains("Signed off by Mae Ross, Nov 14, 2026", signedPdf.All);
        Assert.DoesNotContain("NOT SIGNED OFF", signedPdf.All);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(mae, before, "#signoff-form", url)).StatusCode);

        // Rae's Sunday was a call-back on a rest day, paid as overtime: corrected with the row's version; the sign-off goes.
        var sunday = page.QuerySelectorAll("#hours tbody tr").Single(tr => tr.TextContent.Contains("Rae Diaz") && tr.TextContent.Contains("Sun Nov 8, 2026"));
        var rowId = sunday.GetAttribute("data-row-id");
        var noNote = await PostAsync(mae, page, $"form.correct-form[data-row-id='{rowId}']", url, ("overtime", "7"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noNote.StatusCode);
        Assert.Equal("Say why the hours are corrected (it goes on the record).", (await noNote.ParseAsync()).Text("#Note-error"));
        Redirected(await PostAsync(mae, page, $"form.correct-form[data-row-id='{rowId}']", url, ("overtime", "7"), ("note", "Call-back on a rest day")), url);
        var corrected = await mae.GetDocumentAsync(url);
        Assert.Equal("Hours corrected. The sign-off by Mae Ross no longer holds: check the hours and sign the summary off again.", corrected.Text("#flash"));
        Assert.Equal("false", corrected.QuerySelector("#signoff-state")!.GetAttribute("data-signed"));
        Assert.Equal([("Zed Amari", "3.50", "0.00", "3.50"), ("Rae Diaz", "5.00", "7.00", "12.00"), ("Pat Quinn", "52.00", "20.00", "72.00"), ("All people", "60.50", "27.00", "87.50")], Totals(corrected));
        Assert.Contains("NOT SIGNED OFF", PdfText.Read(await mae.GetByteArrayAsync(url + "?handler=Pdf")).Pages[0]);

        // The same correction from the page read before it: the row moved on, nothing saved.
        var stale = await PostAsync(mae, page, $"form.correct-form[data-row-id='{rowId}']", url, ("overtime", "0"), ("note", "Undo"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));

        // Deleting Zed's row needs the ticked box; then it is gone.
        var zedRow = corrected.QuerySelectorAll("#hours tbody tr").Single(tr => tr.TextContent.Contains("Zed Amari")).GetAttribute("data-row-id");
        var unconfirmed = await PostAsync(mae, corrected, $"form.delete-form[data-row-id='{zedRow}']", url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Equal("Tick the box to confirm that this row should be deleted.", (await unconfirmed.ParseAsync()).Text("#Confirm-error"));
        Redirected(await PostAsync(mae, corrected, $"form.delete-form[data-row-id='{zedRow}']", url, ("Confirm", "true")), url);
        Assert.DoesNotContain(Totals(await mae.GetDocumentAsync(url)), t => t.Item1 == "Zed Amari");
    }

    [Fact]
    public async Task Hours_AreForTheEventsManagersAndLeadership_OthersGet404()
    {
        var pat = await app.Data.Employee("Pat", "Quinn").InUnit(w.ContactCenter).BuildAsync();
        var id = await StormAsync(w.ContactCenter, new DateOnly(2026, 10, 26), 1, (pat, 0));
        clock.Now = StormWorld.Eastern(2026, 10, 27, 9);
        var url = $"/storm/{id}/hours";
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Redirected(await PostAsync(mae, await mae.GetDocumentAsync(url), "#record-form", url), url);

        // Leadership reads, downloads, but changes nothing: no forms, and a post is refused.
        var ruth = await app.Factory.SignedInClientAsync(w.Leadership);
        var read = await ruth.GetDocumentAsync(url);
        Assert.Equal(("All people", "12.00", "0.00", "12.00"), Totals(read)[^1]);
        Assert.Empty(read.QuerySelectorAll("#record-form, #signoff-form, #add-form"));
        Assert.Equal(HttpStatusCode.OK, (await ruth.GetAsync(url + "?handler=Csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ruth.PostFormAsync(url + "?handler=Record")).StatusCode);

        // The unit's supervisor reads the event but not its payroll records; another unit's manager sees nothing.
        foreach (var who in new[] { w.Supervisor, w.OtherManager, w.CallTaker })
        {
            var client = await app.Factory.SignedInClientAsync(who);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + "?handler=Csv")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + "?handler=Pdf")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(url + "?handler=Record")).StatusCode);
        }
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(1, await db.StormHours.CountAsync(h => h.EventId == id));
    }
}
