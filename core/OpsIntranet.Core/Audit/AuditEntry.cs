namespace OpsIntranet.Core.Audit;

public enum AuditAction
{
    Viewed = 0,
    Downloaded = 1,
    Created = 2,
    Changed = 3,
    StepTaken = 4,
    Reassigned = 5,
}

/// <summary>
/// One line of the personnel audit trail: who read or changed which confidential record, and when.
/// Rows are only ever inserted.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public required string UserName { get; set; }
    public AuditAction Action { get; set; }
    /// <summary>Evaluation, Discipline, Recommendation, LogEntry, Employee, Cycle, Competency.</summary>
    public required string RecordType { get; set; }
    /// <summary>The record; 0 when the entry is about no single record (a catalog) or lists several (<see cref="RecordIds"/>).</summary>
    public int RecordId { get; set; }
    /// <summary>
    /// The employee the record is about, so an auditor can ask "who looked at this person's file"; for a list, the one
    /// person every listed record is about, or null when they are about several (<see cref="SubjectEmployeeIds"/>).
    /// </summary>
    public int? SubjectEmployeeId { get; set; }
    /// <summary>
    /// When one read showed several records (a page of a list, a person's file), every record it showed, in the order
    /// shown; null for a single record. One entry per showing, not one per record: a cycle page lists 100 evaluations,
    /// and 100 rows per view was most of what the page cost under load.
    /// </summary>
    public int[]? RecordIds { get; set; }
    /// <summary>With <see cref="RecordIds"/>: everyone the listed records are about, each once, in the order first shown.</summary>
    public int[]? SubjectEmployeeIds { get; set; }
    public string? Detail { get; set; }
}
