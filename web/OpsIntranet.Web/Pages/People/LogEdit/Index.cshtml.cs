using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.LogEdit;

/// <summary>Writes a performance-log entry (/people/{id}/log/new) or corrects one within the author's window (/log/{entryId}/edit).</summary>
public class IndexModel(PerformanceLogService log, TimeProvider clock) : RecordPage
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
        if (await log.FormAsync(await HttpContext.ViewerAsync(ct), id, entryId, ct) is not { } form) return NotFound();
        if (form.Entry is { } entry)
        {
            (EntryId, Version) = (entry.Id, entry.Version);
            (Type, Date, Summary, Details, SharedWithEmployee) = (entry.Type, entry.Date, entry.Summary, entry.Details, entry.SharedWithEmployee);
        }
        Person = form.Person;
        return null;
    }
}
