using System.Security.Claims;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Security;

namespace OpsIntranet.Core.Metrics;

/// <summary>
/// Who may do what with a unit's month. Reading follows the unit scope; entering data needs the
/// Supervisor or Manager role and an assignment to the unit; approving, returning and reopening need
/// the Manager role and an assignment. Leadership and administrators read without acting.
/// </summary>
public sealed record MonthPermissions(bool CanView, bool CanEdit, bool CanReview)
{
    public static MonthPermissions For(ClaimsPrincipal user, UnitScope scope, int unitId)
    {
        var assigned = scope.IsAssigned(unitId);
        return new MonthPermissions(
            CanView: scope.Contains(unitId),
            CanEdit: assigned && (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager)),
            CanReview: assigned && user.IsInRole(Roles.Manager));
    }
}

/// <summary>The person acting, as recorded on the trail.</summary>
public sealed record Actor(int UserId, string Name)
{
    public static Actor From(ClaimsPrincipal user, string displayNameClaim) =>
        new(int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture),
            user.FindFirstValue(displayNameClaim) ?? user.Identity?.Name ?? "unknown");
}
