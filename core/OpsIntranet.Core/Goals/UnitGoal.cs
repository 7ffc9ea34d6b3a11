namespace OpsIntranet.Core.Goals;

public enum GoalStatus
{
    OnTrack = 0,
    AtRisk = 1,
    OffTrack = 2,
    Done = 3,
}

/// <summary>A unit's goal or objective for a fiscal year; attainment is computed when it is linked to a metric.</summary>
public class UnitGoal
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int FiscalYear { get; set; }
    public required string Statement { get; set; }
    public int? OwnerEmployeeId { get; set; }
    public People.Employee? Owner { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>Share of the unit's goals for the year, in percent (the weights of a unit's year add up to 100).</summary>
    public int Weight { get; set; }
    public GoalStatus Status { get; set; }
    public int? MetricDefinitionId { get; set; }
    public Metrics.MetricDefinition? Metric { get; set; }
    /// <summary>The value the linked metric should reach (in the metric's unit and direction).</summary>
    public decimal? MetricTarget { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedByUserId { get; set; }
    public uint Version { get; set; }

    public List<GoalUpdate> Updates { get; } = [];
}

/// <summary>A dated progress note on a goal, with the status it left the goal in.</summary>
public class GoalUpdate
{
    public int Id { get; set; }
    public int GoalId { get; set; }
    public UnitGoal? Goal { get; set; }
    public DateOnly Date { get; set; }
    public required string Note { get; set; }
    public GoalStatus Status { get; set; }
    public DateTimeOffset At { get; set; }
    public int? AuthorUserId { get; set; }
    public string? AuthorName { get; set; }
}
