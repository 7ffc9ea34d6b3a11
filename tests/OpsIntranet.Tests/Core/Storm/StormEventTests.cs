using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Core.Storm;

/// <summary>An event's life (monitoring → activated → recovery → closed, each step with who and when), one open event per unit, and the banner.</summary>
public class StormEventTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private StormWorld w = default!;

    public StormEventTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        clock.Now = StormWorld.Eastern(2026, 10, 28, 9);
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private Task<Outcome> Open(BuiltUser who, string name, params BuiltUnit[] units) =>
        app.Data.TryAsAsync<StormEventService, Outcome>(who, (s, v) => s.OpenAsync(v, new StormEventInput(name, StormKind.Hurricane, ActivationLevel.Monitoring,
            StormWorld.Eastern(2026, 10, 30, 8), StormWorld.Eastern(2026, 10, 31, 20), [.. units.Select(u => u.Id)])));

    private async Task<Outcome> Move(BuiltUser who, int id, StormState to, ActivationLevel? level = null) =>
        await app.Data.TryAsAsync<StormEventService, Outcome>(who, async (s, v) => await s.MoveAsync(v, id, await app.Data.StormVersionAsync(id), to, level, $"to {to}"));

    [Fact]
    public async Task Lifecycle_MonitoringToClosed_KeepsEveryStepWithWhoAndWhen()
    {
        var opened = await Open(w.Manager, "Hurricane Delia", w.ContactCenter, w.WalkIn);
        Assert.True(opened.Succeeded, opened.Message);
        var id = opened.Id!.Value;

        // Activating needs a real activation level; skipping a step is refused.
        var noLevel = await Move(w.Manager, id, StormState.Activated);
        Assert.Equal("Choose partial or full activation.", noLevel.Errors["Level"]);
        Assert.Equal(OutcomeKind.Conflict, (await Move(w.Manager, id, StormState.Recovery)).Kind);

        clock.Now = StormWorld.Eastern(2026, 10, 29, 12);
        Assert.True((await Move(w.Manager, id, StormState.Activated, ActivationLevel.Full)).Succeeded);
        clock.Now = StormWorld.Eastern(2026, 11, 2, 7);
        Assert.True((await Move(w.Administrator, id, StormState.Recovery)).Succeeded);
        clock.Now = StormWorld.Eastern(2026, 11, 4, 16);
        Assert.True((await Move(w.Manager, id, StormState.Closed)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await Move(w.Manager, id, StormState.Activated, ActivationLevel.Full)).Kind);

        var details = (await app.Data.TryAsAsync<StormEventService, StormEventDetails?>(w.Leadership, (s, v) => s.DetailsAsync(v, id)))!;
        Assert.Equal(StormState.Closed, details.Event.State);
        Assert.Equal(ActivationLevel.Full, details.Event.Level);
        Assert.Equal(StormWorld.Eastern(2026, 11, 4, 16), details.Event.ClosedAt);
        Assert.Equal(
            [(null, StormState.Monitoring, "Mae Ross", StormWorld.Eastern(2026, 10, 28, 9)),
             (StormState.Monitoring, StormState.Activated, "Mae Ross", StormWorld.Eastern(2026, 10, 29, 12)),
             (StormState.Activated, StormState.Recovery, "Ike Bauer", StormWorld.Eastern(2026, 11, 2, 7)),
             (StormState.Recovery, StormState.Closed, "Mae Ross", StormWorld.Eastern(2026, 11, 4, 16))],
            details.Steps.Select(s => ((StormState?)s.FromState, s.ToState, s.ByName, s.At)));
        Assert.False(details.Can.CanChange);
    }

    [Fact]
    public async Task OneOpenEventPerUnit_SecondIsRefusedWithTheUnitNamed_UntilTheFirstCloses()
    {
        var first = (await Open(w.Manager, "Hurricane Delia", w.ContactCenter)).Id!.Value;

        var second = await Open(w.Administrator, "Ice storm Ezra", w.WalkIn, w.ContactCenter);
        Assert.Equal(OutcomeKind.Invalid, second.Kind);
        Assert.Equal("Contact Center is already in “Hurricane Delia” (monitoring); a unit is in one open event at a time. Close that one first or add to it.", second.Errors["UnitIds"]);

        // A storm that passes by closes straight from monitoring, and frees the unit.
        Assert.True((await Move(w.Manager, first, StormState.Closed)).Succeeded);
        Assert.True((await Open(w.Administrator, "Ice storm Ezra", w.WalkIn, w.ContactCenter)).Succeeded);
    }

    [Fact]
    public async Task TwoManagersRacing_OnlyOneEventOpens()
    {
        var second = await app.Data.User("Ann", "Cole").ManagerOf(w.ContactCenter).BuildAsync();

        var results = await Task.WhenAll(Open(w.Manager, "Storm one", w.ContactCenter), Open(second, "Storm two", w.ContactCenter));

        Assert.Single(results, r => r.Succeeded);
        var refused = Assert.Single(results, r => !r.Succeeded);
        Assert.Contains("Contact Center is already in", refused.Errors["UnitIds"]);
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(1, await db.StormEvents.CountAsync());
        Assert.Equal(1, await db.StormEventUnits.CountAsync(u => u.UnitId == w.ContactCenter.Id && u.IsOpen));
    }

    [Fact]
    public async Task Database_RefusesASecondOpenRowForAUnit_WhateverTheCodeChecks()
    {
        var first = (await Open(w.Manager, "Storm one", w.ContactCenter)).Id!.Value;
        await using var db = app.Factory.CreateDbContext();
        var other = new StormEvent { Name = "Written past the service", CreatedByName = "test", StartsAt = clock.Now, CreatedAt = clock.Now };
        other.Units.Add(new StormEventUnit { UnitId = w.ContactCenter.Id, IsOpen = true });
        db.StormEvents.Add(other);

        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, Assert.IsType<Npgsql.PostgresException>(e.InnerException).SqlState);

        // A closed event's rows do not count.
        db.ChangeTracker.Clear();
        Assert.True((await Move(w.Manager, first, StormState.Closed)).Succeeded);
        db.StormEvents.Add(other);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Banner_ShownToTheAffectedUnitsWhileActivated_AndRemovedInRecovery()
    {
        var id = (await Open(w.Manager, "Hurricane Delia", w.ContactCenter, w.WalkIn)).Id!.Value;
        async Task<IReadOnlyList<string>> Banner(BuiltUser who) =>
            (await app.Data.TryAsAsync<StormEventService, IReadOnlyList<StormBanner>>(who, (s, v) => s.BannerAsync(v))).Select(b => b.Name).ToList();

        Assert.Empty(await Banner(w.Supervisor)); // monitoring: no banner yet

        Assert.True((await Move(w.Manager, id, StormState.Activated, ActivationLevel.Partial)).Succeeded);
        foreach (var inUnit in new[] { w.Supervisor, w.CallTaker, w.Manager, w.Leadership, w.Administrator })
            Assert.Equal(["Hurricane Delia"], await Banner(inUnit));
        Assert.Empty(await Banner(w.OtherSupervisor));
        Assert.Empty(await Banner(w.OtherManager));
        var banner = Assert.Single(await app.Data.TryAsAsync<StormEventService, IReadOnlyList<StormBanner>>(w.CallTaker, (s, v) => s.BannerAsync(v)));
        Assert.Equal(ActivationLevel.Partial, banner.Level);
        Assert.Equal(["Contact Center", "Walk-In"], banner.Units);

        Assert.True((await Move(w.Manager, id, StormState.Recovery)).Succeeded);
        Assert.Empty(await Banner(w.Supervisor));
        Assert.Empty(await Banner(w.Leadership));
    }

    [Fact]
    public async Task Edit_WithAnOldVersion_IsStale_AndALevelChangeIsAStep()
    {
        var id = (await Open(w.Manager, "Hurricane Delia", w.ContactCenter)).Id!.Value;
        var version = await app.Data.StormVersionAsync(id);
        var input = new StormEventInput("Hurricane Delia (cat. 2)", StormKind.Hurricane, ActivationLevel.Partial, StormWorld.Eastern(2026, 10, 30, 8), null, [w.ContactCenter.Id, w.WalkIn.Id]);

        Assert.True((await app.Data.TryAsAsync<StormEventService, Outcome>(w.Manager, (s, v) => s.EditAsync(v, id, version, input))).Succeeded);
        Assert.Equal(Outcome.Stale, await app.Data.TryAsAsync<StormEventService, Outcome>(w.Administrator, (s, v) => s.EditAsync(v, id, version, input with { Name = "Lost update" })));

        var details = (await app.Data.TryAsAsync<StormEventService, StormEventDetails?>(w.Manager, (s, v) => s.DetailsAsync(v, id)))!;
        Assert.Equal("Hurricane Delia (cat. 2)", details.Event.Name);
        Assert.Equal(["Contact Center", "Walk-In"], details.Units.Select(u => u.Name));
        Assert.Equal("Activation level Monitoring → Partial.", details.Steps[^1].Note);
    }
}
