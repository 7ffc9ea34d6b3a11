using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Units;

namespace OpsIntranet.Core.Storm;

public sealed record StormEventInput(string? Name, StormKind? Kind, ActivationLevel? Level, DateTimeOffset? StartsAt, DateTimeOffset? ExpectedImpactAt, IReadOnlyList<int> UnitIds);

/// <summary>What the banner on every page shows for an activated event the viewer is in.</summary>
public sealed record StormBanner(int EventId, string Name, StormKind Kind, ActivationLevel Level, IReadOnlyList<string> Units);

/// <summary>The layout's storm facts for one viewer: the banners to show, and whether the "Storm operations" menu is shown.</summary>
public sealed record StormLayout(IReadOnlyList<StormBanner> Banners, bool ShowMenu);

public sealed record StormEventCard(int Id, string Name, StormKind Kind, ActivationLevel Level, StormState State, DateTimeOffset StartsAt, DateTimeOffset? ClosedAt, string Units);

public sealed record StormEventDetails(StormEvent Event, IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<StormEventStep> Steps, StormSteps Can);

/// <summary>
/// Opens events, edits them, moves them through monitoring → activated → recovery → closed (each step kept with who
/// and when), and answers the banner's question: which activated events is this person in.
/// </summary>
public class StormEventService(AppDbContext db, TimeProvider clock, ISitrepScheduling sitreps, ScorecardCache cache)
{
    public const int MaxName = 120;
    public const int MaxNote = 1000;
    /// <summary>A level change's own note, short enough to follow the "Activation level … → …." it is kept with.</summary>
    public const int MaxLevelNote = MaxNote - 60;
    /// <summary>The form kind claimed by the open-event form's one-time token.</summary>
    public const string FormKind = "StormEvent";

    /// <summary>
    /// The activated events affecting the viewer's units (for leadership and administrators, every activated one):
    /// one small query, as the layout calls it on every page.
    /// </summary>
    public async Task<IReadOnlyList<StormBanner>> BannerAsync(Viewer viewer, CancellationToken ct = default) =>
        (await LayoutAsync(viewer, ct)).Banners;

