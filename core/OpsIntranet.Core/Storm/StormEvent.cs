namespace OpsIntranet.Core.Storm;

public enum StormKind
{
    Hurricane = 0,
    TropicalStorm = 1,
    Tornado = 2,
    IceStorm = 3,
    Flood = 4,
    Other = 5,
}

/// <summary>How much of the department is called in: watching the forecast, part of the essential staff, or all of it.</summary>
public enum ActivationLevel
{
    Monitoring = 0,
    Partial = 1,
    Full = 2,
}

/// <summary>monitoring → activated → recovery → closed (a storm that veers away goes from monitoring straight to closed).</summary>
public enum StormState
{
    Monitoring = 0,
    Activated = 1,
    Recovery = 2,
    Closed = 3,
}

/// <summary>
/// An emergency or storm event (BRIEF.md, Emergency and storm operations): what it is, how far the department is
/// activated, which units it affects, and where it is in its life. Times are UTC; pages show them in Eastern time.
/// </summary>
public class StormEvent
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public StormKind Kind { get; set; }
    public ActivationLevel Level { get; set; }
    public StormState State { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? ExpectedImpactAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The manager's sign-off of the labor summary; any later correction of the hours clears it.</summary>
    public DateTimeOffset? HoursSignedOffAt { get; set; }
    public int? HoursSignedOffByUserId { get; set; }
    public string? HoursSignedOffByName { get; set; }
    /// <summary>When the hours last changed; writing it moves the event's version, so a summary read before a correction cannot be signed.</summary>
    public DateTimeOffset? HoursChangedAt { get; set; }

    /// <summary>PostgreSQL xmin: two managers editing the event cannot overwrite each other unseen.</summary>
    public uint Version { get; set; }

    public List<StormEventUnit> Units { get; } = [];
    public List<StormEventStep> Steps { get; } = [];
}

/// <summary>
/// A unit the event affects. <see cref="IsOpen"/> is true until the event closes, and a unique index on the unit's
/// open rows is what keeps a unit in one non-closed event at a time, even when two managers open events at once.
/// </summary>
public class StormEventUnit
{
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public bool IsOpen { get; set; } = true;
}

/// <summary>One step of an event's life (opened, activated, level changed, recovery, closed), with who and when.</summary>
public class StormEventStep
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    public StormState? FromState { get; set; }
    public StormState ToState { get; set; }
    public ActivationLevel Level { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public int ByUserId { get; set; }
    public required string ByName { get; set; }
}
