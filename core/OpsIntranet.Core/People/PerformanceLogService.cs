using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.People;

public sealed class PeopleOptions
{
    public const string Section = "People";
    /// <summary>How long the author of a log entry may still correct it; after that only addenda.</summary>
    public int LogEditWindowHours { get; set; } = 24;
    /// <summary>Days an employee has to acknowledge an approved evaluation before it counts as late.</summary>
    public int AcknowledgeWithinDays { get; set; } = 14;
}

/// <summary>The steps the viewer may take on a log entry: correct it (its author, within the window) and add addenda (whoever keeps the file).</summary>
public sealed record LogEntrySteps(bool CanEdit, bool CanAddend);

public sealed record LogEntryView(PerformanceLogEntry Entry, LogEntrySteps Steps);

/// <summary>The person a log entry is written about, and the entry when correcting one.</summary>
public sealed record LogForm(Employee Person, PerformanceLogEntry? Entry);

public sealed record LogInput(LogEntryType Type, DateOnly? Date, string? Summary, string? Details, bool SharedWithEmployee);

public class PerformanceLogService(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<PeopleOptions> options)
{
    public const int MaxSummary = 200;
    public const int MaxDetails = 4000;
    public const int MaxAddendum = 2000;

    public TimeSpan EditWindow => TimeSpan.FromHours(options.Value.LogEditWindowHours);

    public bool CanEdit(Viewer viewer, PerformanceLogEntry entry) =>
        entry.AuthorUserId == viewer.UserId && clock.GetUtcNow() < entry.CreatedAt + EditWindow;

