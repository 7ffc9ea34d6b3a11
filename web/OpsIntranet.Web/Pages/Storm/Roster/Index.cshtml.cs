using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm.Roster;

/// <summary>
/// The essential-staff roster of one of the viewer's units: who is called in during events, their role and phone
/// (masked unless the viewer keeps the roster or leads in the unit). The unit's managers and administrators add,
/// change and remove people; anyone else's post answers 404.
/// </summary>
public class IndexModel(StormRosterService roster) : RecordPage
{
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];
    public UnitRoster? Roster { get; private set; }
    public IReadOnlyList<(int Id, string Name)> People { get; private set; } = [];
    /// <summary>The line whose form is open for a change (?edit=lineId), or the one posted back with an error.</summary>
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(await HttpContext.ViewerAsync(ct), ct) ? Page() : NotFound();

    /// <summary>Adds a person, or (with a line's version) changes their phone and role.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int? employeeId, string? phone, StormRole? role, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (Unit is not { } unit || !StormAccess.CanKeepRoster(viewer, unit)) return NotFound();
        var version = Edit is null ? (uint?)null : PostedVersion();
        var outcome = await roster.SaveAsync(viewer, unit, employeeId ?? 0, phone, role, version, ct);
        if (Handle(outcome, _ => $"/storm/roster?unit={unit}", Edit is null ? "Added to the roster." : "Roster line saved.") is { } done) return done;
        return await LoadAsync(viewer, ct) ? Page() : NotFound();
    }

    /// <summary>Takes a person off the roster once the remover has ticked the confirmation.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(int? lineId, bool confirm, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (Unit is not { } unit || !StormAccess.CanKeepRoster(viewer, unit) || lineId is not { } id) return NotFound();
        var outcome = confirm ? await roster.RemoveAsync(viewer, id, ct)
            : Outcome.Invalid(new Dictionary<string, string> { [$"Confirm-{id}"] = "Tick the box to confirm the removal." });
        if (Handle(outcome, _ => $"/storm/roster?unit={unit}", "Removed from the roster.") is { } done) return done;
        return await LoadAsync(viewer, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Viewer viewer, CancellationToken ct)
    {
        Units = await roster.UnitChoicesAsync(viewer, ct);
        Unit ??= Units.Count > 0 ? Units[0].Id : null;
        if (Unit is not { } unit) return true;
        if (await roster.ReadUnitAsync(viewer, unit, ct) is not { } read) return false;
        Roster = read;
        People = await roster.PeopleChoicesAsync(viewer, unit, ct) ?? [];
        return true;
    }

    public string UnitName => Units.FirstOrDefault(u => u.Id == Unit).Name ?? "";
}
