using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Log;

/// <summary>A performance-log entry with its addenda; the people who keep the file add addenda.</summary>
public class IndexModel(AppDbContext db, PerformanceLogService log, AuditLog audit) : RecordPage
{
    public PerformanceLogEntry Entry { get; private set; } = default!;
    public Employee Person { get; private set; } = default!;
    public Viewer Viewer { get; private set; } = default!;
    public bool CanEdit { get; private set; }
    public bool CanAddend { get; private set; }
    [BindProperty] public string? Addendum { get; set; }

    public async Task<IActionResult> OnGetAsync(int entryId, CancellationToken ct)
    {
        if (await LoadAsync(entryId, ct) is { } notFound) return notFound;
        await audit.ViewedAsync(Viewer, AuditRecords.LogEntry, [(Entry.Id, Entry.EmployeeId)], ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddendumAsync(int entryId, CancellationToken ct)
    {
        if (await LoadAsync(entryId, ct) is { } notFound) return notFound;
        var outcome = await log.AddAddendumAsync(Viewer, entryId, Addendum, ct);
        if (Handle(outcome, i => $"/log/{i}", "Addendum added.") is { } done) return done;
        await audit.ViewedAsync(Viewer, AuditRecords.LogEntry, [(Entry.Id, Entry.EmployeeId)], ct: ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int entryId, CancellationToken ct)
    {
        Viewer = await HttpContext.ViewerAsync(ct);
        var entry = await db.PerformanceLog.AsNoTracking().Include(e => e.Employee).Include(e => e.Addenda).SingleOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !Viewer.CanRead(entry)) return NotFound();
        Entry = entry;
        Person = entry.Employee!;
        CanEdit = Viewer.Manages(entry.EmployeeId) && log.CanEdit(Viewer, entry);
        CanAddend = Viewer.Manages(entry.EmployeeId);
        return null;
    }
}
