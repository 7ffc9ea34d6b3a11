using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Reports.Subscriptions.Details;

/// <summary>
/// One subscription: what it sends, to whom (each address with where it comes from), its schedule, "Send now",
/// "Send to me", previews of the e-mail and the PDF for the current period, and the history of its runs. Only those
/// who keep it (administrators; managers over their units) see it; anyone else gets 404.
/// </summary>
public class IndexModel(SubscriptionOperations operations) : RecordPage
{
    public SubscriptionDetails Details { get; private set; } = default!;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostSendNowAsync(int id, string? period, CancellationToken ct) => SendAsync(id, period, toMe: false, ct);

    public Task<IActionResult> OnPostSendToMeAsync(int id, string? period, CancellationToken ct) => SendAsync(id, period, toMe: true, ct);

    /// <summary>The e-mail as a recipient gets it, on a page of its own (the app's pages may not be framed).</summary>
    public async Task<IActionResult> OnGetPreviewEmailAsync(int id, CancellationToken ct)
    {
        if (await operations.PreviewAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } preview) return NotFound();
        if (preview.Html is null) return await ProblemAsync(id, preview.Problem, ct);
        return Content(preview.Html, "text/html; charset=utf-8");
    }

    /// <summary>The PDF the current period's run would attach; made now and stored nowhere.</summary>
    public async Task<IActionResult> OnGetPreviewPdfAsync(int id, CancellationToken ct)
    {
        if (await operations.PreviewAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } preview) return NotFound();
        if (preview.Pdf is null) return await ProblemAsync(id, preview.Problem, ct);
        return File(preview.Pdf, "application/pdf", preview.FileName);
    }

    private async Task<IActionResult> SendAsync(int id, string? period, bool toMe, CancellationToken ct)
    {
        var outcome = await operations.SendAsync(await HttpContext.ViewerAsync(ct), id, PostedVersion(), period, toMe, ct);
        if (Handle(outcome, i => $"/reports/subscriptions/{i}", "") is { } done) return done;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> ProblemAsync(int id, string? problem, CancellationToken ct)
    {
        Error = problem;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct) =>
        await ShowOrNotFoundAsync(operations.DetailsAsync(await HttpContext.ViewerAsync(ct), id, ct), d => Details = d);
}
