using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// The event pages over HTTP: opening an event (bad input saves nothing; a resent form opens one), its moves with a
/// stale version refused, one open event per unit, and the banner every page shows to the people of an activated event.
/// </summary>
public class StormEventPagesTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();
    private StormWorld w = default!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private static string V(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/storm/", location);
        return int.Parse(location["/storm/".Length..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task OpenEvent_BadInputSavesNothingWithMessages_ThenOpensOnce_InEasternTime()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var form = (await mae.GetDocumentAsync("/storm/new")).QuerySelector("#event-form")!;

        var bad = await mae.PostFormAsync("/storm/new", form.Fields(("Name", " "), ("Kind", ""), ("StartsAt", "")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.StartsWith("Some fields need attention; nothing was saved.", page.Text("#form-error"));
        Assert.Equal("Name the event, e.g. “Hurricane Delia”.", page.Text("#Name-error"));
        Assert.Equal("Choose the kind of event.", page.Text("#Kind-error"));
        Assert.Equal("Give the start (date and time, Eastern).", page.Text("#StartsAt-error"));
        Assert.Equal("Choose at least one affected unit.", page.Text("#UnitIds-error"));
        var unreadable = await mae.PostFormAsync("/storm/new", form.Fields(("Name", "Hurricane Elsa"), ("StartsAt", "next Tuesday"), ("UnitIds", V(w.ContactCenter.Id))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable.StatusCode);
        var again = await unreadable.ParseAsync();
        Assert.Contains("date and a time (Eastern)", again.Text("#StartsAt-error"));
        // What was typed is kept.
        Assert.Equal("Hurricane Elsa", again.QuerySelector("#Name")!.GetAttribute("value"));
        Assert.True(again.QuerySelector($"#unit-{w.ContactCenter.Id}")!.HasAttribute("checked"));
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(0, await db.StormEvents.CountAsync());

        // 8:00 on 16 November is standard time (UTC−5); the expected impact is typed the same way.
        var fields = form.Fields(("Name", "Hurricane Elsa"), ("Kind", "Hurricane"), ("Level", "Partial"), ("StartsAt", "2026-11-16T08:00"), ("ExpectedImpactAt", "2026-11-17T20:30"), ("UnitIds", V(w.ContactCenter.Id)));
        fields.Add(new("UnitIds", V(w.WalkIn.Id)));
        var id = IdFrom(await mae.PostFormAsync("/storm/new", fields));
        // The same form sent twice (a double click, a resent page) opens one event and leads to it.
        Assert.Equal(id, IdFrom(await mae.PostFormAsync("/storm/new", fields)));
        var saved = await db.StormEvents.AsNoTracking().Include(e => e.Units).SingleAsync();
        Assert.Equal((StormState.Monitoring, ActivationLevel.Partial), (saved.State, saved.Level));
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 13, 0, 0, TimeSpan.Zero), saved.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 1, 30, 0, TimeSpan.Zero), saved.ExpectedImpactAt);
        Assert.Equal([w.ContactCenter.Id, w.WalkIn.Id], saved.Units.Select(u => u.UnitId).Order());

        var details = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Contains("Mon Nov 16, 08:00 EST", details.Text("#facts"));
        Assert.Contains("Tue Nov 17, 20:30 EST", details.Text("#facts"));
        Assert.Equal("Contact Center, Walk-In", details.Text("#units"));
        var list = await mae.GetDocumentAsync("/storm");
        Assert.Contains("Hurricane Elsa", list.Text($"[data-event='{id}']"));
        Assert.Contains("Monitoring", list.Text($"[data-event='{id}']"));
        Assert.NotNull(list.QuerySelector("#open-event"));
    }

    [Fact]
    public async Task Lifecycle_ThroughThePage_EachStepWithWhoAndWhen_AStaleFormIsRefused()
    {
        var id = await app.Data.StormEvent("Hurricane Fay", w.Manager).For(w.ContactCenter).BuildAsync();
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Null(page.QuerySelector("#recovery-form"));
        var activate = page.QuerySelector("#activate-form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", activate.Fields(("level", "Full"), ("note", "Landfall tonight.")))).StatusCode);

        // A second manager's page, loaded before the activation, is refused and changes nothing.
        var stale = await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector("#close-form")!.Fields());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));

        page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Contains("Activated", page.Text("#state"));
        Assert.Contains("Full activation", page.Text("#level"));
        Assert.Null(page.QuerySelector("#activate-form"));
        Assert.Null(page.QuerySelector("#close-form"));
        var level = await mae.PostFormAsync($"/storm/{id}?handler=Level", page.QuerySelector("#level-form")!.Fields(("newLevel", "Monitoring")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, level.StatusCode);
        Assert.Contains("start recovery instead", (await level.ParseAsync()).Text("#NewLevel-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Level", page.QuerySelector("#level-form")!.Fields(("newLevel", "Partial"), ("levelNote", "Winds eased.")))).StatusCode);
        page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector("#recovery-form")!.Fields())).StatusCode);
        page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector("#close-form")!.Fields(("note", "All clear.")))).StatusCode);

        page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Contains("Closed", page.Text("#state"));
        Assert.Null(page.QuerySelector("#moves"));
        var steps = page.QuerySelectorAll("#steps tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["Opened", "Activated", "Level changed", "Recovery started", "Closed"], steps.Select(s => s[1]));
        Assert.All(steps, s => Assert.Equal("Mae Ross", s[3]));
        // The clock is pinned at noon Eastern on 15 November (standard time).
        Assert.All(steps, s => Assert.Equal("Sun Nov 15, 12:00 EST", s[0]));
        Assert.Equal("Landfall tonight.", steps[1][4]);
        Assert.Equal("Activation level full → partial. Winds eased.", steps[2][4]);
        Assert.Equal("All clear.", steps[4][4]);

        // The sections of the event, the hours only for those who keep or read them.
        var sections = page.QuerySelectorAll("#sections a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/storm/{id}/coverage", $"/storm/{id}/shifts", $"/storm/{id}/reports", $"/storm/{id}/sitreps", $"/storm/{id}/hours", $"/storm/{id}/after-action", "/storm/roster"], sections);
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);
        var read = await dee.GetDocumentAsync($"/storm/{id}");
        Assert.DoesNotContain($"/storm/{id}/hours", read.QuerySelectorAll("#sections a").Select(a => a.GetAttribute("href")));
        Assert.Null(read.QuerySelector("#moves"));
        Assert.Contains("Hours", (await (await app.Factory.SignedInClientAsync(w.Leadership)).GetDocumentAsync($"/storm/{id}")).Text("#sections"));
    }

    /// <summary>The event's page names the essential staff it can call on, per unit, with the leads' phones for its managers only.</summary>
    [Fact]
    public async Task EventPage_ListsTheRosterOfItsUnits_LeadsPhonesForManagersOnly()
    {
        await app.Data.AsAsync<StormRosterService>(w.Manager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.Lead.Employee.Id, "555-201-0167", StormRole.Lead), "roster");
        await app.Data.AsAsync<StormRosterService>(w.Manager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.Supervisor.Employee.Id, "555-201-0142", StormRole.CallTaker), "roster");
        var id = await app.Data.StormEvent("Hurricane Ida", w.Manager).For(w.ContactCenter, w.WalkIn).BuildAsync();

        var page = await (await app.Factory.SignedInClientAsync(w.Manager)).GetDocumentAsync($"/storm/{id}");
        var cc = page.QuerySelector($"#event-roster li[data-unit='{w.ContactCenter.Id}']")!;
        Assert.Equal("Contact Center: 2 on the roster (Call taker: 1, Lead: 1); leads: Lin Park (555-201-0167). Contact Center's roster",
            System.Text.RegularExpressions.Regex.Replace(cc.TextContent, @"\s+", " ").Trim());
        Assert.Equal($"/storm/roster?unit={w.ContactCenter.Id}", cc.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("nobody on the roster yet", page.Text($"#event-roster li[data-unit='{w.WalkIn.Id}']"));

        // A supervisor of the unit reads the event and its roster, without the lead's phone.
        var dee = await (await app.Factory.SignedInClientAsync(w.Supervisor)).GetDocumentAsync($"/storm/{id}");
        var read = System.Text.RegularExpressions.Regex.Replace(dee.Text($"#event-roster li[data-unit='{w.ContactCenter.Id}']"), @"\s+", " ");
        Assert.Contains("leads: Lin Park.", read);
        Assert.DoesNotContain("555", read);
    }

    [Fact]
    public async Task Moves_ReadersAreRefused_OtherUnitsGetNotFound()
    {
        var id = await app.Data.StormEvent("Hurricane Gert", w.Manager).For(w.ContactCenter).BuildAsync();
        var version = (await app.Data.StormVersionAsync(id)).ToString(CultureInfo.InvariantCulture);
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);
        var refused = await dee.PostFormAsync($"/storm/{id}?handler=Move", ("Version", version), ("to", "Activated"), ("level", "Full"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("you may read it", (await refused.ParseAsync()).Text("#form-error"));
        Assert.Equal(HttpStatusCode.NotFound, (await dee.GetAsync($"/storm/{id}/edit")).StatusCode);

        var bo = await app.Factory.SignedInClientAsync(w.OtherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync($"/storm/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostFormAsync($"/storm/{id}?handler=Move", ("Version", version), ("to", "Activated"), ("level", "Full"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostFormAsync($"/storm/{id}?handler=Level", ("Version", version), ("newLevel", "Full"))).StatusCode);
        Assert.DoesNotContain("Hurricane Gert", (await bo.GetDocumentAsync("/storm")).Body!.TextContent);

        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(StormState.Monitoring, await db.StormEvents.Where(e => e.Id == id).Select(e => e.State).SingleAsync());
        Assert.Equal(1, await db.StormEventSteps.CountAsync(s => s.EventId == id));
    }

    [Fact]
    public async Task OneOpenEventPerUnit_ASecondIsRefusedNamingTheUnit()
    {
        await app.Data.StormEvent("Hurricane Hana", w.Manager).For(w.ContactCenter).In(StormState.Activated).BuildAsync();
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var form = (await mae.GetDocumentAsync("/storm/new")).QuerySelector("#event-form")!;
        var fields = form.Fields(("Name", "Ice storm Ida"), ("Kind", "IceStorm"), ("Level", "Monitoring"), ("StartsAt", "2026-11-20T06:00"), ("UnitIds", V(w.WalkIn.Id)));
        fields.Add(new("UnitIds", V(w.ContactCenter.Id)));
        var refused = await mae.PostFormAsync("/storm/new", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Contact Center is already in “Hurricane Hana” (activated); a unit is in one open event at a time. Close that one first or add to it.",
            (await refused.ParseAsync()).Text("#UnitIds-error"));
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(1, await db.StormEvents.CountAsync());
    }

    [Fact]
    public async Task Edit_SavesWithTheVersion_AStaleFormIsRefused_AClosedEventIsKept()
    {
        var id = await app.Data.StormEvent("Hurricane Jo", w.Manager).For(w.ContactCenter).BuildAsync();
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var form = (await mae.GetDocumentAsync($"/storm/{id}/edit")).QuerySelector("#event-form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}/edit", form.Fields(("Name", "Hurricane Joaquin"), ("Level", "Full")))).StatusCode);
        var stale = await mae.PostFormAsync($"/storm/{id}/edit", form.Fields(("Name", "Tropical storm Jo")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));
        var page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Equal("Hurricane Joaquin", page.Text("h1"));
        Assert.Contains("Full activation", page.Text("#level"));
        Assert.Contains("Level changed", page.Text("#steps"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Factory.SignedInClientAsync(w.Leadership)).GetAsync($"/storm/{id}/edit")).StatusCode);

        var closed = await app.Data.StormEvent("Flood Kim", w.Manager).For(w.WalkIn).In(StormState.Closed).BuildAsync();
        var closedPage = await mae.GetDocumentAsync($"/storm/{closed}/edit");
        Assert.NotNull(closedPage.QuerySelector("#closed"));
        Assert.Null(closedPage.QuerySelector("#event-form"));
    }

    [Fact]
    public async Task Banner_OnEveryPageForTheEventsUnits_WhileActivated_GoneAfterRecovery()
    {
        var id = await app.Data.StormEvent("Hurricane Lee", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);
        var kai = await app.Factory.SignedInClientAsync(w.OtherSupervisor);
        var cal = await app.Factory.SignedInClientAsync(w.CallTaker);

        var goals = await dee.GetDocumentAsync("/goals");
        var banner = goals.QuerySelector("[data-storm-banner]")!;
        Assert.Equal("Hurricane Lee — activated (full): Contact Center, Walk-In", banner.TextContent.Trim());
        Assert.Equal($"/storm/{id}", banner.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("region", banner.GetAttribute("role"));
        Assert.False(string.IsNullOrEmpty(banner.GetAttribute("aria-label")));
        Assert.NotNull(goals.QuerySelector("#storm-menu"));
        // A call taker who signs in without a role is in the unit by their employee record.
        Assert.NotNull((await cal.GetDocumentAsync("/storm")).QuerySelector("[data-storm-banner]"));
        // Billing is not affected: no banner, and no storm menu, as Billing has no event to read.
        var other = await kai.GetDocumentAsync("/goals");
        Assert.Null(other.QuerySelector("[data-storm-banner]"));
        Assert.Null(other.QuerySelector("#storm-menu"));

        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector("#recovery-form")!.Fields())).StatusCode);
        var after = await dee.GetDocumentAsync("/goals");
        Assert.Null(after.QuerySelector("[data-storm-banner]"));
        // The menu stays: the event is still there to read.
        Assert.NotNull(after.QuerySelector("#storm-menu"));
    }

    [Fact]
    public async Task Banner_PartialActivationIsAmber_AndGoneOnceClosed()
    {
        var id = await app.Data.StormEvent("Tornado Mo", w.Manager).For(w.WalkIn).BuildAsync();
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync($"/storm/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector("#activate-form")!.Fields(("level", "Partial")))).StatusCode);
        var banner = (await mae.GetDocumentAsync("/goals")).QuerySelector("[data-storm-banner]")!;
        Assert.Equal("Tornado Mo — activated (partial): Walk-In", banner.TextContent.Trim());
        Assert.Contains("storm-banner-partial", banner.ClassName);
        foreach (var to in new[] { "#recovery-form", "#close-form" })
        {
            page = await mae.GetDocumentAsync($"/storm/{id}");
            Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"/storm/{id}?handler=Move", page.QuerySelector(to)!.Fields())).StatusCode);
        }
        Assert.Null((await mae.GetDocumentAsync("/goals")).QuerySelector("[data-storm-banner]"));
        Assert.Null((await (await app.Factory.SignedInClientAsync(w.Leadership)).GetDocumentAsync("/")).QuerySelector("[data-storm-banner]"));
    }
}
