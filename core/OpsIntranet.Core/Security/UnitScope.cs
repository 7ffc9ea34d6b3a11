using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;

namespace OpsIntranet.Core.Security;

/// <summary>
/// Which units a person may see. Leadership and administrators see the whole department;
/// supervisors and managers see the units they are assigned to and nothing else.
/// </summary>
public sealed class UnitScope
{
    private readonly HashSet<int> _unitIds;

    private UnitScope(bool allUnits, IEnumerable<int> unitIds)
    {
        AllUnits = allUnits;
        _unitIds = [.. unitIds];
    }

    public bool AllUnits { get; }
    /// <summary>The units the person is assigned to (supervises or manages), whatever else they may read.</summary>
    public IReadOnlySet<int> UnitIds => _unitIds;

    public bool Contains(int unitId) => AllUnits || _unitIds.Contains(unitId);

    /// <summary>Assigned to the unit: the condition for entering or approving its data, which reading everything does not give.</summary>
    public bool IsAssigned(int unitId) => _unitIds.Contains(unitId);

    public IQueryable<Units.Unit> Filter(IQueryable<Units.Unit> units) => AllUnits ? units : units.Where(u => _unitIds.Contains(u.Id));

    public static UnitScope Everything { get; } = new(true, []);
    public static UnitScope Of(IEnumerable<int> unitIds, bool allUnits = false) => new(allUnits, unitIds);

    public static bool SeesWholeDepartment(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Leadership) || user.IsInRole(Roles.Administrator);
}

public class UnitScopeService(AppDbContext db)
{
    public async Task<UnitScope> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return UnitScope.Of([]);
        var ids = await db.UserUnits.Where(x => x.UserId == userId).Select(x => x.UnitId).ToListAsync(ct);
        return UnitScope.Of(ids, allUnits: UnitScope.SeesWholeDepartment(user));
    }
}
