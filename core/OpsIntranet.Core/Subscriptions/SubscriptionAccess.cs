using OpsIntranet.Core.Access;

namespace OpsIntranet.Core.Subscriptions;

/// <summary>
/// Who keeps which subscriptions (BRIEF.md, Scheduled e-mail): administrators all of them; a manager those that
/// cover only units they manage, and the ones they own over "all my units" (no units chosen). A department-wide
/// report (no units, owned by someone else) is administrators' only. Everyone else: none, and they answer 404.
/// </summary>
public static class SubscriptionAccess
{
    /// <summary>May open the subscription pages at all.</summary>
    public static bool CanKeepSubscriptions(Viewer viewer) => viewer.IsAdministrator || viewer.IsManager && viewer.UnitIds.Count > 0;

    /// <summary>May see, edit, pause, delete, send and resend this one (and see its runs).</summary>
    public static bool CanKeep(Viewer viewer, ReportSubscription subscription) =>
        viewer.IsAdministrator
        || viewer.IsManager && (subscription.UnitIds.Count > 0
            ? subscription.UnitIds.All(viewer.IsAssigned)
            : subscription.OwnerUserId == viewer.UserId && viewer.UnitIds.Count > 0);
}
