namespace OpsIntranet.Core.Audit;

/// <summary>What the audit trail's stored names say to a person reading it.</summary>
public static class AuditLabels
{
    public static string Of(AuditAction action) => action switch
    {
        AuditAction.Viewed => "Viewed",
        AuditAction.Downloaded => "Downloaded",
        AuditAction.Created => "Created",
        AuditAction.Changed => "Changed",
        AuditAction.StepTaken => "Step taken",
        AuditAction.Reassigned => "Reassigned",
        _ => action.ToString(),
    };

    public static string Record(string recordType) => recordType switch
    {
        AuditRecords.Evaluation => "Evaluation",
        AuditRecords.Discipline => "Disciplinary action",
        AuditRecords.Recommendation => "Personnel recommendation",
        AuditRecords.LogEntry => "Performance log entry",
        AuditRecords.Employee => "Personnel record",
        AuditRecords.Cycle => "Evaluation cycle",
        AuditRecords.Competencies => "Competency catalog",
        AuditRecords.Subscription => "Report subscription",
        AuditRecords.ReminderOptOut => "Reminder preference",
        AuditRecords.CityHoliday => "City holiday",
        AuditRecords.Unit => "Unit",
        AuditRecords.Account => "Account",
        _ => recordType,
    };

    /// <summary>"100 evaluations", "2 performance log entries": the records one listing entry names (always two or more).</summary>
    public static string Records(string recordType, int count) => recordType switch
    {
        AuditRecords.LogEntry => $"{count:N0} performance log entries",
        AuditRecords.Discipline => $"{count:N0} disciplinary actions",
        AuditRecords.Recommendation => $"{count:N0} personnel recommendations",
        _ => $"{count:N0} {Record(recordType).ToLowerInvariant()}s",
    };
}
