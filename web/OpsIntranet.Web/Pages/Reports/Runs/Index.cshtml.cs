using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Runs;

/// <summary>
/// One run of a report (or reminder, or alert): what it was, its document, and each recipient's delivery with
/// "Resend" for the failed ones. Runs of a subscription are for whoever keeps that subscription; other runs for
/// administrators; anyone else gets 404 (<see cref="RunHistory"/>).
/// </summary>
public class IndexModel(RunHistory runs) : RecordPage
{
    public RunView View { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(int runId, CancellationToken ct) =>
        await ShowOrNotFoundAsync(runs.FindAsync(await HttpContext.ViewerAsync(ct), runId, ct), v => View = v);

    /// <summary>"Download PDF": the document every recipient of the run was sent.</summary>
    public async Task<IActionResult> OnGetPdfAsync(int runId, CancellationToken ct)
    {
        if (await runs.OpenDocumentAsync(await HttpContext.ViewerAsync(ct), runId, ct) is not { } document) return NotFound();
        Response.ContentLength = document.Document.Size;
        return File(document.Content, document.Document.ContentType, document.Document.FileName);
    }

    public async Task<IActionResult> OnPostResendAsync(int runId, int? deliveryId, CancellationToken ct) =>
        await AnswerAsync(runId, await runs.ResendAsync(await HttpContext.ViewerAsync(ct), runId, deliveryId, ct), ct);

    public async Task<IActionResult> OnPostResendAllAsync(int runId, CancellationToken ct) =>
        await AnswerAsync(runId, await runs.ResendAllFailedAsync(await HttpContext.ViewerAsync(ct), runId, ct), ct);

    private async Task<IActionResult> AnswerAsync(int runId, Core.Common.Outcome outcome, CancellationToken ct)
    {
        if (Handle(outcome, _ => $"/reports/runs/{runId}#deliveries", "Sent again.") is { } answer) return answer;
        if (await runs.FindAsync(await HttpContext.ViewerAsync(ct), runId, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }

    /// <summary>A delivery's state in words.</summary>
    public static string StatusText(DeliveryRow d) => d.Status switch
    {
        DeliveryStatus.Pending => "Waiting to be sent",
        DeliveryStatus.Sending => "Being sent",
        DeliveryStatus.Sent => "Sent",
        _ => d.GaveUpAt is null ? "Failed — will be tried again" : "Failed — given up",
    };

    public static string RunStatusText(ReportRun run) => run.Status switch
    {
        RunStatus.Pending => "Being prepared",
        RunStatus.Dispatched => "Sent out to its recipients",
        RunStatus.Skipped => "Skipped",
        _ => "Failed",
    };

    public static string TriggerText(RunTrigger trigger) => trigger switch
    {
        RunTrigger.Scheduled => "On schedule",
        RunTrigger.Manual => "Send now",
        RunTrigger.Test => "Test send",
        _ => "Resend",
    };

    public static string When(DateTimeOffset? at) =>
        at is { } t ? Core.Calendar.DepartmentCalendar.ToLocal(t).ToString("MMM d, yyyy h:mm tt", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