    /// <summary>
    /// What every page's layout shows: the banners, and whether the "Storm operations" menu is there (the viewer may
    /// open an event or read at least one). One query: the activated events in scope plus, when the roles alone do not
    /// decide the menu, the newest event in scope.
    /// </summary>
    public async Task<StormLayout> LayoutAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.IsSystem) return new StormLayout([], false);
        // Every page asks, and events change a few times a day: kept per data version (the storm tables move it) and
        // per what decides the answer — roles and units (the scope) and the viewer's own unit, looked up from the employee.
        return await cache.GetOrCreateAsync(LayoutRead, $"{viewer.ScopeKey}|{viewer.EmployeeId}", () => ReadLayoutAsync(viewer, ct), ct);
    }

    /// <summary>The layout's storm facts: events, their units (names, order) and the viewer's own unit through the employee.</summary>
    public static readonly CachedRead LayoutRead = new("storm-layout", typeof(StormEvent), typeof(StormEventUnit), typeof(Unit), typeof(People.Employee));

    private async Task<StormLayout> ReadLayoutAsync(Viewer viewer, CancellationToken ct)
    {
        var byRole = viewer.AllUnits || StormAccess.CanOpen(viewer);
        var scoped = InScope(viewer);
        var shown = byRole ? scoped.Where(e => e.State == StormState.Activated)
            : scoped.Where(e => e.State == StormState.Activated || e.Id == scoped.Max(x => (int?)x.Id));
        var rows = await shown
            .OrderBy(e => e.StartsAt)
            .Select(e => new { e.Id, e.Name, e.Kind, e.Level, e.State, Units = e.Units.OrderBy(u => u.Unit!.SortOrder).Select(u => u.Unit!.Name).ToList() })
            .ToListAsync(ct);
        var banners = rows.Where(r => r.State == StormState.Activated).Select(r => new StormBanner(r.Id, r.Name, r.Kind, r.Level, r.Units)).ToList();
        return new StormLayout(banners, byRole || rows.Count > 0);
    }

    /// <summary>The events the viewer reads (<see cref="StormAccess.CanRead"/>), with their own unit looked up inside the query.</summary>
    private IQueryable<StormEvent> InScope(Viewer viewer)
    {
        var all = viewer.AllUnits;
        var assigned = viewer.UnitIds.ToList();
        var me = viewer.EmployeeId ?? -1;
        return db.StormEvents.AsNoTracking().Where(e => all || e.Units.Any(u => assigned.Contains(u.UnitId)
            || db.Employees.Any(p => p.Id == me && p.UnitId == u.UnitId)));
    }

    /// <summary>The events the viewer may read, newest first.</summary>
    public async Task<IReadOnlyList<StormEventCard>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var all = viewer.AllUnits;
        var assigned = viewer.UnitIds.ToList();
        var own = await StormScope.OwnUnitAsync(db, viewer, ct) ?? -1;
        var rows = await db.StormEvents.AsNoTracking()
            .Where(e => all || e.Units.Any(u => assigned.Contains(u.UnitId) || u.UnitId == own))
            .OrderByDescending(e => e.StartsAt).ThenByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Name, e.Kind, e.Level, e.State, e.StartsAt, e.ClosedAt, Units = e.Units.OrderBy(u => u.Unit!.SortOrder).Select(u => u.Unit!.Name).ToList() })
            .ToListAsync(ct);
        return rows.Select(r => new StormEventCard(r.Id, r.Name, r.Kind, r.Level, r.State, r.StartsAt, r.ClosedAt, string.Join(", ", r.Units))).ToList();
    }

    /// <summary>One event with its units, its history and the viewer's steps; null when missing or out of scope.</summary>
    public async Task<StormEventDetails?> DetailsAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var units = (await db.Units.AsNoTracking().Where(u => scope.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct))
            .Select(u => (u.Id, u.Name)).ToList();
        var steps = await db.StormEventSteps.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        return new StormEventDetails(scope.Event, units, steps, scope.Steps);
    }

    /// <summary>
    /// The units an event's form offers: every active unit to an administrator, the viewer's own active ones otherwise,
    /// plus those already on the event (a deactivated one marked, so editing the event keeps it).
    /// </summary>
    public async Task<List<(int Id, string Name)>> UnitChoicesAsync(Viewer viewer, IReadOnlyCollection<int> current, CancellationToken ct = default)
    {
        var all = viewer.IsAdministrator;
        var assigned = viewer.UnitIds.ToList();
        return (await db.Units.AsNoTracking().Where(u => u.IsActive && (all || assigned.Contains(u.Id)) || current.Contains(u.Id)).OrderBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Name, u.IsActive }).ToListAsync(ct)).Select(u => (u.Id, UnitPicker.Label(u.Name, u.IsActive))).ToList();
    }

    /// <summary>Opens an event in monitoring. Refused (with the unit named) when one of its units is already in an event that is not closed.</summary>
    public Task<Outcome> OpenAsync(Viewer viewer, StormEventInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKind, () => DoOpenAsync(viewer, input, ct), ct);

    private async Task<Outcome> DoOpenAsync(Viewer viewer, StormEventInput input, CancellationToken ct)
    {
        if (!StormAccess.CanOpen(viewer)) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        var (name, units) = await ValidateAsync(viewer, input, [], errors, ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var now = clock.GetUtcNow();
        var e = new StormEvent
        {
            Name = name!, Kind = input.Kind!.Value, Level = input.Level!.Value, State = StormState.Monitoring,
            StartsAt = input.StartsAt!.Value.ToUniversalTime(), ExpectedImpactAt = input.ExpectedImpactAt?.ToUniversalTime(),
            CreatedAt = now, CreatedByUserId = viewer.UserId, CreatedByName = viewer.Actor.Name,
        };
        foreach (var u in units) e.Units.Add(new StormEventUnit { UnitId = u, IsOpen = true });
        e.Steps.Add(new StormEventStep { ToState = StormState.Monitoring, Level = e.Level, Note = "Opened.", At = now, ByUserId = viewer.UserId, ByName = viewer.Actor.Name });
        db.StormEvents.Add(e);
        return await SaveAsync(() => e.Id, units, ct);
    }

    /// <summary>Edits name, kind, level, times and units of an event that is not closed; a level change is a step in its history.</summary>
    public async Task<Outcome> EditAsync(Viewer viewer, int eventId, uint version, StormEventInput input, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.CanChange) return Outcome.Conflict("The managers of the event's units change it; you may read it.");
        var e = scope.Event;
        if (e.Version != version) return Outcome.Stale;
        if (e.State == StormState.Closed) return Outcome.Conflict("This event is closed; its details are kept as they were.");
        var errors = new Dictionary<string, string>();
        var (name, units) = await ValidateAsync(viewer, input, scope.UnitIds, errors, ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var now = clock.GetUtcNow();
        if (e.Level != input.Level)
            e.Steps.Add(new StormEventStep { FromState = e.State, ToState = e.State, Level = input.Level!.Value, Note = $"Activation level {e.Level} → {input.Level}.", At = now, ByUserId = viewer.UserId, ByName = viewer.Actor.Name });
        e.Name = name!;
        e.Kind = input.Kind!.Value;
        e.Level = input.Level!.Value;
        e.StartsAt = input.StartsAt!.Value.ToUniversalTime();
        e.ExpectedImpactAt = input.ExpectedImpactAt?.ToUniversalTime();
        e.Units.RemoveAll(u => !units.Contains(u.UnitId));
        foreach (var u in units.Where(u => e.Units.All(x => x.UnitId != u))) e.Units.Add(new StormEventUnit { UnitId = u, IsOpen = true });
        return await SaveAsync(() => e.Id, units, ct);
    }

    /// <summary>
    /// Moves the event one step: monitoring → activated → recovery → closed, or monitoring → closed when the storm
    /// passes by. Activating needs a partial or full level (given, or already set); closing releases its units.
    /// </summary>
    public async Task<Outcome> MoveAsync(Viewer viewer, int eventId, uint version, StormState to, ActivationLevel? level = null, string? note = null, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.CanChange) return Outcome.Conflict("The managers of the event's units move it on; you may read it.");
        var e = scope.Event;
        if (e.Version != version) return Outcome.Stale;
        if (!IsAllowed(e.State, to)) return Outcome.Conflict($"The event is {Describe(e.State)}; it cannot move to {Describe(to)}.");
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Optional(errors, "Note", note, MaxNote);
        if (level is { } l && !Enum.IsDefined(l)) errors["Level"] = "Choose an activation level.";
        var newLevel = level ?? e.Level;
        if (to == StormState.Activated && newLevel == ActivationLevel.Monitoring) errors["Level"] = "Choose partial or full activation.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var now = clock.GetUtcNow();
        e.Steps.Add(new StormEventStep { FromState = e.State, ToState = to, Level = newLevel, Note = clean, At = now, ByUserId = viewer.UserId, ByName = viewer.Actor.Name });
        e.State = to;
        e.Level = newLevel;
        if (to == StormState.Closed)
        {
            e.ClosedAt = now;
            foreach (var u in e.Units) u.IsOpen = false;
        }
        // Activation starts the situation reports: the default schedule unless the manager set one already.
        if (to == StormState.Activated && !await db.SitrepSchedules.AnyAsync(s => s.EventId == e.Id, ct))
            db.SitrepSchedules.Add(SitrepRuns.Default(e, now, viewer.Actor.Name));
        async Task<Outcome> SaveAndSync()
        {
            var saved = await db.SaveOutcomeAsync(() => e.Id, ct);
            if (!saved.Succeeded) return saved;
            return await sitreps.SyncAsync(e.Id, ct) is { } problem
                ? Outcome.Conflict($"The event was not moved: its situation-report schedule could not be changed ({problem}). Try again in a moment.")
                : saved;
        }
        // A caller's own transaction (the demo loader's) is kept; the sitrep job is then written beside it and the start-up reconcile squares them.
        if (db.Database.CurrentTransaction is not null) return await SaveAndSync();
        // The move and the sitrep job's change (created on activation, removed on close) commit together or not at all.
        var outcome = await db.InAmbientTransactionAsync(SaveAndSync, o => o.Succeeded, ct);
        if (!outcome.Succeeded) db.ChangeTracker.Clear();
        return outcome;
    }

    /// <summary>Changes the activation level of an event that is not closed, kept as a step with an optional note.</summary>
    public async Task<Outcome> ChangeLevelAsync(Viewer viewer, int eventId, uint version, ActivationLevel? level, string? note = null, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: true, ct) is not { } scope) return Outcome.NotFound;
        if (!scope.CanChange) return Outcome.Conflict("The managers of the event's units change it; you may read it.");
        var e = scope.Event;
        if (e.Version != version) return Outcome.Stale;
        if (e.State == StormState.Closed) return Outcome.Conflict("This event is closed; its details are kept as they were.");
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Optional(errors, "LevelNote", note, MaxLevelNote);
        if (level is not { } l || !Enum.IsDefined(l)) errors["NewLevel"] = "Choose an activation level.";
        else if (l == e.Level) errors["NewLevel"] = $"The event is already at {Describe(l)} activation; choose another level.";
        else if (e.State == StormState.Activated && l == ActivationLevel.Monitoring) errors["NewLevel"] = "An activated event is at partial or full activation; start recovery instead.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var summary = $"Activation level {Describe(e.Level)} → {Describe(level!.Value)}.";
        e.Steps.Add(new StormEventStep { FromState = e.State, ToState = e.State, Level = level.Value, Note = clean is null ? summary : $"{summary} {clean}", At = clock.GetUtcNow(), ByUserId = viewer.UserId, ByName = viewer.Actor.Name });
        e.Level = level.Value;
        return await db.SaveOutcomeAsync(() => e.Id, ct);
    }

    public static string Describe(ActivationLevel level) => level.ToString().ToLowerInvariant();

    public static bool IsAllowed(StormState from, StormState to) => (from, to) switch
    {
        (StormState.Monitoring, StormState.Activated) => true,
        (StormState.Monitoring, StormState.Closed) => true,
        (StormState.Activated, StormState.Recovery) => true,
        (StormState.Recovery, StormState.Closed) => true,
        _ => false,
    };

    public static string Describe(StormState state) => state.ToString().ToLowerInvariant();

    private async Task<(string? Name, List<int> Units)> ValidateAsync(Viewer viewer, StormEventInput input, IReadOnlyList<int> current, Dictionary<string, string> errors, CancellationToken ct)
    {
        var name = TextRules.Required(errors, "Name", input.Name, MaxName, "Name the event, e.g. “Hurricane Delia”.");
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) errors["Kind"] = "Choose the kind of event.";
        if (input.Level is not { } level || !Enum.IsDefined(level)) errors["Level"] = "Choose the activation level.";
        if (input.StartsAt is null) errors["StartsAt"] = "Give the start (date and time, Eastern).";
        else if (input.ExpectedImpactAt is { } impact && impact < input.StartsAt.Value.AddDays(-14))
            errors["ExpectedImpactAt"] = "The expected impact is long before the event starts; check the dates.";
        var units = input.UnitIds.Distinct().ToList();
        if (units.Count == 0) errors["UnitIds"] = "Choose at least one affected unit.";
        else if (await db.Units.CountAsync(u => units.Contains(u.Id), ct) != units.Count) errors["UnitIds"] = "Choose units from the list.";
        else if (await UnitPicker.DeactivatedChoiceAsync(db, units, current, ct) is { } deactivated) errors["UnitIds"] = deactivated;
        else if (!viewer.IsAdministrator && units.Any(u => !current.Contains(u) && !viewer.IsAssigned(u))) errors["UnitIds"] = "Choose units you manage.";
        else if (!viewer.IsAdministrator && current.Any(u => !units.Contains(u) && !viewer.IsAssigned(u))) errors["UnitIds"] = "Another manager's unit cannot be taken off the event; ask its manager.";
        else if (await BusyAsync(units.Where(u => !current.Contains(u)).ToList(), ct) is { } busy) errors["UnitIds"] = busy;
        return (name, units);
    }

    /// <summary>The message naming a unit already in an open event, or null.</summary>
    private async Task<string?> BusyAsync(IReadOnlyList<int> units, CancellationToken ct)
    {
        var row = await db.StormEventUnits.AsNoTracking().Where(u => u.IsOpen && units.Contains(u.UnitId))
            .Select(u => new { Unit = u.Unit!.Name, Event = u.Event!.Name, u.Event.State }).FirstOrDefaultAsync(ct);
        return row is null ? null : $"{row.Unit} is already in “{row.Event}” ({Describe(row.State)}); a unit is in one open event at a time. Close that one first or add to it.";
    }

    private async Task<Outcome> SaveAsync(Func<int> id, IReadOnlyList<int> units, CancellationToken ct)
    {
        // The unique index on a unit's open rows decides between two managers opening events at the same moment.
        var saved = await db.SaveOutcomeAsync(id, ct, whenDuplicate: Outcome.Invalid(new Dictionary<string, string> { ["UnitIds"] = "" }));
        if (saved.Kind != OutcomeKind.Invalid) return saved;
        db.ChangeTracker.Clear();
        return Outcome.Invalid(new Dictionary<string, string> { ["UnitIds"] = await BusyAsync(units, ct) ?? "One of these units was just put in another open event; reload and check." });
    }
}
