namespace OpsIntranet.Core.Metrics;

/// <summary>One unit's metrics for one month: Draft → Submitted → Approved, or Returned to the supervisor.</summary>
public class MetricSubmission
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    /// <summary>First day of the month the values describe.</summary>
    public DateOnly Month { get; set; }
    public SubmissionStatus Status { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int? SubmittedByUserId { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int? ApprovedByUserId { get; set; }
    public string? ReturnReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Counts saves and steps. Every change bumps it, so the row (and its xmin) changes even when nothing else does.</summary>
    public int Revision { get; set; }

    /// <summary>PostgreSQL xmin: two people saving the same month cannot overwrite each other.</summary>
    public uint Version { get; set; }

    public List<MetricValue> Values { get; } = [];
    public List<SubmissionEvent> Events { get; } = [];
    public List<MetricValueChange> ValueChanges { get; } = [];
}

public class MetricValue
{
    public int Id { get; set; }
    public int SubmissionId { get; set; }
    public MetricSubmission? Submission { get; set; }
    public int MetricDefinitionId { get; set; }
    public MetricDefinition? MetricDefinition { get; set; }
    public decimal? Value { get; set; }
    /// <summary>Required when the value is red: what happened and what is being done.</summary>
    public string? Explanation { get; set; }
}
