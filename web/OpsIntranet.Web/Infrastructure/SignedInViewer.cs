using System.Globalization;
using System.Security.Claims;
using OpsIntranet.Core.Access;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// The one way a page gets its viewer: the signed-in user's id from the cookie, then the same
/// <see cref="Viewers.ForUserAsync"/> a job uses; roles and units come from the database, not the cookie.
/// </summary>
public static class SignedInViewer
{
    public static Task<Viewer> ViewerAsync(this HttpContext http, CancellationToken ct = default) =>
        int.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? http.RequestServices.GetRequiredService<Viewers>().ForUserAsync(userId, ct)
            : Task.FromResult(Viewer.Nobody(0));
}
