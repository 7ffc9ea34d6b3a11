namespace OpsIntranet.Core.Reminders;

/// <summary>
/// A person who switched off one kind of optional reminder (on their profile, or with the unsubscribe link of
/// such an e-mail). Mandatory notices (a month past due, an escalation, an overdue review) cannot be switched off,
/// so they have no row here. Unique per (user, kind).
/// </summary>
public class ReminderOptOut
{
    public int Id { get; set; }
    public int UserId { get; set; }
    /// <summary>The reminder kind's key, e.g. "metrics-due-soon".</summary>
    public required string Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
