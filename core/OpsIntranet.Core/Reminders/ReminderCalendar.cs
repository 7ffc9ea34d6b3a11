using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Reminders;

/// <summary>The days a month's metric reminders are owed on, worked out from its due date and the City's business days.</summary>
/// <param name="DueDate">The due date as <see cref="MonthlyDeadlines"/> has it (day DueDay of the next month). It never moves: the board calls the month late from the day after.</param>
/// <param name="DueSoon">The business day "due soon" goes; null when switched off.</param>
/// <param name="DueToday">The due date when it is a business day, else the last business day before it (a deadline on a Saturday or a holiday is announced on the day before, while it can still be met).</param>
/// <param name="Escalation">The managers' notice: N business days counted from the due date, or from the first business day after it when the due date is a closed day, so supervisors always get N full working days' grace.</param>
/// <param name="EscalationUntil">The last day a missed escalation is still sent.</param>
public sealed record MetricReminderDays(DateOnly Month, DateOnly DueDate, DateOnly? DueSoon, DateOnly DueToday, DateOnly Escalation, DateOnly EscalationUntil)
{
    public static MetricReminderDays For(DateOnly month, int dueDay, ReminderOptions options, IReadOnlySet<DateOnly> holidays)
    {
        var due = MonthlyDeadlines.DueDate(month, dueDay);
        var dueToday = due;
        while (!BusinessDays.IsBusinessDay(dueToday, holidays)) dueToday = dueToday.AddDays(-1);
        DateOnly? dueSoon = null;
        if (options.DueSoonBusinessDays > 0)
        {
            var d = due;
            for (var n = 0; n < options.DueSoonBusinessDays;)
            {
                d = d.AddDays(-1);
                if (BusinessDays.IsBusinessDay(d, holidays)) n++;
            }
            dueSoon = d;
        }
        var escalation = BusinessDays.Add(due, options.EscalationBusinessDays, holidays);
        return new MetricReminderDays(month, due, dueSoon, dueToday, escalation, escalation.AddDays(options.CatchUpDays));
    }

    /// <summary>
    /// Which metric reminder is owed on <paramref name="today"/>, if any. Each kind is owed from its day until the
    /// next kind's day, so a job that missed its day (the server was down) still sends it on the next run, once
    /// (the ledger keeps it to one), and never after the next step has taken over.
    /// </summary>
    public ReminderKind? Owed(DateOnly today)
    {
        if (today >= Escalation) return today <= EscalationUntil ? ReminderKinds.MetricsLateEscalation : null;
        if (today >= DueToday) return ReminderKinds.MetricsDueToday;
        if (DueSoon is { } soon && today >= soon) return ReminderKinds.MetricsDueSoon;
        return null;
    }
}
