using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Improvement.Dismiss;

/// <summary>Dismisses one firing of a trend signal with a reason; it comes back if the signal fires for a later month.</summary>
public class IndexModel(InitiativeService initiatives) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int Metric { get; set; }
    [BindProperty(SupportsGet = true)] public SignalKind Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string MetricName { get; private set; } = "";
    public string UnitName { get; private set; } = "";
    public int UnitId { get; private set; }
    public DateOnly SignalMonth { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } notFound) return notFound;
        var viewer = await HttpContext.ViewerAsync(ct);
        var outcome = await initiatives.DismissAsync(viewer, Metric, Kind, SignalMonth, Reason, ct);
        return Handle(outcome, unit => $"/units/{unit}?month={DepartmentCalendar.MonthKey(SignalMonth)}", $"Signal dismissed for {DepartmentCalendar.MonthName(SignalMonth)}. It comes back if it fires for a later month.") ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!DepartmentCalendar.TryParseMonthKey(Month, out var month) || !Enum.IsDefined(Kind)) return NotFound();
        if (await initiatives.DismissFormAsync(await HttpContext.ViewerAsync(ct), Metric, ct) is not { } form) return NotFound();
        (MetricName, UnitName, UnitId, SignalMonth) = (form.MetricName, form.UnitName, form.UnitId, month);
        return null;
    }
}
