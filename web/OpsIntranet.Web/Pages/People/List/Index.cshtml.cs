using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.List;

/// <summary>The people directory: a manager's units and reporting line, or everyone for administrators.</summary>
public class IndexModel(PeopleService people) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "active";
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public const int PageSize = 100;
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public DirectorySteps Steps { get; private set; } = new(false);
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];
    public IReadOnlyList<DirectoryRow> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ShowOrNotFoundAsync(people.DirectoryAsync(await HttpContext.ViewerAsync(ct), new DirectoryFilter(Unit, Status, Q, PageNumber, PageSize), ct),
            d => (Units, People, Total, PageNumber, Steps) = (d.Units, d.Rows, d.Total, d.Page, d.Steps));

    public string PageUrl(int page) =>
        "/people?" + string.Join("&", Request.Query.Where(kv => kv.Key != "p").Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}").Append($"p={page}"));
}
