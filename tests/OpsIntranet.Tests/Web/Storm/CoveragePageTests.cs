using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// /storm/{eventId}/coverage: per shift, unit and role, covering against required with the gap in words and in red;
/// check-ins move it; the running shift is marked; the next 48 hours at the top on a pinned clock; links to the shift
/// and its reports; 404 outside the event.
/// </summary>
public class CoveragePageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;

    public CoveragePageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 29, 9);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private string Url => $"/storm/{eventId}/coverage";

    private Task Layout(DateOnly first, int days, params RequirementInput[] required) =>
        app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, first, new TimeOnly(7, 0), days, required), "shifts");

    private async Task<List<int>> ShiftIdsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync();
    }

    private Task<int> Assign(int shift, int employee, BuiltUnit unit, StormRole role) =>
        app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shift, employee, unit.Id, role), "an assignment");

    private async Task CheckIn(int assignment, Availability availability, string? reason = null)
    {
        uint version;
        await using (var db = app.Factory.CreateDbContext())
            version = await db.ShiftAssignments.Where(a => a.Id == assignment).Select(a => a.Version).SingleAsync();
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.CheckInAsync(v, assignment, version, availability, reason), "a check-in");
    }

    /// <summary>One line of a shift's card: covering / required, its status in words, and whether it is marked red.</summary>
    private static (string Covering, string Status, bool Red) Line(IDocument page, int shift, BuiltUnit unit, StormRole role)
    {
        var row = page.QuerySelector($"#cover-{shift} tr[data-line='{unit.Id}-{role}']") ?? throw new InvalidOperationException($"No line {unit.Name} {role} on shift {shift}.");
        var status = row.QuerySelector("[data-status]")!;
        return (row.QuerySelector("[data-covering]")!.TextContent.Trim(), status.TextContent.Trim(), status.ClassList.Contains("status-red") && row.ClassList.Contains("table-danger"));
    }

    [Fact]
    public async Task Board_CountsAssignedLessThoseWhoCannotCome_PerShiftAndRole_AndCheckInsMoveIt()
    {
        await Layout(new DateOnly(2026, 10, 30), 1,
            new RequirementInput(w.ContactCenter.Id, StormRole.CallTaker, 3), new RequirementInput(w.ContactCenter.Id, StormRole.Lead, 1), new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1));
        var ids = await ShiftIdsAsync();
        var (day, night) = (ids[0], ids[1]);
        var callTakers = new List<int>();
        foreach (var name in new[] { "Ana", "Ben", "Cy" })
            callTakers.Add(await Assign(day, (await app.Data.Employee(name, "Staff").InUnit(w.ContactCenter).BuildAsync()).Id, w.ContactCenter, StormRole.CallTaker));
        await Assign(day, w.Lead.Employee.Id, w.ContactCenter, StormRole.Lead);
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);

        // Worked by hand. Day: call takers 3 required, 3 assigned, none checked in → 3 covering; lead 1 of 1; walk-in 0 of 1 → 1 short.
        var page = await dee.GetDocumentAsync(Url);
        Assert.Equal(("3 / 3", "covered", false), Line(page, day, w.ContactCenter, StormRole.CallTaker));
        Assert.Equal(("1 / 1", "covered", false), Line(page, day, w.ContactCenter, StormRole.Lead));
        Assert.Equal(("0 / 1", "1 short", true), Line(page, day, w.WalkIn, StormRole.WalkIn));
        Assert.Equal("4 of 5 covering · 1 short", page.QuerySelector($"#cover-{day}")!.QuerySelector("[data-total]")!.TextContent.Trim());
        // Night: nobody assigned → 3 + 1 + 1 short.
        Assert.Equal(("0 / 3", "3 short", true), Line(page, night, w.ContactCenter, StormRole.CallTaker));
        Assert.Equal("0 of 5 covering · 5 short", page.QuerySelector($"#cover-{night}")!.QuerySelector("[data-total]")!.TextContent.Trim());

        // Ben checks in unavailable: 3 assigned, 2 covering → "1 short" in red.
        await CheckIn(callTakers[1], Availability.Unavailable, "Road closed");
        page = await dee.GetDocumentAsync(Url);
        Assert.Equal(("2 / 3", "1 short", true), Line(page, day, w.ContactCenter, StormRole.CallTaker));
        Assert.Contains("3 assigned, 1 out", page.QuerySelector($"#cover-{day} tr[data-line='{w.ContactCenter.Id}-CallTaker']")!.TextContent);
        Assert.Equal("3 of 5 covering · 2 short", page.QuerySelector($"#cover-{day}")!.QuerySelector("[data-total]")!.TextContent.Trim());

        // Ana checks in available (no change), Cy is evacuated → 1 covering, 2 short; then Ben can come after all → 2 covering, 1 short.
        await CheckIn(callTakers[0], Availability.Available);
        await CheckIn(callTakers[2], Availability.Evacuated, "Zone B evacuation");
        Assert.Equal(("1 / 3", "2 short", true), Line(await dee.GetDocumentAsync(Url), day, w.ContactCenter, StormRole.CallTaker));
        await CheckIn(callTakers[1], Availability.Available);
        Assert.Equal(("2 / 3", "1 short", true), Line(await dee.GetDocumentAsync(Url), day, w.ContactCenter, StormRole.CallTaker));
        // A requirement lowered to 2 closes the gap.
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.SetRequirementAsync(v, day, w.ContactCenter.Id, StormRole.CallTaker, 2), "a requirement");
        Assert.Equal(("2 / 2", "covered", false), Line(await dee.GetDocumentAsync(Url), day, w.ContactCenter, StormRole.CallTaker));
    }

    [Fact]
    public async Task Next48Hours_OnAPinnedClock_ShowsTheRunningShiftAndTheNextThree_WithTheirGaps_AndLinks()
    {
        await Layout(new DateOnly(2026, 10, 30), 3, new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1));
        var ids = await ShiftIdsAsync();
        // Saturday 31 October 10:00 EDT: the A shift of the 31st runs; 48 real hours on is Monday 09:00 EST (the clocks go back on Sunday).
        clock.Now = StormWorld.Eastern(2026, 10, 31, 10);
        await Assign(ids[2], (await app.Data.Employee("Wes", "Staff").InUnit(w.WalkIn).BuildAsync()).Id, w.WalkIn, StormRole.WalkIn);

        var page = await (await app.Factory.SignedInClientAsync(w.CallTaker)).GetDocumentAsync(Url);
        var tiles = page.QuerySelectorAll("#next-48 [data-next]");
        Assert.Equal([ids[2], ids[3], ids[4], ids[5]], tiles.Select(t => int.Parse(t.GetAttribute("data-next")!)));
        Assert.Equal(
            [("A · Sat Oct 31, 07:00 EDT", "(12 h)", true), ("B · Sat Oct 31, 19:00 EDT", "(13 h)", false), ("A · Sun Nov 1, 07:00 EST", "(12 h)", false), ("B · Sun Nov 1, 19:00 EST", "(12 h)", false)],
            tiles.Select(t => (t.QuerySelector("a")!.TextContent.Trim(), System.Text.RegularExpressions.Regex.Match(t.TextContent, @"\(\d+ h\)").Value, t.QuerySelector(".badge")?.TextContent == "Now")));
        Assert.Equal(["1 / 1", "0 / 1", "0 / 1", "0 / 1"], tiles.Select(t => t.QuerySelector(".n")!.TextContent.Trim()));
        Assert.Equal(["Covered", "1 short: Walk-In, Walk-in", "1 short: Walk-In, Walk-in", "1 short: Walk-In, Walk-in"],
            tiles.Select(t => System.Text.RegularExpressions.Regex.Replace((t.QuerySelector("ul") ?? t.QuerySelectorAll(".small")[1]).TextContent, @"\s+", " ").Trim()));

        // The whole board still lists all six shifts; the running one is marked.
        Assert.Equal(6, page.QuerySelectorAll("#board section[id^='cover-']").Length);
        Assert.Equal($"cover-{ids[2]}", Assert.Single(page.QuerySelectorAll("#board section[data-now=true]")).Id);
        // Each shift links to its place on the shifts page and to each unit's shift report.
        var card = page.QuerySelector($"#cover-{ids[3]}")!;
        Assert.Equal($"/storm/{eventId}/shifts?open={ids[3]}#shift-{ids[3]}", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal([$"/storm/shifts/{ids[3]}/units/{w.ContactCenter.Id}/report", $"/storm/shifts/{ids[3]}/units/{w.WalkIn.Id}/report"],
            card.QuerySelectorAll(".card-footer a").Select(a => a.GetAttribute("href")));

        // Monday 06:00 EST: the night of the 1st still runs (until 07:00); nothing of the event is left after it.
        clock.Now = StormWorld.Eastern(2026, 11, 2, 6);
        page = await (await app.Factory.SignedInClientAsync(w.CallTaker)).GetDocumentAsync(Url);
        Assert.Equal([ids[5]], page.QuerySelectorAll("#next-48 [data-next]").Select(t => int.Parse(t.GetAttribute("data-next")!)));
        clock.Now = StormWorld.Eastern(2026, 11, 2, 7, 30);
        page = await (await app.Factory.SignedInClientAsync(w.CallTaker)).GetDocumentAsync(Url);
        Assert.Contains("No shift runs in the next 48 hours.", page.QuerySelector("#next-48")!.TextContent);
    }

    [Fact]
    public async Task OutsideTheEvent_Is404()
    {
        await Layout(new DateOnly(2026, 10, 30), 1, new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1));
        foreach (var reader in new[] { w.Manager, w.Supervisor, w.CallTaker, w.Leadership, w.Administrator })
            Assert.Equal(HttpStatusCode.OK, (await (await app.Factory.SignedInClientAsync(reader)).GetAsync(Url)).StatusCode);
        foreach (var outsider in new[] { w.OtherManager, w.OtherSupervisor })
            Assert.Equal(HttpStatusCode.NotFound, (await (await app.Factory.SignedInClientAsync(outsider)).GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Factory.SignedInClientAsync(w.Manager)).GetAsync($"/storm/{eventId + 1000}/coverage")).StatusCode);
    }
}
