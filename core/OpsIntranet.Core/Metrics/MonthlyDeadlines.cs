using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Calendar;

namespace OpsIntranet.Core.Metrics;

/// <summary>Settings of the monthly cycle (configuration section "Metrics").</summary>
public class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Month M is due on this day of month M+1.</summary>
    public int DueDay { get; set; } = 10;
}

public enum MonthState
{
    NotDue = 0,
    Missing = 1,
    Draft = 2,
    Returned = 3,
    Submitted = 4,
    Approved = 5,
}

/// <summary>Due dates and lateness, in the department's time zone.</summary>
public static class MonthlyDeadlines
{
    public static DateOnly DueDate(DateOnly month, int dueDay)
    {
        var next = month.AddMonths(1);
        return new DateOnly(next.Year, next.Month, Math.Min(Math.Max(dueDay, 1), DateTime.DaysInMonth(next.Year, next.Month)));
    }

    /// <summary>A month can be entered once it has ended.</summary>
    public static bool IsOpenForEntry(DateOnly month, DateOnly today) => DepartmentCalendar.MonthOf(month) < DepartmentCalendar.MonthOf(today);

    /// <summary>
    /// Still with the supervisor (nothing submitted, a draft, or returned) after the due date — unless its
    /// first submission was on time: a month returned or reopened for a correction was not late.
    /// </summary>
    public static bool IsLate(SubmissionStatus? status, DateOnly month, DateOnly today, int dueDay, DateTimeOffset? firstSubmittedAt = null) =>
        status is null or SubmissionStatus.Draft or SubmissionStatus.Returned && today > DueDate(month, dueDay)
        && (firstSubmittedAt is null || WasSubmittedLate(firstSubmittedAt, month, dueDay));

    /// <summary>When each month was first submitted (the step lateness is judged by), by submission id.</summary>
    public static async Task<Dictionary<int, DateTimeOffset>> FirstSubmittedAsync(Data.AppDbContext db, IReadOnlyCollection<int> submissionIds, CancellationToken ct) =>
        await db.SubmissionEvents.AsNoTracking().Where(e => submissionIds.Contains(e.SubmissionId) && e.Action == SubmissionAction.Submitted)
            .GroupBy(e => e.SubmissionId).Select(g => new { g.Key, At = g.Min(e => e.At) })
            .ToDictionaryAsync(x => x.Key, x => x.At, ct);

    /// <summary>Submitted after the due date (Eastern time).</summary>
    public static bool WasSubmittedLate(DateTimeOffset? submittedAt, DateOnly month, int dueDay) =>
        submittedAt is { } at && DateOnly.FromDateTime(DepartmentCalendar.ToLocal(at)) > DueDate(month, dueDay);

    public static MonthState StateOf(SubmissionStatus? status, DateOnly month, DateOnly today) => status switch
    {
        SubmissionStatus.Approved => MonthState.Approved,
        SubmissionStatus.Submitted => MonthState.Submitted,
        SubmissionStatus.Returned => MonthState.Returned,
        SubmissionStatus.Draft => MonthState.Draft,
        _ => IsOpenForEntry(month, today) ? MonthState.Missing : MonthState.NotDue,
    };
}
