using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// /storm/{eventId}/shifts: the event's manager lays out the A/B rotation (a night across the November change shows
/// 13 h), refuses bad input with messages and saves nothing, edits a shift, sets staff required, assigns people from the
/// roster and takes them off; the event's readers see the list without forms; anyone else gets 404.
/// </summary>
public class ShiftsPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;
    private readonly Dictionary<string, int> employees = [];

    public ShiftsPageTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 29, 9);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        // The roster: Lin leads the contact center, Ana, Ben and Cy take calls there, Wes staffs the walk-in.
        await Roster(w.ContactCenter, w.Lead.Employee.Id, StormRole.Lead);
        foreach (var name in new[] { "Ana", "Ben", "Cy" })
            await Roster(w.ContactCenter, employees[name] = (await app.Data.Employee(name, "Staff").InUnit(w.ContactCenter).BuildAsync()).Id, StormRole.CallTaker);
        await Roster(w.WalkIn, employees["Wes"] = (await app.Data.Employee("Wes", "Staff").InUnit(w.WalkIn).BuildAsync()).Id, StormRole.WalkIn);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private Task<int> Roster(BuiltUnit unit, int employee, StormRole role) =>
        app.Data.AsAsync<StormRosterService>(w.Manager, (s, v) => s.SaveAsync(v, unit.Id, employee, "555-201-0100", role), "a roster line");

    private string Url => $"/storm/{eventId}/shifts";

    private async Task<List<StormShift>> ShiftsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.StormShifts.AsNoTracking().Include(s => s.Requirements).Include(s => s.Assignments).Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync();
    }

    private async Task<HttpResponseMessage> LayoutAsync(HttpClient client, params (string, string)[] set)
    {
        var page = await client.GetDocumentAsync(Url);
        return await client.PostFormAsync(Url + "?handler=Layout", page.QuerySelector("#layout-form")!.Fields(set));
    }

    [Fact]
    public async Task Layout_DefaultRotationAcrossTheNovemberChange_ShowsTheNightShiftAs13Hours_AndADoubleClickLaysItOutOnce()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync(Url);
        var form = page.QuerySelector("#layout-form")!;
        // Defaults: today, 07:00, three days; half the roster per shift, rounded up: 1 lead and 2 call takers (of 3), 1 walk-in (of 1).
        Assert.Equal(("2026-10-29", "07:00", "3"), (Value(form, "firstDay"), Value(form, "startTime"), Value(form, "days")));
        Assert.Equal(("1", "2", "0", "1"), (Value(form, $"need-{w.ContactCenter.Id}-Lead"), Value(form, $"need-{w.ContactCenter.Id}-CallTaker"),
            Value(form, $"need-{w.WalkIn.Id}-Lead"), Value(form, $"need-{w.WalkIn.Id}-WalkIn")));

        var fields = form.Fields(("firstDay", "2026-10-31"), ("days", "2"));
        var laid = await mae.PostFormAsync(Url + "?handler=Layout", fields);
        Assert.Equal(HttpStatusCode.Redirect, laid.StatusCode);
        Assert.Equal(Url + "#shifts", laid.Headers.Location!.ToString());
        // The same form sent again (a double click) is answered with what the first saved.
        var again = await mae.PostFormAsync(Url + "?handler=Layout", fields);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);

        var shifts = await ShiftsAsync();
        Assert.Equal(4, shifts.Count);
        Assert.All(shifts, s => Assert.Equal(
            [(w.ContactCenter.Id, StormRole.CallTaker, 2), (w.ContactCenter.Id, StormRole.Lead, 1), (w.WalkIn.Id, StormRole.WalkIn, 1)],
            s.Requirements.OrderBy(r => r.UnitId).ThenBy(r => r.Role).Select(r => (r.UnitId, r.Role, r.Required))));

        page = await mae.GetDocumentAsync(Url);
        Assert.Equal(
            [("Sat Oct 31, 07:00 EDT", "Sat Oct 31, 19:00 EDT", "12 h"), ("Sat Oct 31, 19:00 EDT", "Sun Nov 1, 07:00 EST", "13 h"),
             ("Sun Nov 1, 07:00 EST", "Sun Nov 1, 19:00 EST", "12 h"), ("Sun Nov 1, 19:00 EST", "Mon Nov 2, 07:00 EST", "12 h")],
            page.QuerySelectorAll("section[data-shift]").Select(s => (s.QuerySelector("[data-starts]")!.TextContent.Trim(), s.QuerySelector("[data-ends]")!.TextContent.Trim(), s.QuerySelector("[data-hours]")!.TextContent.Trim())));
        Assert.Equal("Required: Contact Center, Call taker 2; Contact Center, Lead 1; Walk-In, Walk-in 1", page.QuerySelectorAll("section[data-shift]")[1].QuerySelector("[data-required]")!.TextContent.Trim());
        // The next rotation is offered from where the last shift ends.
        Assert.Equal(("2026-11-02", "07:00"), (Value(page.QuerySelector("#layout-form")!, "firstDay"), Value(page.QuerySelector("#layout-form")!, "startTime")));
    }

    [Fact]
    public async Task BadInput_IsRefusedWithAMessageNextToEachField_AndNothingIsSaved()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var bad = await LayoutAsync(mae, ("firstDay", ""), ("startTime", "25:99"), ("days", "15"), ($"need-{w.ContactCenter.Id}-CallTaker", "three"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.Equal("Give the first day of the rotation.", page.Text("#FirstDay-error"));
        Assert.Equal("Give the time the A shift starts, e.g. 07:00.", page.Text("#StartTime-error"));
        Assert.Equal("Lay out between 1 and 14 days; add more later.", page.Text("#Days-error"));
        Assert.Equal("Give a number of people from 0 to 500.", page.Text("#need-error"));
        // What was typed stays, and the cell at fault is marked.
        Assert.Equal(("15", "three"), (Value(page.QuerySelector("#layout-form")!, "days"), Value(page.QuerySelector("#layout-form")!, $"need-{w.ContactCenter.Id}-CallTaker")));
        Assert.Contains("is-invalid", page.QuerySelector($"#need-{w.ContactCenter.Id}-CallTaker")!.ClassName);
        Assert.NotNull(page.QuerySelector("[data-error-summary]"));
        Assert.Empty(await ShiftsAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await LayoutAsync(mae, ("firstDay", "2026-10-30"), ("days", "1"))).StatusCode);
        var shift = (await ShiftsAsync())[0];
        page = await mae.GetDocumentAsync(Url);
        var edit = page.QuerySelector($"#edit-{shift.Id}")!;

        // A shift that ends before it starts, and a label left empty.
        var backwards = await mae.PostFormAsync(Url + "?handler=Edit", edit.Fields(("label", " "), ("endDay", "2026-10-30"), ("endTime", "06:00")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        page = await backwards.ParseAsync();
        Assert.Equal("The shift must end after it starts.", page.Text($"#endTime-{shift.Id}-error"));
        Assert.Equal("Give the shift a short name, e.g. A.", page.Text($"#label-{shift.Id}-error"));
        Assert.True(page.QuerySelector($"#shift-{shift.Id} details")!.HasAttribute("open"));

        // Staff required: not a number, then a unit outside the event.
        var require = page.QuerySelector($"#require-{shift.Id}")!;
        var notNumber = await mae.PostFormAsync(Url + "?handler=Require", require.Fields(("required", "lots")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notNumber.StatusCode);
        Assert.Equal("Give a number of people from 0 to 500.", (await notNumber.ParseAsync()).Text($"#required-{shift.Id}-error"));
        var billing = await mae.PostFormAsync(Url + "?handler=Require", require.Fields(("unitId", w.Billing.Id.ToString()), ("required", "2")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, billing.StatusCode);
        Assert.Equal("Staff can only be required for the event's units.", (await billing.ParseAsync()).Text($"#require-role-{shift.Id}-error"));

        // A form loaded before someone else saved the shift is refused whole (409) and saves nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(Url + "?handler=Edit", edit.Fields(("label", "Day")))).StatusCode);
        var stale = await mae.PostFormAsync(Url + "?handler=Edit", edit.Fields(("label", "Days")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));

        var all = await ShiftsAsync();
        Assert.Equal(2, all.Count);
        var after = all[0];
        Assert.Equal(("Day", shift.StartsAt, shift.EndsAt), (after.Label, after.StartsAt, after.EndsAt));
        Assert.Equal([(w.ContactCenter.Id, StormRole.CallTaker, 2), (w.ContactCenter.Id, StormRole.Lead, 1), (w.WalkIn.Id, StormRole.WalkIn, 1)],
            after.Requirements.OrderBy(r => r.UnitId).ThenBy(r => r.Role).Select(r => (r.UnitId, r.Role, r.Required)));
    }

    [Fact]
    public async Task EditAndRequire_ChangeTheShift_InEasternTime()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await LayoutAsync(mae, ("firstDay", "2026-10-31"), ("days", "1"))).StatusCode);
        var night = (await ShiftsAsync())[1];
        var page = await mae.GetDocumentAsync(Url);
        Assert.Equal(("2026-10-31", "19:00", "2026-11-01", "07:00"), (Value(page.QuerySelector($"#edit-{night.Id}")!, "startDay"), Value(page.QuerySelector($"#edit-{night.Id}")!, "startTime"),
            Value(page.QuerySelector($"#edit-{night.Id}")!, "endDay"), Value(page.QuerySelector($"#edit-{night.Id}")!, "endTime")));

        // The night moved to end at 08:00 EST: 19:00 EDT (23:00 UTC) to 08:00 EST (13:00 UTC) is 14 real hours.
        var moved = await mae.PostFormAsync(Url + "?handler=Edit", page.QuerySelector($"#edit-{night.Id}")!.Fields(("label", "Night"), ("endTime", "08:00")));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal($"{Url}?open={night.Id}#shift-{night.Id}", moved.Headers.Location!.ToString());
        var required = await mae.PostFormAsync(Url + "?handler=Require", page.QuerySelector($"#require-{night.Id}")!.Fields(("unitId", w.WalkIn.Id.ToString()), ("role", "Lead"), ("required", "1")));
        Assert.Equal(HttpStatusCode.Redirect, required.StatusCode);
        var removed = await mae.PostFormAsync(Url + "?handler=Require", page.QuerySelector($"#require-{night.Id}")!.Fields(("unitId", w.ContactCenter.Id.ToString()), ("role", "CallTaker"), ("required", "0")));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var shift = (await ShiftsAsync())[1];
        Assert.Equal(("Night", new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero)), (shift.Label, shift.StartsAt, shift.EndsAt));
        Assert.Equal([(w.ContactCenter.Id, StormRole.Lead, 1), (w.WalkIn.Id, StormRole.Lead, 1), (w.WalkIn.Id, StormRole.WalkIn, 1)],
            shift.Requirements.OrderBy(r => r.UnitId).ThenBy(r => r.Role).Select(r => (r.UnitId, r.Role, r.Required)));
        page = await mae.GetDocumentAsync($"{Url}?open={shift.Id}");
        Assert.Equal("14 h", page.QuerySelector($"#shift-{shift.Id}")!.QuerySelector("[data-hours]")!.TextContent.Trim());
        Assert.True(page.QuerySelector($"#shift-{shift.Id} details")!.HasAttribute("open"));
    }

    [Fact]
    public async Task AssignAndUnassign_FromTheRoster_OncePerForm()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await LayoutAsync(mae, ("firstDay", "2026-10-30"), ("days", "1"))).StatusCode);
        var day = (await ShiftsAsync())[0];
        var page = await mae.GetDocumentAsync(Url);
        var assign = page.QuerySelector($"#assign-{day.Id}")!;
        var options = assign.QuerySelectorAll("select[name=rosterId] option").Where(o => o.GetAttribute("value") is { Length: > 0 }).Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["Lin Park — Lead", "Ana Staff — Call taker", "Ben Staff — Call taker", "Cy Staff — Call taker", "Wes Staff — Walk-in"], options);

        var none = await mae.PostFormAsync(Url + "?handler=Assign", assign.Fields());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal("Choose a person from the roster.", (await none.ParseAsync()).Text($"#rosterId-{day.Id}-error"));

        string Line(string text) => assign.QuerySelectorAll("select[name=rosterId] option").Single(o => o.TextContent.Trim() == text).GetAttribute("value")!;
        // Ana in her roster role; Wes, a walk-in, asked to take calls on this shift; the same form twice assigns once.
        var ana = assign.Fields(("rosterId", Line("Ana Staff — Call taker")));
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(Url + "?handler=Assign", ana)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(Url + "?handler=Assign", ana)).StatusCode);
        var wes = (await mae.GetDocumentAsync(Url)).QuerySelector($"#assign-{day.Id}")!.Fields(("rosterId", Line("Wes Staff — Walk-in")), ("role", "CallTaker"));
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(Url + "?handler=Assign", wes)).StatusCode);
        // Ana again from a fresh form: she is on this shift already.
        var twice = await mae.PostFormAsync(Url + "?handler=Assign", (await mae.GetDocumentAsync(Url)).QuerySelector($"#assign-{day.Id}")!.Fields(("rosterId", Line("Ana Staff — Call taker"))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("This person is already on this shift.", (await twice.ParseAsync()).Text($"#rosterId-{day.Id}-error"));

        var assigned = (await ShiftsAsync())[0].Assignments.OrderBy(a => a.Id).Select(a => (a.EmployeeId, a.UnitId, a.Role, a.Availability)).ToList();
        Assert.Equal([(employees["Ana"], w.ContactCenter.Id, StormRole.CallTaker, Availability.NotCheckedIn), (employees["Wes"], w.WalkIn.Id, StormRole.CallTaker, Availability.NotCheckedIn)], assigned);

        page = await mae.GetDocumentAsync(Url);
        Assert.Equal([("Ana Staff", "Contact Center", "Call taker", "Not checked in"), ("Wes Staff", "Walk-In", "Call taker", "Not checked in")],
            page.QuerySelectorAll($"#people-{day.Id} tbody tr").Select(r => (r.Children[0].TextContent.Trim(), r.Children[1].TextContent.Trim(), r.Children[2].TextContent.Trim(), r.Children[3].TextContent.Trim())));
        // Those on the shift are no longer offered.
        Assert.DoesNotContain(page.QuerySelectorAll($"#assign-{day.Id} option"), o => o.TextContent.Contains("Ana"));

        var takeOff = page.QuerySelectorAll($"#people-{day.Id} tbody tr").First(r => r.TextContent.Contains("Wes")).QuerySelector("form")!;
        var off = await mae.PostFormAsync(Url + "?handler=Unassign", takeOff.Fields());
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(employees["Ana"], Assert.Single((await ShiftsAsync())[0].Assignments).EmployeeId);
        Assert.Equal("Wes Staff taken off the shift.", (await mae.GetDocumentAsync(off.Headers.Location!.ToString())).Text("#flash"));
        // Pressed again (a double click, a second tab): the first press did it, and the page says so on the same shift.
        var again = await mae.PostFormAsync(Url + "?handler=Unassign", takeOff.Fields());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(off.Headers.Location, again.Headers.Location);
        Assert.Equal("Wes Staff is already off this shift.", (await mae.GetDocumentAsync(again.Headers.Location!.ToString())).Text("#flash"));
        Assert.Equal(employees["Ana"], Assert.Single((await ShiftsAsync())[0].Assignments).EmployeeId);
        // An assignment that is not on any of the event's shifts is still not found.
        Assert.Equal(HttpStatusCode.NotFound, (await mae.PostFormAsync(Url + "?handler=Unassign", takeOff.Fields(("shiftId", "0")))).StatusCode);
    }

    [Fact]
    public async Task Readers_SeeTheListWithoutForms_OthersGet404_AndAClosedEventKeepsItsShifts()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await LayoutAsync(mae, ("firstDay", "2026-10-30"), ("days", "1"))).StatusCode);

        foreach (var reader in new[] { w.Supervisor, w.CallTaker, w.Leadership })
        {
            var client = await app.Factory.SignedInClientAsync(reader);
            var page = await client.GetDocumentAsync(Url);
            Assert.Equal(2, page.QuerySelectorAll("section[data-shift]").Length);
            Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
            Assert.NotNull(page.QuerySelector("#read-only-note"));
            // A post anyway is refused, and says who lays out the shifts.
            var refused = await client.PostFormAsync(Url + "?handler=Layout", ("firstDay", "2026-11-05"), ("startTime", "07:00"), ("days", "1"));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("The managers of the event's units lay out and staff its shifts; you may read them.", (await refused.ParseAsync()).Text("#form-error"));
        }
        foreach (var outsider in new[] { w.OtherManager, w.OtherSupervisor })
        {
            var client = await app.Factory.SignedInClientAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(Url + "?handler=Layout", ("firstDay", "2026-11-05"), ("startTime", "07:00"), ("days", "1"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await mae.GetAsync($"/storm/{eventId + 1000}/shifts")).StatusCode);

        // Closed: the manager reads the shifts as they were; changes are refused.
        foreach (var step in new[] { StormState.Recovery, StormState.Closed })
            await app.Data.AsAsync<StormEventService>(w.Manager, async (s, v) => await s.MoveAsync(v, eventId, await app.Data.StormVersionAsync(eventId), step, ActivationLevel.Full), "a move");
        var closed = await mae.GetDocumentAsync(Url);
        Assert.NotNull(closed.QuerySelector("#closed-note"));
        Assert.Empty(closed.QuerySelectorAll("main form[method=post]"));
        var late = await mae.PostFormAsync(Url + "?handler=Layout", ("firstDay", "2026-11-05"), ("startTime", "07:00"), ("days", "1"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("The event is closed; its shifts are kept as they were.", (await late.ParseAsync()).Text("#form-error"));
        Assert.Equal(2, (await ShiftsAsync()).Count);
    }

    private static string Value(IElement form, string name) => form.QuerySelector($"[name='{name}']")!.GetAttribute("value") ?? "";
}
