using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

public sealed record BoardCell(DateOnly Month, MonthState State, bool Late, DateTimeOffset? SubmittedAt, string? ReturnReason);

public sealed record BoardRow(int UnitId, string UnitName, IReadOnlyList<BoardCell> Cells);

/// <summary>A month waiting for approval; <see cref="CannotApprove"/> says why this viewer may not approve it herself.</summary>
public sealed record QueueItem(int UnitId, string UnitName, DateOnly Month, DateTimeOffset? SubmittedAt, string? SubmittedBy, bool SubmittedLate, string? CannotApprove = null);

/// <summary>Which units have submitted which months, which are late or returned, and what waits for a manager's approval.</summary>
public class CompletenessService(AppDbContext db, TimeProvider clock, IOptions<MetricsOptions> options)
{
    public async Task<IReadOnlyList<BoardRow>> BoardAsync(Viewer scope, int months, CancellationToken ct = default)
    {
        var today = DepartmentCalendar.Today(clock);
        var last = DepartmentCalendar.MonthOf(today).AddMonths(-1);
        var first = last.AddMonths(-(months - 1));
        var units = await scope.Filter(db.Units.AsNoTracking().Where(u => u.IsActive)).OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var ids = units.Select(u => u.Id).ToList();
        var submissions = await db.MetricSubmissions.AsNoTracking()
            .Where(s => ids.Contains(s.UnitId) && s.Month >= first && s.Month <= last)
            .Select(s => new { s.Id, s.UnitId, s.Month, s.Status, s.SubmittedAt, s.ReturnReason })
            .ToListAsync(ct);
        var byKey = submissions.ToDictionary(s => (s.UnitId, s.Month));
        var firstSubmitted = await MonthlyDeadlines.FirstSubmittedAsync(db, submissions.Select(s => s.Id).ToList(), ct);
        var dueDay = options.Value.DueDay;
        return units.Select(u => new BoardRow(u.Id, u.Name, Enumerable.Range(0, months).Select(i =>
        {
            var month = first.AddMonths(i);
            var s = byKey.GetValueOrDefault((u.Id, month));
            var sent = s is null ? null : firstSubmitted.TryGetValue(s.Id, out var at) ? at : s.SubmittedAt;
            var late = MonthlyDeadlines.IsLate(s?.Status, month, today, dueDay, sent)
                       || (s?.Status is SubmissionStatus.Submitted or SubmissionStatus.Approved && MonthlyDeadlines.WasSubmittedLate(sent, month, dueDay));
            return new BoardCell(month, MonthlyDeadlines.StateOf(s?.Status, month, today), late, s?.SubmittedAt, s?.ReturnReason);
        }).ToList())).ToList();
    }

    /// <summary>Months submitted and waiting for approval in the units the manager is assigned to, oldest first.</summary>
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(Viewer scope, int viewerUserId, CancellationToken ct = default)
    {
        var ids = scope.UnitIds.ToList();
        var rows = await db.MetricSubmissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Submitted && ids.Contains(s.UnitId))
            .OrderBy(s => s.Month).ThenBy(s => s.Unit!.SortOrder)
            .Select(s => new { s.Id, s.UnitId, s.Unit!.Name, s.Month, s.SubmittedAt, s.SubmittedByUserId })
            .ToListAsync(ct);
        var userIds = rows.Where(r => r.SubmittedByUserId != null).Select(r => r.SubmittedByUserId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var authors = await MonthAuthors.LoadAsync(db, rows.Select(r => r.Id).ToList(), ct);
        var firstSubmitted = await MonthlyDeadlines.FirstSubmittedAsync(db, rows.Select(r => r.Id).ToList(), ct);
        return rows.Select(r => new QueueItem(r.UnitId, r.Name, r.Month, r.SubmittedAt,
            r.SubmittedByUserId is { } id ? names.GetValueOrDefault(id) : null,
            MonthlyDeadlines.WasSubmittedLate(firstSubmitted.TryGetValue(r.Id, out var first) ? first : r.SubmittedAt, r.Month, options.Value.DueDay),
            authors[r.Id].WhyCannotApprove(viewerUserId))).ToList();
    }
}
