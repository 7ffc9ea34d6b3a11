using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.LogEdit;

/// <summary>Writes a performance-log entry (/people/{id}/log/new) or corrects one within the author's window (/log/{entryId}/edit).</summary>
public class IndexModel(AppDbContext db, PerformanceLogService log, TimeProvider clock) : RecordPage
{
    [BindProperty] public LogEntryType Type { get; set; } = LogEntryType.Conference;
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public bool SharedWithEmployee { get; set; }
    public Employee Person { get; private set; } = default!;
    public int? EntryId { get; private set; }
    public uint Version { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? entryId, CancellationToken ct)
    {
        if (await LoadAsync(id, entryId, ct) is { } notFound) return notFound;
        if (entryId is null) Date = DepartmentCalendar.Today(clock);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? entryId, CancellationToken ct)
    {
        var posted = (Type, Date, Summary, Details, SharedWithEmployee);
        if (await LoadAsync(id, entryId, ct) is { } notFound) return notFound;
        (Type, Date, Summary, Details, SharedWithEmployee) = posted;
        var viewer = await HttpContext.ViewerAsync(ct);
        var input = new LogInput(Type, Date, Summary, Details, SharedWithEmployee);
        var outcome = EntryId is { } existing
            ? await log.EditAsync(viewer, existing, PostedVersion(), input, ct)
            : await log.AddAsync(viewer, Person.Id, input, ct);
        return Handle(outcome, i => $"/log/{i}", EntryId is null ? "Log entry added." : "Log entry corrected.") ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int? id, int? entryId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (entryId is { } eid)
        {
            var entry = await db.PerformanceLog.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eid, ct);
            if (entry is null || !viewer.Manages(entry.EmployeeId) || !log.CanEdit(viewer, entry)) return NotFound();
            (EntryId, Version, id) = (entry.Id, entry.Version, entry.EmployeeId);
            (Type, Date, Summary, Details, SharedWithEmployee) = (entry.Type, entry.Date, entry.Summary, entry.Details, entry.SharedWithEmployee);
        }
        if (id is not { } personId || !viewer.Manages(personId) || viewer.IsSelf(personId)) return NotFound();
        var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == personId, ct);
        if (person is null) return NotFound();
        Person = person;
        return null;
    }
}
