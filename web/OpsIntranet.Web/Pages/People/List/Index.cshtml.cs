using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.People.List;

/// <summary>The people directory: a manager's units and reporting line, or everyone for administrators.</summary>
public class IndexModel(AppDbContext db) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "active";
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public const int PageSize = 100;
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool IsAdministrator { get; private set; }
    public List<(int Id, string Name)> Units { get; } = [];
    public List<Row> People { get; } = [];

    public sealed record Row(int Id, string Name, string Position, string? Unit, string? ReportsTo, DateOnly HireDate, bool IsActive, bool HasAccount);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (!viewer.CanBrowsePeople) return NotFound();
        IsAdministrator = viewer.CanEditPeople;
        var q = viewer.FilterManaged(db.Employees.AsNoTracking());
        var unitIds = await q.Where(e => e.UnitId != null).Select(e => e.UnitId!.Value).Distinct().ToListAsync(ct);
        Units.AddRange((await db.Units.AsNoTracking().Where(u => IsAdministrator || unitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)));
        if (Unit is { } unit) q = q.Where(e => e.UnitId == unit);
        if (Status == "active") q = q.Where(e => e.IsActive);
        else if (Status == "inactive") q = q.Where(e => !e.IsActive);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = $"%{Q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            q = q.Where(e => EF.Functions.ILike(e.FirstName + " " + e.LastName, term) || EF.Functions.ILike(e.Position, term) || EF.Functions.ILike(e.Email, term));
        }
        Total = await q.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        People.AddRange(await q.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(e => new Row(e.Id, e.FirstName + " " + e.LastName, e.Position, e.Unit == null ? null : e.Unit.Name,
                e.ReportsTo == null ? null : e.ReportsTo.FirstName + " " + e.ReportsTo.LastName, e.HireDate, e.IsActive, db.Users.Any(u => u.EmployeeId == e.Id)))
            .ToListAsync(ct));
        return Page();
    }

    public string PageUrl(int page) =>
        "/people?" + string.Join("&", Request.Query.Where(kv => kv.Key != "p").Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}").Append($"p={page}"));
}
