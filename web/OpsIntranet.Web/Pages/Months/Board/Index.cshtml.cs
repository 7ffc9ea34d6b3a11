using OpsIntranet.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Access;

namespace OpsIntranet.Web.Pages.Months.Board;

/// <summary>Completeness at a glance: each unit's last twelve months, submitted, late, returned or missing.</summary>
public class IndexModel(CompletenessService completeness) : PageModel
{
    public const int Months = 12;
    public IReadOnlyList<BoardRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await completeness.BoardAsync(await HttpContext.ViewerAsync(ct), Months, ct);

    /// <summary>A cell's colour, its short label for the grid and its full wording (title and screen readers).</summary>
    public static (string Css, string Short, string Text) Describe(BoardCell cell) => cell.State switch
    {
        MonthState.Approved => ("status-green", cell.Late ? "✓ late" : "✓", cell.Late ? "Approved (submitted late)" : "Approved"),
        MonthState.Submitted => ("status-amber", cell.Late ? "Sent, late" : "Sent", cell.Late ? "Submitted late, waiting for approval" : "Submitted, waiting for approval"),
        MonthState.Returned => ("status-red", "Returned", cell.Late ? "Returned for correction, past due" : "Returned for correction"),
        MonthState.Draft => (cell.Late ? "status-red" : "status-none", cell.Late ? "Draft, late" : "Draft", cell.Late ? "Draft, past due" : "Draft"),
        MonthState.Missing => (cell.Late ? "status-red" : "status-none", cell.Late ? "Missing" : "Open", cell.Late ? "Not started, past due" : "Not started, not due yet"),
        _ => ("status-none", "", "Not due"),
    };
}
