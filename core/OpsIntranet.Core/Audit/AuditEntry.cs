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
    public int RecordId { get; set; }
    /// <summary>The employee the record is about, so an auditor can ask "who looked at this person's file".</summary>
    public int? SubjectEmployeeId { get; set; }
    public string? Detail { get; set; }
}
