using OpsIntranet.Core.Storm;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Storm;

/// <summary>
/// The storm facts every page's layout needs (the banner of an activated event, and whether the "Storm operations"
/// menu is shown), read once per request with the event service's one small query and kept for the request.
/// </summary>
public static class StormLayoutReader
{
    private static readonly object Key = new();

    public static async Task<StormLayoutModel?> StormLayoutAsync(this HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true) return null;
        // The error page after an exception must render even when the database is what failed.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null) return null;
        if (http.Items.TryGetValue(Key, out var kept)) return (StormLayoutModel?)kept;
        var viewer = await http.ViewerAsync(http.RequestAborted);
        var layout = await http.RequestServices.GetRequiredService<StormEventService>().LayoutAsync(viewer, http.RequestAborted);
        var model = new StormLayoutModel(layout.Banners, layout.ShowMenu, viewer.IsAdministrator || viewer.IsManager && viewer.UnitIds.Count > 0);
        http.Items[Key] = model;
        return model;
    }
}

/// <summary>What the layout shows: banners, the menu, and the roster entry for those who keep a roster.</summary>
public sealed record StormLayoutModel(IReadOnlyList<StormBanner> Banners, bool ShowMenu, bool KeepsRoster);
