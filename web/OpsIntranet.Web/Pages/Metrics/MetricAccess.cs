using System.Security.Claims;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Security;

namespace OpsIntranet.Web.Pages.Metrics;

/// <summary>Metric definitions are kept by administrators (every unit) and managers (the units they are assigned to).</summary>
public static class MetricAccess
{
    public static bool CanManage(ClaimsPrincipal user, UnitScope scope, int unitId) =>
        user.IsInRole(Roles.Administrator) || (user.IsInRole(Roles.Manager) && scope.IsAssigned(unitId));
}
