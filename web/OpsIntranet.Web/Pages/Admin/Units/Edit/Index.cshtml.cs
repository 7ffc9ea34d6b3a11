using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Units;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Units.Edit;

/// <summary>One unit (administrators): rename it, and assign or remove its supervisors and managers.</summary>
public class IndexModel(UnitAdminService units) : RecordPage
{
    public UnitAdminPage Unit { get; private set; } = null!;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int? UserId { get; set; }

    public async Task<IActionResult> OnGetAsync(int unitId, CancellationToken ct)
    {
        if (!await ShowAsync(unitId, ct)) return NotFound();
        (Name, Code, Description) = (Unit.Name, Unit.Code, Unit.Description);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int unitId, CancellationToken ct)
    {
        var outcome = await units.SaveAsync(await HttpContext.ViewerAsync(ct), unitId, PostedVersion(), new UnitInput(Name, Code, Description), ct);
        return Handle(outcome, id => $"/admin/units/{id}", "Saved.") ?? await ShowAgainAsync(unitId, ct);
    }

    public async Task<IActionResult> OnPostAssignAsync(int unitId, CancellationToken ct)
    {
        var outcome = await units.AssignAsync(await HttpContext.ViewerAsync(ct), unitId, UserId, ct);
        return Handle(outcome, id => $"/admin/units/{id}", "Assigned. They see the unit from their next page.") ?? await ShowAgainAsync(unitId, ct, keepForm: false);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int unitId, int userId, CancellationToken ct)
    {
        var outcome = await units.RemoveAsync(await HttpContext.ViewerAsync(ct), unitId, userId, ct);
        return Handle(outcome, id => $"/admin/units/{id}", "Removed from the unit. Its history keeps what they did.") ?? await ShowAgainAsync(unitId, ct, keepForm: false);
    }

    private async Task<IActionResult> ShowAgainAsync(int unitId, CancellationToken ct, bool keepForm = true)
    {
        if (!await ShowAsync(unitId, ct)) return NotFound();
        if (!keepForm) (Name, Code, Description) = (Unit.Name, Unit.Code, Unit.Description);
        return Page();
    }

    private async Task<bool> ShowAsync(int unitId, CancellationToken ct)
    {
        if (await units.PageAsync(await HttpContext.ViewerAsync(ct), unitId, ct) is not { } page) return false;
        Unit = page;
        return true;
    }
}
