using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Deliveries;

/// <summary>Every failed delivery in the department, newest first, filtered by report and day, with "Resend" and a link to its run (administrators).</summary>
public class IndexModel(RunHistory runs) : RecordPage
{
    [BindProperty(SupportsGet = true)] public string? Report { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<FailedDeliveryRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<(string Report, string Label)> Reports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostResendAsync(int? deliveryId, CancellationToken ct)
    {
        var outcome = await runs.ResendDeliveryAsync(await HttpContext.ViewerAsync(ct), deliveryId, ct);
        if (Handle(outcome, _ => ListUrl(PageNumber), "Sent again.") is { } answer) return answer;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (PageNumber < 1) PageNumber = 1;
        if (await runs.FailedAsync(viewer, new FailedDeliveryFilter(Report, From, To), PageNumber, ct) is not { } found) return false;
        (Rows, Total) = found;
        Reports = await runs.FailedReportsAsync(viewer, ct);
        return true;
    }

    public int Pages => Math.Max(1, (Total + RunHistory.PageSize - 1) / RunHistory.PageSize);

    /// <summary>This list with the same filters, on another page.</summary>
    public string ListUrl(int page)
    {
        var q = new List<string>();
        if (Report is { Length: > 0 }) q.Add("Report=" + Uri.EscapeDataString(Report));
        if (From is { } from) q.Add("From=" + from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (To is { } to) q.Add("To=" + to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (page > 1) q.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/admin/deliveries" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }
}
