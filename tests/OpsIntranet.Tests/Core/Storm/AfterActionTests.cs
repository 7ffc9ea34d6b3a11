using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>The after-action review and its items becoming initiatives, once each.</summary>
public class AfterActionTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;

    public AfterActionTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 11, 12, 9);
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private Task<Outcome> Save(BuiltUser who, int id, uint? version, params AfterActionItemInput[] items) =>
        app.Data.TryAsAsync<AfterActionService, Outcome>(who, (s, v) => s.SaveAsync(v, id, version, "Call-out list worked.", "Outage line overflowed at landfall.", items));

    [Fact]
    public async Task Review_IsWrittenFromRecovery_WithOwnersForItsItems()
    {
        var id = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter).In(StormState.Activated).BuildAsync();
        var early = await Save(w.Manager, id, null);
        Assert.Equal("The after-action review is written once the event is in recovery or closed.", early.Message);

        await app.Data.AsAsync<StormEventService>(w.Manager, async (s, v) => await s.MoveAsync(v, id, await app.Data.StormVersionAsync(id), StormState.Recovery), "recovery");
        var bad = await app.Data.TryAsAsync<AfterActionService, Outcome>(w.Manager, (s, v) => s.SaveAsync(v, id, null, " ", null, [new AfterActionItemInput(null, "", null)]));
        Assert.Equal(("Say what went well.", "Say what to improve.", "Describe the improvement.", "Choose an active employee as the owner."),
            (bad.Errors["WentWell"], bad.Errors["ToImprove"], bad.Errors["Items[0].Description"], bad.Errors["Items[0].OwnerEmployeeId"]));
        Assert.Equal(OutcomeKind.Conflict, (await Save(w.Supervisor, id, null)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Save(w.OtherManager, id, null)).Kind);

        Assert.True((await Save(w.Manager, id, null, new AfterActionItemInput(null, "Overflow routing for the outage line", w.Supervisor.Employee.Id))).Succeeded);
        var view = (await app.Data.TryAsAsync<AfterActionService, AfterActionView?>(w.CallTaker, (s, v) => s.ReviewAsync(v, id)))!;
        Assert.Equal(("Call-out list worked.", false), (view.Review!.WentWell, view.CanWrite));
        Assert.Equal(("Overflow routing for the outage line", "Dee Vance", (int?)null), (view.Items[0].Description, view.Items[0].OwnerName, view.Items[0].InitiativeId));
        Assert.Equal(Outcome.Stale, await Save(w.Manager, id, null));
    }

    [Fact]
    public async Task Item_BecomesOneInitiative_LinkedBack_EvenWhenAskedTwiceAtOnce()
    {
        var id = await app.Data.StormEvent("Hurricane Delia", w.Manager).For(w.ContactCenter, w.WalkIn).In(StormState.Closed).BuildAsync();
        await Save(w.Manager, id, null, new AfterActionItemInput(null, "Overflow routing for the outage line", w.Supervisor.Employee.Id),
            new AfterActionItemInput(null, "A second walk-in lead for nights", w.Manager.Employee.Id));
        var items = (await app.Data.TryAsAsync<AfterActionService, AfterActionView?>(w.Manager, (s, v) => s.ReviewAsync(v, id)))!.Items;

        // A supervisor reads the review but does not start initiatives.
        Assert.Equal(OutcomeKind.Conflict, (await app.Data.TryAsAsync<AfterActionService, Outcome>(w.Supervisor, (s, v) => s.MakeInitiativeAsync(v, items[0].Id))).Kind);
        var twice = await Task.WhenAll(
            app.Data.TryAsAsync<AfterActionService, Outcome>(w.Manager, (s, v) => s.MakeInitiativeAsync(v, items[0].Id)),
            app.Data.TryAsAsync<AfterActionService, Outcome>(w.Administrator, (s, v) => s.MakeInitiativeAsync(v, items[0].Id)));
        Assert.All(twice, o => Assert.True(o.Succeeded, o.Message));
        Assert.Equal(twice[0].Id, twice[1].Id);
        var again = await app.Data.TryAsAsync<AfterActionService, Outcome>(w.Manager, (s, v) => s.MakeInitiativeAsync(v, items[0].Id));
        Assert.Equal((twice[0].Id, "This item is already an initiative."), (again.Id, again.Message));

        await using var db = app.Factory.CreateDbContext();
        var initiative = await db.Initiatives.Include(i => i.Units).SingleAsync();
        Assert.Equal(("Overflow routing for the outage line", w.Supervisor.Employee.Id, InitiativeStatus.Active), (initiative.Title, initiative.OwnerEmployeeId, initiative.Status));
        Assert.StartsWith("From the after-action review of Hurricane Delia (hurricane, ", initiative.ProblemStatement);
        Assert.Equal([w.ContactCenter.Id, w.WalkIn.Id], initiative.Units.Select(u => u.UnitId).Order());
        var source = (await app.Data.TryAsAsync<AfterActionService, AfterActionSource?>(w.Supervisor, (s, v) => s.SourceOfInitiativeAsync(v, initiative.Id)))!;
        Assert.Equal((id, "Hurricane Delia", items[0].Id), (source.EventId, source.EventName, source.ItemId));
        Assert.Null(await app.Data.TryAsAsync<AfterActionService, AfterActionSource?>(w.OtherSupervisor, (s, v) => s.SourceOfInitiativeAsync(v, initiative.Id)));

        // An item that is an initiative stays on the review.
        var version = await db.AfterActionReviews.Where(r => r.EventId == id).Select(r => r.Version).SingleAsync();
        var dropped = await Save(w.Manager, id, version, new AfterActionItemInput(items[1].Id, "A second walk-in lead for nights", w.Manager.Employee.Id));
        Assert.Equal("“Overflow routing for the outage line” is already an initiative; it stays on the review.", dropped.Errors["Items"]);
    }
}
