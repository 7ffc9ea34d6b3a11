using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.List;

/// <summary>
/// The people directory: a manager's units and reporting line, or everyone for administrators. The filter, list and
/// pager are kept as rendered HTML per data version, person and query (PageCache): a directory of thousands is read
/// far more often than anyone is added, moved or given an account.
/// </summary>
public class IndexModel(PeopleService people, PageCache pages) : RecordPage
{
    /// <summary>The directory's rows, unit filter and "has an account" column.</summary>
    public static readonly CachedRead DirectoryRead = new("people-directory", typeof(Employee), typeof(Core.Units.Unit), typeof(AppUser));

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

    /// <summary>The filter, list and pager, kept per data version and query for this person.</summary>
    public CachedPage Cached { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        // Checked before the lookup, so a kept page is never the answer to someone who may not browse people.
        if (!viewer.CanBrowsePeople) return NotFound();
        Status = Status is "active" or "inactive" or "all" ? Status : "active";
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        // Per person, not only per scope: the list leaves out the viewer themselves and adds their reports outside their units.
        Cached = await pages.LookupAsync(DirectoryRead,
            string.Join('|', viewer.UserId, viewer.EmployeeId, viewer.ScopeKey, Unit, Status, PageNumber, Q), ct, "list");
        if (Cached.IsHit) return Page();
        IActionResult result = NotFound();
        await Cached.LoadAsync(async () =>
            result = await ShowOrNotFoundAsync(people.DirectoryAsync(viewer, new DirectoryFilter(Unit, Status, Q, PageNumber, PageSize), ct),
                d => (Units, People, Total, PageNumber, Steps) = (d.Units, d.Rows, d.Total, d.Page, d.Steps)));
        return result;
    }

    /// <summary>The directory's address with this filter and the given page, from the bound values (what the key holds), not the raw query.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Q is not null) query.Add($"Q={Uri.EscapeDataString(Q)}");
        if (Unit is { } unit) query.Add($"Unit={unit.ToString(CultureInfo.InvariantCulture)}");
        query.Add($"Status={Status}");
        query.Add($"p={page.ToString(CultureInfo.InvariantCulture)}");
        return "/people?" + string.Join("&", query);
    }
}
