using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Units;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Admin.Units;

/// <summary>The department's units (administrators): every unit, active or not, with who runs it; add one; deactivate or reactivate one.</summary>
public class IndexModel(UnitAdminService units) : RecordPage
{
    public IReadOnlyList<UnitAdminRow> Units { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Description { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var outcome = await units.CreateAsync(await HttpContext.ViewerAsync(ct), new UnitInput(Name, Code, Description), ct);
        if (Handle(outcome, id => $"/admin/units/{id}", $"{Name?.Trim()} is added. Assign its supervisors and managers here.") is { } answer) return answer;
        return await ShowAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var outcome = await units.SetActiveAsync(await HttpContext.ViewerAsync(ct), id, PostedVersion(), active, ct);
        if (Handle(outcome, _ => "/admin/units", active ? "The unit is active again: it takes new data and appears in forms." : "The unit is deactivated: its history stays, it takes no new data.") is { } answer) return answer;
        return await ShowAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> ShowAsync(CancellationToken ct)
    {
        if (await units.ListAsync(await HttpContext.ViewerAsync(ct), ct) is not { } list) return false;
        Units = list;
        return true;
    }
}
