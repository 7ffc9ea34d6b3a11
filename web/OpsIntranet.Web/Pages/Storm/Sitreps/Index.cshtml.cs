using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Jobs.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Sitreps;

/// <summary>
/// An event's situation reports: the schedule (cadence in Eastern time, recipients, subject), the next three send
/// times, "Send a sitrep now", "Preview PDF", and the history of runs with each recipient's delivery, failed ones
/// resendable. Readers of the event see it read-only; its managers and administrators change it while it is not
/// closed; anyone else gets 404.
/// </summary>
public class IndexModel(SitrepOperations operations) : RecordPage
{
    public SitrepPage Sitreps { get; private set; } = default!;
    [BindProperty] public SitrepInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int eventId, CancellationToken ct)
    {
        var result = await LoadAsync(eventId, ct);
        if (Sitreps is not null) Input = SitrepInput.Of(Sitreps.Schedule);
        return result;
    }

    public async Task<IActionResult> OnPostSaveAsync(int eventId, CancellationToken ct)
    {
        uint? version = string.IsNullOrEmpty(Request.Form["Version"]) ? null : PostedVersion();
        var outcome = await operations.SaveAsync(await HttpContext.ViewerAsync(ct), eventId, version, Input, ct);
        return Handle(outcome, PageUrl, "Saved.") ?? await LoadAsync(eventId, ct);
    }

    public async Task<IActionResult> OnPostSendNowAsync(int eventId, CancellationToken ct)
    {
        var outcome = await operations.SendNowAsync(await HttpContext.ViewerAsync(ct), eventId, ct);
        return Handle(outcome, PageUrl, "") ?? await ReloadAsync(eventId, ct);
    }

    public async Task<IActionResult> OnPostResendAsync(int eventId, int? deliveryId, CancellationToken ct)
    {
        var outcome = await operations.ResendAsync(await HttpContext.ViewerAsync(ct), eventId, deliveryId, ct);
        return Handle(outcome, PageUrl, "") ?? await ReloadAsync(eventId, ct);
    }

    /// <summary>The sitrep as it would go out now; made now and stored nowhere.</summary>
    public async Task<IActionResult> OnGetPreviewPdfAsync(int eventId, CancellationToken ct)
    {
        if (await operations.PreviewAsync(await HttpContext.ViewerAsync(ct), eventId, ct) is not { } sitrep) return NotFound();
        return File(sitrep.Pdf, "application/pdf", sitrep.FileName);
    }

    private static string PageUrl(int eventId) => $"/storm/{eventId}/sitreps";

    /// <summary>A refused send or resend shows the page again with the schedule as saved.</summary>
    private async Task<IActionResult> ReloadAsync(int eventId, CancellationToken ct)
    {
        var result = await LoadAsync(eventId, ct);
        if (Sitreps is not null) Input = SitrepInput.Of(Sitreps.Schedule);
        return result;
    }

    private async Task<IActionResult> LoadAsync(int eventId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(operations.PageAsync(await HttpContext.ViewerAsync(ct), eventId, ct), p => Sitreps = p);
}
