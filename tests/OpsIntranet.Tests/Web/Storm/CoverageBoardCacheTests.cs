using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// The coverage board is kept as rendered HTML per data version, event and clock window (PageCache): a kept board is
/// served without its queries, shows an assignment or a check-in on the next request (from this node or another), is
/// never served to a viewer who may not read the event, and moves its "Now" and its next 48 hours at the exact instant
/// a shift starts or ends although no data changed.
/// </summary>
public class CoverageBoardCacheTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly SqlLog sql = new();
    private string cs = "";
    private NodeWithSqlLog node = default!;
    private StormWorld w = default!;
    private int eventId;

    public async Task InitializeAsync()
    {
        cs = await TestDatabases.CreateEmptyAsync();
        node = new NodeWithSqlLog(cs, sql, clock);
        _ = node.Server;
        clock.Now = StormWorld.Eastern(2026, 10, 29, 9);
        var data = new TestData(node);
        w = await StormWorld.BuildAsync(data);
        eventId = await data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        // Three days of A (07:00) and B (19:00) shifts from Friday 30 October, two call takers needed on each.
        await data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 10, 30), new TimeOnly(7, 0), 3,
            [new RequirementInput(w.ContactCenter.Id, StormRole.CallTaker, 2)]), "shifts");
    }

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    private string Url => $"/storm/{eventId}/coverage";

    /// <summary>The board and whether this request computed it (read the shifts' requirements) or was served it kept.</summary>
    private async Task<(IDocument Page, bool Computed)> BoardAsync(HttpClient client)
    {
        sql.Commands.Clear();
        var page = await client.GetDocumentAsync(Url);
        return (page, sql.Commands.Any(c => c.Contains("storm_shift_requirements", StringComparison.Ordinal)));
    }

    private async Task<List<int>> ShiftIdsAsync()
    {
        await using var db = node.CreateDbContext();
        return await db.StormShifts.Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync();
    }

    /// <summary>A call-taker line of a shift: covering / required, assigned and out, and its status in words.</summary>
    private static string Covering(IDocument page, int shift, BuiltUnit unit) =>
        page.QuerySelector($"#cover-{shift} tr[data-line='{unit.Id}-CallTaker']") is { } row
            ? $"{row.QuerySelector("[data-covering]")!.TextContent.Trim()} | {row.QuerySelector("td .small")!.TextContent.Trim()} | {row.QuerySelector("[data-status]")!.TextContent.Trim()}"
            : "(no line)";

    private static List<int> Next48(IDocument page) => [.. page.QuerySelectorAll("#next-48 [data-next]").Select(t => int.Parse(t.GetAttribute("data-next")!, System.Globalization.CultureInfo.InvariantCulture))];

    private static string? Running(IDocument page) => page.QuerySelectorAll("#board section[data-now=true]").SingleOrDefault()?.Id;

    [Fact]
    public async Task KeptBoard_IsServedWithoutItsQueries_AndAnAssignmentOrCheckInShowsOnTheNextRequest_FromThisNodeOrAnother()
    {
        var day = (await ShiftIdsAsync())[0];
        var dee = await node.SignedInClientAsync(w.Supervisor);
        var first = await BoardAsync(dee);
        Assert.True(first.Computed);
        Assert.Equal("0 / 2 | 0 assigned | 2 short", Covering(first.Page, day, w.ContactCenter));
        var kept = await BoardAsync(dee);
        Assert.False(kept.Computed);
        Assert.Equal("0 / 2 | 0 assigned | 2 short", Covering(kept.Page, day, w.ContactCenter));
        // The kept board brings its title with it.
        Assert.Equal("Coverage board — Hurricane Delia · OpsIntranet", kept.Page.Title);

        // An assignment made on this node: the next view counts the person.
        var ana = await w.Data.Employee("Ana", "Staff").InUnit(w.ContactCenter).BuildAsync();
        var assignment = await w.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, day, ana.Id, w.ContactCenter.Id, StormRole.CallTaker), "an assignment");
        var assigned = await BoardAsync(dee);
        Assert.True(assigned.Computed);
        Assert.Equal("1 / 2 | 1 assigned | 1 short", Covering(assigned.Page, day, w.ContactCenter));
        Assert.False((await BoardAsync(dee)).Computed);

        // Ana checks in unavailable through a second app instance on the same database: node A's kept board follows at once.
        await using (var nodeB = new OpsWebFactory(cs, clock: clock))
        {
            uint version;
            await using (var db = nodeB.CreateDbContext()) version = await db.ShiftAssignments.Where(a => a.Id == assignment).Select(a => a.Version).SingleAsync();
            await new TestData(nodeB).AsAsync<StormShiftService>(w.Manager, (s, v) => s.CheckInAsync(v, assignment, version, Availability.Unavailable, "Road closed"), "a check-in");
        }
        var checkedIn = await BoardAsync(dee);
        Assert.True(checkedIn.Computed);
        Assert.Equal("0 / 2 | 1 assigned, 1 out | 2 short", Covering(checkedIn.Page, day, w.ContactCenter));
    }

    [Fact]
    public async Task KeptBoard_IsNeverServedToAViewerWhoMayNotReadTheEvent_AndAPersonMovedOutLosesIt()
    {
        // The board is kept by the event's readers first, so every outsider below asks while it is kept.
        foreach (var reader in new[] { w.Manager, w.Supervisor, w.CallTaker, w.Leadership })
        {
            var client = await node.SignedInClientAsync(reader);
            await BoardAsync(client);
            Assert.False((await BoardAsync(client)).Computed);
        }
        foreach (var outsider in new[] { w.OtherManager, w.OtherSupervisor })
        {
            var client = await node.SignedInClientAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url)).StatusCode);
        }

        // The call taker reads the event through the unit of their employee record only; moved to Billing, they get 404
        // on the next request though the board itself is kept, and a reader of the event still gets the board.
        var cal = await node.SignedInClientAsync(w.CallTaker);
        Assert.Equal(HttpStatusCode.OK, (await cal.GetAsync(Url)).StatusCode);
        await using (var db = node.CreateDbContext())
        {
            var employee = await db.Employees.SingleAsync(e => e.Id == w.CallTaker.Employee.Id);
            employee.UnitId = w.Billing.Id;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await cal.GetAsync(Url)).StatusCode);
        var dee = await node.SignedInClientAsync(w.Supervisor);
        Assert.Contains("Hurricane Delia", (await BoardAsync(dee)).Page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task KeptBoard_MovesItsNowAndItsNext48Hours_AtTheInstantAShiftStartsEndsOrComesWithin48Hours_WithoutAnyWrite()
    {
        var ids = await ShiftIdsAsync();

        // Friday 06:59:59 EDT: nothing runs; the first four shifts start within 48 hours, Sunday's A (07:00 EST = 12:00 UTC) not yet.
        // Signed in on that clock: a sign-in cookie issued at another time may have lapsed or not yet begun.
        clock.Now = StormWorld.Eastern(2026, 10, 30, 7).AddSeconds(-1);
        var dee = await node.SignedInClientAsync(w.Supervisor);
        await BoardAsync(dee);
        var before = await BoardAsync(dee);
        Assert.False(before.Computed);
        Assert.Null(Running(before.Page));
        Assert.Equal(ids[..4], Next48(before.Page));

        // 07:00:00 exactly: the A shift runs, on the very next request, with no write in between.
        clock.Now = StormWorld.Eastern(2026, 10, 30, 7);
        var started = await BoardAsync(dee);
        Assert.Equal($"cover-{ids[0]}", Running(started.Page));
        Assert.Equal("Now", started.Page.QuerySelector($"#next-48 [data-next='{ids[0]}'] .badge")?.TextContent);
        // Later in the same window the kept board is right and is served as kept.
        clock.Now = StormWorld.Eastern(2026, 10, 30, 7, 59);
        var sameWindow = await BoardAsync(dee);
        Assert.False(sameWindow.Computed);
        Assert.Equal($"cover-{ids[0]}", Running(sameWindow.Page));
        Assert.Equal(ids[..4], Next48(sameWindow.Page));

        // Just after 08:00 EDT, 48 real hours before Sunday's A shift (the clocks go back in between): it joins the next 48 hours.
        clock.Now = StormWorld.Eastern(2026, 10, 30, 8).AddSeconds(1);
        Assert.Equal(ids[..5], Next48((await BoardAsync(dee)).Page));
    }
}
