using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.Log;

/// <summary>A performance-log entry with its addenda; the people who keep the file add addenda.</summary>
public class IndexModel(PerformanceLogService log) : RecordPage
{
    public PerformanceLogEntry Entry { get; private set; } = default!;
    public Employee Person => Entry.Employee!;
    public LogEntrySteps Steps { get; private set; } = new(false, false);
    [BindProperty] public string? Addendum { get; set; }

    public async Task<IActionResult> OnGetAsync(int entryId, CancellationToken ct) => await ShowAsync(entryId, ct);

    public async Task<IActionResult> OnPostAddendumAsync(int entryId, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await log.EntryAsync(viewer, entryId, recordRead: false, ct) is null) return NotFound();
        var outcome = await log.AddAddendumAsync(viewer, entryId, Addendum, ct);
        return Handle(outcome, i => $"/log/{i}", "Addendum added.") ?? await ShowAsync(entryId, ct);
    }

    private async Task<IActionResult> ShowAsync(int entryId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(log.EntryAsync(await HttpContext.ViewerAsync(ct), entryId, recordRead: true, ct), v => (Entry, Steps) = (v.Entry, v.Steps));
}
