using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Units;

/// <summary>
/// Which units a form offers and accepts. A deactivated unit takes nothing new, so no form offers it for a
/// new record; a record that has it already (an initiative, a subscription, a storm event) still shows it,
/// marked, and saves with it, so editing the record does not silently drop the unit.
/// </summary>
public static class UnitPicker
{
    public const string DeactivatedMark = " (deactivated)";

    /// <summary>The active units plus those the record already has.</summary>
    public static IQueryable<Unit> Offered(this IQueryable<Unit> units, IReadOnlyCollection<int> kept) =>
        units.Where(u => u.IsActive || kept.Contains(u.Id));

    /// <summary>A unit's name as a picker shows it: a deactivated one says so.</summary>
    public static string Label(string name, bool isActive) => isActive ? name : name + DeactivatedMark;

    /// <summary>
    /// The message for the first chosen unit that is deactivated and was not on the record already
    /// (a post the form would not have offered), or null when every unit may be chosen.
    /// </summary>
    public static async Task<string?> DeactivatedChoiceAsync(AppDbContext db, IEnumerable<int> chosen, IEnumerable<int> kept, CancellationToken ct)
    {
        var added = chosen.Except(kept).ToList();
        if (added.Count == 0) return null;
        var name = await db.Units.AsNoTracking().Where(u => added.Contains(u.Id) && !u.IsActive).OrderBy(u => u.SortOrder).Select(u => u.Name).FirstOrDefaultAsync(ct);
        return name is null ? null : $"{name} is deactivated; it takes nothing new.";
    }
}
