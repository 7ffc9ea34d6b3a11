namespace OpsIntranet.Core.People;

/// <summary>The kinds of evidence the job description names: conferences, work analysis, reports, observation of results.</summary>
public enum LogEntryType
{
    Conference = 0,
    WorkAnalysis = 1,
    ReportReview = 2,
    Observation = 3,
    Commendation = 4,
    Coaching = 5,
}

/// <summary>
/// A dated note about an employee's performance. Its author may correct it for a short window;
/// after that it is only ever added to (addenda), so the record shows what was written when.
/// </summary>
public class PerformanceLogEntry
{
    public int Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public LogEntryType Type { get; set; }
    public DateOnly Date { get; set; }
    public required string Summary { get; set; }
    public string? Details { get; set; }
    /// <summary>Shown to the employee on their own record; private to the manager chain otherwise.</summary>
    public bool SharedWithEmployee { get; set; }
    public int AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public uint Version { get; set; }
    public List<LogAddendum> Addenda { get; } = [];
}

public class LogAddendum
{
    public int Id { get; set; }
    public int EntryId { get; set; }
    public PerformanceLogEntry? Entry { get; set; }
    public required string Text { get; set; }
    public int AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset At { get; set; }
}
