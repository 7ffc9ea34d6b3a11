namespace OpsIntranet.Core.Improvement;

/// <summary>Plan–do–check–act.</summary>
public enum InitiativeStage
{
    Plan = 0,
    Do = 1,
    Check = 2,
    Act = 3,
}

public enum InitiativeStatus
{
    Active = 0,
    OnHold = 1,
    Completed = 2,
    Abandoned = 3,
}

/// <summary>
/// An improvement initiative: a problem, the metric that shows it with a baseline computed from
/// approved months, a target, an owner, actions and dated updates; its result is computed from the
/// metric's approved months after the change, never typed in.
/// </summary>
public class Initiative
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string ProblemStatement { get; set; }
    public int? MetricDefinitionId { get; set; }
    public Metrics.MetricDefinition? Metric { get; set; }
    /// <summary>First and last month of the baseline window (first days of months).</summary>
    public DateOnly? BaselineFrom { get; set; }
    public DateOnly? BaselineTo { get; set; }
    /// <summary>The value the metric should reach, in its own unit and direction.</summary>
    public decimal? Target { get; set; }
    public int? OwnerEmployeeId { get; set; }
    public People.Employee? Owner { get; set; }
    /// <summary>When the change starts: months after this one's month are "after the change".</summary>
    public DateOnly StartDate { get; set; }
    public DateOnly DueDate { get; set; }
    public InitiativeStage Stage { get; set; }
    public InitiativeStatus Status { get; set; }
    /// <summary>The trend signal it was started from, if any.</summary>
    public Metrics.SignalKind? SignalKind { get; set; }
    public DateOnly? SignalMonth { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public uint Version { get; set; }
    public List<InitiativeUnit> Units { get; } = [];
    public List<InitiativeAction> Actions { get; } = [];
    public List<InitiativeUpdate> Updates { get; } = [];
}

public class InitiativeUnit
{
    public int InitiativeId { get; set; }
    public Initiative? Initiative { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
}

public class InitiativeAction
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative? Initiative { get; set; }
    public required string Description { get; set; }
    public int? OwnerEmployeeId { get; set; }
    public People.Employee? Owner { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? CompletedByName { get; set; }
    public string? CompletionNote { get; set; }
    public uint Version { get; set; }
}

public class InitiativeUpdate
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative? Initiative { get; set; }
    public DateOnly Date { get; set; }
    public required string Note { get; set; }
    public InitiativeStage Stage { get; set; }
    public InitiativeStatus Status { get; set; }
    public int AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A manager's decision that a signal needs no initiative; it holds for that metric, kind and month only, so the signal comes back if it fires for a later month.</summary>
public class SignalDismissal
{
    public int Id { get; set; }
    public int MetricDefinitionId { get; set; }
    public Metrics.MetricDefinition? Metric { get; set; }
    public Metrics.SignalKind Kind { get; set; }
    public DateOnly Month { get; set; }
    public required string Reason { get; set; }
    public int ByUserId { get; set; }
    public required string ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
