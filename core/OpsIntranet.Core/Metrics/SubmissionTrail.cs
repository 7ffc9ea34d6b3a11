namespace OpsIntranet.Core.Metrics;

public enum SubmissionAction
{
    Created = 0,
    Saved = 1,
    Submitted = 2,
    Returned = 3,
    Approved = 4,
    Reopened = 5,
    Imported = 6,
}

/// <summary>One step in a month's life: who did what, when, and why (a return or a correction needs a reason).</summary>
public class SubmissionEvent
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public MetricSubmission? Submission { get; set; }
    public SubmissionAction Action { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A value as it was before and after one change: the history a unit page shows.</summary>
public class MetricValueChange
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public MetricSubmission? Submission { get; set; }
    public int MetricDefinitionId { get; set; }
    public MetricDefinition? MetricDefinition { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public string? UserName { get; set; }
    public decimal? OldValue { get; set; }
    public decimal? NewValue { get; set; }
    public string? OldExplanation { get; set; }
    public string? NewExplanation { get; set; }
    /// <summary>"form", "import" or "correction".</summary>
    public required string Source { get; set; }
}

/// <summary>
/// The values one CSV import set in one month that held none before: who, when, from which file, and each value as
/// imported (the month's history lists them as changes from nothing). A file of a hundred thousand values writes one of
/// these per month instead of a trail row per value; a value the import replaced is on the trail as a
/// <see cref="MetricValueChange"/> with its old value, like a change on the form.
/// </summary>
public class MetricValueImport
{
    public long Id { get; set; }
    public int SubmissionId { get; set; }
    public MetricSubmission? Submission { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public string? UserName { get; set; }
    public required string FileName { get; set; }
    /// <summary>The metrics set, in file order; <see cref="NewValues"/> and <see cref="NewExplanations"/> run alongside.</summary>
    public int[] MetricIds { get; set; } = [];
    public decimal?[] NewValues { get; set; } = [];
    public string?[] NewExplanations { get; set; } = [];

    public const int MaxFileName = 260;
}
