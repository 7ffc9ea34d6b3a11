using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Audit;

public static class AuditRecords
{
    public const string Evaluation = nameof(Evaluation);
    public const string Discipline = nameof(Discipline);
    public const string Recommendation = nameof(Recommendation);
    public const string LogEntry = nameof(LogEntry);
    public const string Employee = nameof(Employee);
    public const string Cycle = nameof(Cycle);
    public const string Competencies = nameof(Competencies);
    /// <summary>An e-mailed report subscription (its changes, sends, and addresses that left it with the unsubscribe link).</summary>
    public const string Subscription = nameof(Subscription);
    public const string ReminderOptOut = nameof(ReminderOptOut);
    public const string CityHoliday = nameof(CityHoliday);
    /// <summary>A unit: created, renamed, deactivated or reactivated, a supervisor or manager assigned or removed.</summary>
    public const string Unit = nameof(Unit);
    /// <summary>A sign-in account: invited, roles and units given or taken, linked to an employee, unlocked, disabled or enabled, password set.</summary>
    public const string Account = nameof(Account);

    public static readonly IReadOnlyList<string> All = [Evaluation, Discipline, Recommendation, LogEntry, Employee, Cycle, Competencies, Subscription, ReminderOptOut, CityHoliday, Unit, Account];
}

public sealed record AuditFilter(int? UserId = null, string? RecordType = null, int? RecordId = null, int? SubjectEmployeeId = null, AuditAction? Action = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// The personnel audit trail. Reads by anyone but the record's subject are written before the page is shown (with
/// other requests' reads, by <see cref="ReadAuditWriter"/>); changes are added to the caller's unit of work and commit with it.
/// </summary>
public class AuditLog(AppDbContext db, TimeProvider clock, ReadAuditWriter reads)
{
    public const int PageSize = 100;

    public void Add(Viewer viewer, AuditAction action, string recordType, int recordId, int? subjectEmployeeId, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = viewer.UserId, UserName = viewer.Actor.Name, Action = action,
            RecordType = recordType, RecordId = recordId, SubjectEmployeeId = subjectEmployeeId,
            Detail = Shortened(detail),
        });

    public const int MaxDetail = 2000;

    private static string? Shortened(string? detail) => detail is { Length: > MaxDetail } ? detail[..(MaxDetail - 1)] + "…" : detail;

    /// <summary>
    /// Records that the viewer read these records; the subject reading their own file is not an event worth keeping.
    /// One record read is one entry about it; several shown together (a page of a list, a person's file) are one entry
    /// naming them all (<see cref="AuditEntry.RecordIds"/>), which the search finds by any of its records or people.
    /// </summary>
    public async Task ViewedAsync(Viewer viewer, string recordType, IEnumerable<(int RecordId, int? SubjectEmployeeId)> records, string? detail = null, AuditAction action = AuditAction.Viewed, CancellationToken ct = default)
    {
        // A read saves nothing but its audit entry: whatever a refused command left in the context is dropped first.
        db.ChangeTracker.Clear();
        var rows = records.Where(r => r.SubjectEmployeeId is not { } s || !viewer.IsSelf(s)).ToList();
        if (rows.Count == 0) return;
        var listed = rows.Count > 1;
        var people = rows.Where(r => r.SubjectEmployeeId is not null).Select(r => r.SubjectEmployeeId!.Value).Distinct().ToArray();
        // A list's one person only when every record on it is about them (some records are about no one in particular).
        var person = !listed ? rows[0].SubjectEmployeeId : people.Length == 1 && rows.All(r => r.SubjectEmployeeId is not null) ? people[0] : null;
        await reads.WriteAsync(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = viewer.UserId, UserName = viewer.Actor.Name, Action = action, RecordType = recordType,
            RecordId = listed ? 0 : rows[0].RecordId, SubjectEmployeeId = person,
            RecordIds = listed ? [.. rows.Select(r => r.RecordId)] : null, SubjectEmployeeIds = listed ? people : null,
            Detail = Shortened(detail),
        }, ct);
    }

    public async Task<(IReadOnlyList<AuditEntry> Rows, int Total)> SearchAsync(AuditFilter filter, int page, CancellationToken ct = default)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (filter.UserId is { } u) q = q.Where(a => a.UserId == u);
        if (filter.RecordType is { Length: > 0 } t) q = q.Where(a => a.RecordType == t);
        // Npgsql writes Contains on an array column as `record_ids @> ARRAY[@r]`, which the GIN indexes answer.
        if (filter.RecordId is { } r) q = q.Where(a => a.RecordId == r || a.RecordIds!.Contains(r));
        if (filter.SubjectEmployeeId is { } s) q = q.Where(a => a.SubjectEmployeeId == s || a.SubjectEmployeeIds!.Contains(s));
        if (filter.Action is { } act) q = q.Where(a => a.Action == act);
        if (filter.From is { } from) q = q.Where(a => a.At >= Calendar.DepartmentCalendar.StartOfDayUtc(from));
        if (filter.To is { } to) q = q.Where(a => a.At < Calendar.DepartmentCalendar.StartOfDayUtc(to.AddDays(1)));
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return (rows, total);
    }
}
