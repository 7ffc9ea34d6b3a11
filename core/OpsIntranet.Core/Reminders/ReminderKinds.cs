namespace OpsIntranet.Core.Reminders;

/// <summary>A kind of reminder or notice: its key (the ledger's report name and the opt-out key), its words, and whether a person may switch it off.</summary>
public sealed record ReminderKind(string Key, string Label, string Description, bool Optional);

/// <summary>
/// Every reminder and notice the product sends on its own. Optional ones can be switched off on the person's
/// profile or with the link in the e-mail; mandatory ones (something is late, someone must act) cannot.
/// Each is sent once per person, period and kind: its run is unique per (Key, person, period) in the delivery ledger.
/// </summary>
public static class ReminderKinds
{
    public static readonly ReminderKind MetricsDueSoon = new("metrics-due-soon", "Metrics due soon",
        "A few business days before a month's metrics are due, to the unit's supervisors, if the month is not submitted yet.", Optional: true);
    public static readonly ReminderKind MetricsDueToday = new("metrics-due-today", "Metrics due today",
        "On the due date, to the unit's supervisors, if the month is not submitted.", Optional: false);
    public static readonly ReminderKind MetricsLateEscalation = new("metrics-late-escalation", "Late metrics escalation",
        "Two business days after the due date, one notice to each manager listing their units that are still late.", Optional: false);
    public static readonly ReminderKind EvaluationStepWaiting = new("evaluation-step-waiting", "Evaluation waiting on you",
        "An evaluation step waiting on you (write, review, acknowledge), repeated on a cadence until it is done.", Optional: true);
    public static readonly ReminderKind EvaluationReviewOverdue = new("evaluation-review-overdue", "Evaluation review overdue",
        "To the reviewer, when a submitted evaluation still waits for review after its cycle's due date.", Optional: false);

    public static readonly IReadOnlyList<ReminderKind> All = [MetricsDueSoon, MetricsDueToday, MetricsLateEscalation, EvaluationStepWaiting, EvaluationReviewOverdue];

    public static ReminderKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);
}
