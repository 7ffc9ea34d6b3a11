using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// /storm/my-shifts: each person's own shifts in open events with their check-in (available, unavailable with a reason,
/// evacuated), saved with the assignment's version; anyone else's assignment is not found here; a lead gets the link to
/// the unit's shift report; someone without shifts is told so.
/// </summary>
public class MyShiftsPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;
    private List<StormShift> shifts = [];
    private int calOnA, linLeadsA;

    public MyShiftsPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        // Monday 9 November 2026, 06:00 EST: the A shift (07:00–19:00) starts in an hour.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 6);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Ice storm Ezra", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 9), new TimeOnly(7, 0), 1, []), "shifts");
        await using var db = app.Factory.CreateDbContext();
        shifts = await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync();
        calOnA = await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[0].Id, w.CallTaker.Employee.Id, w.ContactCenter.Id, StormRole.CallTaker), "call taker");
        linLeadsA = await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[0].Id, w.Lead.Employee.Id, w.ContactCenter.Id, StormRole.Lead), "lead");
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(Availability, string?, uint)> StoredAsync(int assignment)
    {
        await using var db = app.Factory.CreateDbContext();
        var a = await db.ShiftAssignments.AsNoTracking().SingleAsync(a => a.Id == assignment);
        return (a.Availability, a.UnavailableReason, a.Version);
    }

    private static async Task<HttpResponseMessage> CheckInAsync(HttpClient client, int assignment, string? availability, string reason = "", string? version = null)
    {
        var page = await client.GetDocumentAsync("/storm/my-shifts");
        var form = page.QuerySelector($"#assignment-{assignment} form") ?? throw new InvalidOperationException($"No check-in form for assignment {assignment}.");
        var fields = form.Fields(("Reason", reason));
        fields.RemoveAll(f => f.Key == "Availability");
        if (availability is not null) fields.Add(new("Availability", availability));
        if (version is not null) { fields.RemoveAll(f => f.Key == "Version"); fields.Add(new("Version", version)); }
        return await client.PostFormAsync(form.Action("/storm/my-shifts"), fields);
    }

    [Fact]
    public async Task CheckIn_Available_ThenUnavailableNeedsAReason_ThenEvacuated_EachSavedThroughThePage()
    {
        var cal = await app.Factory.SignedInClientAsync(w.CallTaker);
        var page = await cal.GetDocumentAsync("/storm/my-shifts");
        var card = page.QuerySelector($"#assignment-{calOnA}")!;
        Assert.Contains("A shift · Ice storm Ezra", card.TextContent);
        Assert.Contains("Mon Nov 9, 07:00 – 19:00 EST", card.TextContent);
        Assert.Contains("Contact Center", card.TextContent);
        Assert.Contains("Call taker", card.TextContent);
        Assert.Equal("Not checked in", card.QuerySelector("[data-testid=availability]")!.TextContent.Trim());

        var available = await CheckInAsync(cal, calOnA, "Available");
        Assert.Equal(HttpStatusCode.Redirect, available.StatusCode);
        Assert.Equal($"/storm/my-shifts#assignment-{calOnA}", available.Headers.Location!.ToString());
        page = await cal.GetDocumentAsync("/storm/my-shifts");
        Assert.Equal("Checked in as available for the A shift of Ice storm Ezra (Mon Nov 9, 07:00 – 19:00 EST).", page.Text("#check-in-message"));
        Assert.Equal("Available", page.Text($"#assignment-{calOnA} [data-testid=availability]"));
        Assert.Equal(Availability.Available, (await StoredAsync(calOnA)).Item1);

        // Unavailable without a reason: the message sits under the reason, the summary names it, and nothing changes.
        var noReason = await CheckInAsync(cal, calOnA, "Unavailable");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var refused = await noReason.ParseAsync();
        Assert.Equal("Say why you cannot come (e.g. no power, road closed, caring for family).", refused.Text($"#reason-{calOnA}-error"));
        Assert.Equal("Some fields need attention; nothing was saved.", refused.QuerySelector("#form-error")!.FirstChild!.TextContent.Trim());
        Assert.Contains("Reason (required when unavailable): Say why you cannot come", refused.Text("#form-error"));
        Assert.NotNull(refused.QuerySelector($"#availability-{calOnA}-unavailable[checked]")); // the choice made is kept
        Assert.Equal((Availability.Available, (string?)null), ((await StoredAsync(calOnA)).Item1, (await StoredAsync(calOnA)).Item2));

        Assert.Equal(HttpStatusCode.Redirect, (await CheckInAsync(cal, calOnA, "Unavailable", "Tree down across the road")).StatusCode);
        Assert.Equal((Availability.Unavailable, "Tree down across the road"), ((await StoredAsync(calOnA)).Item1, (await StoredAsync(calOnA)).Item2));
        page = await cal.GetDocumentAsync("/storm/my-shifts");
        Assert.Equal("Unavailable — Tree down across the road", page.Text($"#assignment-{calOnA} [data-testid=availability]"));

        Assert.Equal(HttpStatusCode.Redirect, (await CheckInAsync(cal, calOnA, "Evacuated", "Mandatory evacuation, zone B")).StatusCode);
        Assert.Equal((Availability.Evacuated, "Mandatory evacuation, zone B"), ((await StoredAsync(calOnA)).Item1, (await StoredAsync(calOnA)).Item2));

        // No choice at all is a message too.
        var none = await CheckInAsync(cal, calOnA, null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal("Choose available, unavailable or evacuated.", (await none.ParseAsync()).Text($"#availability-{calOnA}-error"));
    }

    [Fact]
    public async Task CheckIn_WithAStaleVersion_Is409_WithAMessage_AndKeepsWhatWasSavedMeanwhile()
    {
        var cal = await app.Factory.SignedInClientAsync(w.CallTaker);
        var before = (await StoredAsync(calOnA)).Item3;
        // The manager checks Cal in as unavailable meanwhile.
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.CheckInAsync(v, calOnA, before, Availability.Unavailable, "Called in: no power"), "manager's check-in");

        var stale = await CheckInAsync(cal, calOnA, "Available", version: before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ParseAsync();
        Assert.StartsWith("Your check-in for this shift was changed by someone else", page.Text("#form-error"));
        Assert.Equal("Unavailable — Called in: no power", page.Text($"#assignment-{calOnA} [data-testid=availability]"));
        Assert.Equal(Availability.Unavailable, (await StoredAsync(calOnA)).Item1);
    }

    [Fact]
    public async Task SomeoneElsesAssignment_IsNotFound_AndNothingChanges()
    {
        var before = await StoredAsync(calOnA);
        // Dee reads the event (her unit is in it), Mae manages it: neither checks Cal in from their own shifts page.
        foreach (var who in new[] { w.Supervisor, w.Manager, w.OtherSupervisor })
        {
            var client = await app.Factory.SignedInClientAsync(who);
            var post = await client.PostFormAsync($"/storm/my-shifts?handler=CheckIn&assignmentId={calOnA}",
                ("Version", before.Item3.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Availability", "Evacuated"), ("Reason", "x"));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        Assert.Equal(before, await StoredAsync(calOnA));
    }

    [Fact]
    public async Task ALead_GetsTheShiftReportLink_OnceTheShiftStarts_ACallTakerDoesNot_AndSomeoneWithoutShiftsIsToldSo()
    {
        // 06:00, the A shift starts at 07:00: the report form would refuse a report, so there is no button yet, only what is to come.
        var lin = await (await app.Factory.SignedInClientAsync(w.Lead)).GetDocumentAsync("/storm/my-shifts");
        var upcoming = lin.QuerySelector($"#assignment-{linLeadsA} [data-testid=lead-report]")!;
        Assert.DoesNotContain(upcoming.QuerySelectorAll("a"), a => a.TextContent.Trim() == "File shift report");
        Assert.Contains("once it has started", upcoming.TextContent);

        clock.Now = StormWorld.Eastern(2026, 11, 9, 7, 30);
        lin = await (await app.Factory.SignedInClientAsync(w.Lead)).GetDocumentAsync("/storm/my-shifts");
        var link = lin.QuerySelector($"#assignment-{linLeadsA} [data-testid=lead-report] a")!;
        Assert.Equal("File shift report", link.TextContent.Trim());
        Assert.Equal($"/storm/shifts/{shifts[0].Id}/units/{w.ContactCenter.Id}/report", link.GetAttribute("href"));

        var cal = await (await app.Factory.SignedInClientAsync(w.CallTaker)).GetDocumentAsync("/storm/my-shifts");
        Assert.Null(cal.QuerySelector("[data-testid=lead-report]"));

        var kai = await (await app.Factory.SignedInClientAsync(w.OtherSupervisor)).GetDocumentAsync("/storm/my-shifts");
        Assert.Contains("You have no storm shifts.", kai.Text("#no-shifts"));
        Assert.Empty(kai.QuerySelectorAll("[data-testid=my-shift]"));

        // After the shift the lead still finds it, under the ended shifts, with the report now missing and, past the grace, late.
        clock.Now = StormWorld.Eastern(2026, 11, 9, 21, 30);
        lin = await (await app.Factory.SignedInClientAsync(w.Lead)).GetDocumentAsync("/storm/my-shifts");
        var ended = lin.QuerySelector($"#assignment-{linLeadsA}")!;
        Assert.Equal("ended-shift", ended.GetAttribute("data-testid"));
        Assert.Contains("The shift report is not filed yet.", ended.TextContent);
        Assert.Contains("Late", ended.QuerySelector("[data-testid=lead-report] .badge")!.TextContent);
    }
}