    /// <summary>
    /// A log entry with its person and addenda, or null when missing or not the viewer's to read.
    /// Showing it records a read; a form posted back checks scope without one (the page records it if shown again).
    /// </summary>
    public async Task<LogEntryView?> EntryAsync(Viewer viewer, int entryId, bool recordRead, CancellationToken ct = default)
    {
        var entry = await db.PerformanceLog.AsNoTracking().Include(e => e.Employee).Include(e => e.Addenda).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !viewer.CanRead(entry)) return null;
        if (recordRead) await audit.ViewedAsync(viewer, AuditRecords.LogEntry, [(entry.Id, entry.EmployeeId)], ct: ct);
        var keeps = viewer.Manages(entry.EmployeeId);
        return new LogEntryView(entry, new LogEntrySteps(keeps && CanEdit(viewer, entry), keeps));
    }

    /// <summary>
    /// The form for a new entry about a person the viewer keeps, or for correcting one of their own entries
    /// within the window; null otherwise (nobody writes in their own file).
    /// </summary>
    public async Task<LogForm?> FormAsync(Viewer viewer, int? personId, int? entryId, CancellationToken ct = default)
    {
        PerformanceLogEntry? entry = null;
        if (entryId is { } eid)
        {
            entry = await db.PerformanceLog.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eid, ct);
            if (entry is null || !viewer.Manages(entry.EmployeeId) || !CanEdit(viewer, entry)) return null;
            personId = entry.EmployeeId;
        }
        if (personId is not { } id || !viewer.Manages(id) || viewer.IsSelf(id)) return null;
        var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return person is null ? null : new LogForm(person, entry);
    }

    public Task<Outcome> AddAsync(Viewer viewer, int employeeId, LogInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.LogEntry, () => DoAddAsync(viewer, employeeId, input, ct), ct);

    private async Task<Outcome> DoAddAsync(Viewer viewer, int employeeId, LogInput input, CancellationToken ct)
    {
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null || !viewer.Manages(employeeId) || viewer.IsSelf(employeeId)) return Outcome.NotFound;
        var (errors, summary, details) = Validate(input, employee);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var entry = new PerformanceLogEntry
        {
            EmployeeId = employeeId, Type = input.Type, Date = input.Date!.Value, Summary = summary!, Details = details,
            SharedWithEmployee = input.SharedWithEmployee, AuthorUserId = viewer.UserId, AuthorName = viewer.Actor.Name, CreatedAt = clock.GetUtcNow(),
        };
        db.PerformanceLog.Add(entry);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            audit.Add(viewer, AuditAction.Created, AuditRecords.LogEntry, entry.Id, employeeId, $"{LogLabels.Of(entry.Type)} dated {entry.Date:yyyy-MM-dd}");
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(entry.Id);
        }, ct);
    }

    public async Task<Outcome> EditAsync(Viewer viewer, int entryId, uint version, LogInput input, CancellationToken ct = default)
    {
        var entry = await db.PerformanceLog.Include(e => e.Employee).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !viewer.CanRead(entry) || !viewer.Manages(entry.EmployeeId)) return Outcome.NotFound;
        if (entry.Version != version) return Outcome.Stale;
        if (entry.AuthorUserId != viewer.UserId) return Outcome.Conflict("Only the author can correct a log entry; add an addendum instead.");
        if (!CanEdit(viewer, entry))
            return Outcome.Conflict($"The {options.Value.LogEditWindowHours}-hour correction window has closed; add an addendum instead.");
        var (errors, summary, details) = Validate(input, entry.Employee!);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var changed = new List<string>();
        if (entry.Type != input.Type) changed.Add("type");
        if (entry.Date != input.Date) changed.Add("date");
        if (entry.Summary != summary) changed.Add("summary");
        if (entry.Details != details) changed.Add("details");
        if (entry.SharedWithEmployee != input.SharedWithEmployee) changed.Add(input.SharedWithEmployee ? "now shared with the employee" : "no longer shared");
        entry.Type = input.Type;
        entry.Date = input.Date!.Value;
        entry.Summary = summary!;
        entry.Details = details;
        entry.SharedWithEmployee = input.SharedWithEmployee;
        entry.EditedAt = clock.GetUtcNow();
        audit.Add(viewer, AuditAction.Changed, AuditRecords.LogEntry, entry.Id, entry.EmployeeId, changed.Count == 0 ? "saved unchanged" : "corrected: " + string.Join(", ", changed));
        return await db.SaveOutcomeAsync(() => entry.Id, ct);
    }

    public Task<Outcome> AddAddendumAsync(Viewer viewer, int entryId, string? text, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.LogAddendum, () => DoAddAddendumAsync(viewer, entryId, text, ct), ct);

    private async Task<Outcome> DoAddAddendumAsync(Viewer viewer, int entryId, string? text, CancellationToken ct)
    {
        var entry = await db.PerformanceLog.SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !viewer.Manages(entry.EmployeeId)) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Required(errors, "Addendum", text, MaxAddendum, "Write the addendum.");
        if (errors.Count > 0) return Outcome.Invalid(errors);
        entry.Addenda.Add(new LogAddendum { Text = clean!, AuthorUserId = viewer.UserId, AuthorName = viewer.Actor.Name, At = clock.GetUtcNow() });
        audit.Add(viewer, AuditAction.Changed, AuditRecords.LogEntry, entry.Id, entry.EmployeeId, "addendum added");
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(entry.Id);
    }

    private (Dictionary<string, string> Errors, string? Summary, string? Details) Validate(LogInput input, Employee employee)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(input.Type)) errors["Type"] = "Choose the kind of entry.";
        var today = DepartmentCalendar.Today(clock);
        if (input.Date is null) errors["Date"] = "Give the date of the conference, observation or review.";
        else if (input.Date > today) errors["Date"] = "The date cannot be in the future.";
        else if (input.Date < employee.HireDate) errors["Date"] = $"The date is before {employee.FullName} was hired ({employee.HireDate:MMM d, yyyy}).";
        var summary = TextRules.Required(errors, "Summary", input.Summary, MaxSummary, "Write a one-line summary.");
        var details = TextRules.Optional(errors, "Details", input.Details, MaxDetails);
        return (errors, summary, details);
    }

}

public static class LogLabels
{
    public static string Of(LogEntryType type) => type switch
    {
        LogEntryType.WorkAnalysis => "Work analysis",
        LogEntryType.ReportReview => "Report review",
        _ => type.ToString(),
    };
}
