using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>
/// Who reads, who changes and who gets 404, role by role (issue 13, Rules), and who sees personal phone numbers:
/// the event's managers and administrators, and its leads; everyone else gets them masked.
/// </summary>
public class StormAccessTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;
    private int eventId;

    public StormAccessTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 20, 9);
        w = await StormWorld.BuildAsync(app.Data);
        eventId = await app.Data.StormEvent("Ice storm Ezra", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Activated).BuildAsync();
        // Lin is the Contact Center's lead on the roster; Dee is on it as a call taker.
        await app.Data.AsAsync<StormRosterService>(w.Manager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.Lead.Employee.Id, "555-201-0167", StormRole.Lead), "roster");
        await app.Data.AsAsync<StormRosterService>(w.Manager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.Supervisor.Employee.Id, "(555) 201-0142", StormRole.CallTaker), "roster");
    }

    public Task DisposeAsync() => app.DisposeAsync();

    public static TheoryData<string, bool, bool> Roles => new()
    {
        // who, reads, changes
        { "manager of the units", true, true },
        { "administrator", true, true },
        { "leadership", true, false },
        { "supervisor in a unit", true, false },
        { "call taker in a unit", true, false },
        { "manager of another unit", false, false },
        { "supervisor of another unit", false, false },
    };

    private BuiltUser Who(string who) => who switch
    {
        "manager of the units" => w.Manager,
        "administrator" => w.Administrator,
        "leadership" => w.Leadership,
        "supervisor in a unit" => w.Supervisor,
        "call taker in a unit" => w.CallTaker,
        "manager of another unit" => w.OtherManager,
        _ => w.OtherSupervisor,
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Event_ReadChangeOrNotFound_ByRole(string who, bool reads, bool changes)
    {
        var user = Who(who);
        var details = await app.Data.TryAsAsync<StormEventService, StormEventDetails?>(user, (s, v) => s.DetailsAsync(v, eventId));
        Assert.Equal(reads, details is not null);
        Assert.Equal(reads, (await app.Data.TryAsAsync<StormEventService, IReadOnlyList<StormEventCard>>(user, (s, v) => s.ListAsync(v))).Any(e => e.Id == eventId));
        Assert.Equal(reads, await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<ShiftCoverage>?>(user, (s, v) => s.CoverageAsync(v, eventId)) is not null);
        Assert.Equal(reads, await app.Data.TryAsAsync<ShiftReportService, IReadOnlyList<ShiftReportSlot>?>(user, (s, v) => s.SlotsAsync(v, eventId)) is not null);
        if (details is not null) Assert.Equal(changes, details.Can.CanChange);

        var version = await app.Data.StormVersionAsync(eventId);
        var moved = await app.Data.TryAsAsync<StormEventService, Outcome>(user, (s, v) => s.MoveAsync(v, eventId, version, StormState.Recovery));
        Assert.Equal(changes ? OutcomeKind.Ok : reads ? OutcomeKind.Conflict : OutcomeKind.NotFound, moved.Kind);
        var layout = await app.Data.TryAsAsync<StormShiftService, Outcome>(user, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 21), new TimeOnly(7, 0), 1, []));
        Assert.Equal(changes ? OutcomeKind.Ok : reads ? OutcomeKind.Conflict : OutcomeKind.NotFound, layout.Kind);
    }

    [Fact]
    public async Task Phones_ShownToTheEventsManagersAndLeads_MaskedForEveryoneElse()
    {
        async Task<IReadOnlyList<RosterLine>?> Roster(BuiltUser who) => await app.Data.TryAsAsync<StormRosterService, IReadOnlyList<RosterLine>?>(who, (s, v) => s.ForEventAsync(v, eventId));

        foreach (var sees in new[] { w.Manager, w.Administrator, w.Lead })
            Assert.Equal(["555-201-0167", "(555) 201-0142"], (await Roster(sees))!.Select(l => l.Phone));
        foreach (var masked in new[] { w.Supervisor, w.CallTaker, w.Leadership })
        {
            var lines = (await Roster(masked))!;
            Assert.All(lines, l => Assert.False(l.PhoneShown));
            Assert.Equal(["•••-•••-••67", "•••-•••-••42"], lines.Select(l => l.MaskedPhone));
        }
        Assert.Null(await Roster(w.OtherSupervisor));
        Assert.Null(await Roster(w.OtherManager));

        // A lead assigned on a shift sees them too, without being a lead on the roster.
        var shiftLead = await app.Data.StaffAccountAsync(w.WalkIn, "Wren", "Ali");
        Assert.All((await Roster(shiftLead))!, l => Assert.Null(l.Phone));
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, eventId, new DateOnly(2026, 11, 21), new TimeOnly(7, 0), 1, []), "shifts");
        var shift = (await app.Data.TryAsAsync<StormShiftService, IReadOnlyList<ShiftCoverage>?>(w.Manager, (s, v) => s.CoverageAsync(v, eventId)))![0].ShiftId;
        await app.Data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shift, shiftLead.Employee.Id, w.WalkIn.Id, StormRole.Lead), "lead");
        Assert.All((await Roster(shiftLead))!, l => Assert.NotNull(l.Phone));

        // The unit's own roster page is its managers' and administrators'.
        Assert.NotNull(await app.Data.TryAsAsync<StormRosterService, IReadOnlyList<RosterLine>?>(w.Manager, (s, v) => s.ForUnitAsync(v, w.ContactCenter.Id)));
        Assert.Null(await app.Data.TryAsAsync<StormRosterService, IReadOnlyList<RosterLine>?>(w.Supervisor, (s, v) => s.ForUnitAsync(v, w.ContactCenter.Id)));
        var badPhone = await app.Data.TryAsAsync<StormRosterService, Outcome>(w.Manager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.CallTaker.Employee.Id, "call me", StormRole.CallTaker));
        Assert.Equal("Give the number with its area code, e.g. 555-201-4417 (digits, spaces, dashes, brackets).", badPhone.Errors["Phone"]);
        Assert.Equal(OutcomeKind.NotFound, (await app.Data.TryAsAsync<StormRosterService, Outcome>(w.OtherManager, (s, v) => s.SaveAsync(v, w.ContactCenter.Id, w.CallTaker.Employee.Id, "555-201-0199", StormRole.CallTaker))).Kind);
    }
}
