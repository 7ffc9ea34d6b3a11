using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;

namespace OpsIntranet.Core.Subscriptions;

/// <summary>One address a run sends to, with every reason it is on the list ("Typed in", "Role: Leadership", "Leadership of Walk-In Unit").</summary>
public sealed record SubscriptionRecipient(string Address, string? Name, IReadOnlyList<string> Sources);

/// <summary>The list as resolved now: who gets the next run, and who would have but unsubscribed.</summary>
public sealed record ResolvedRecipients(IReadOnlyList<SubscriptionRecipient> To, IReadOnlyList<SubscriptionRecipient> Unsubscribed)
{
    public IReadOnlyList<string> Addresses => [.. To.Select(r => r.Address)];
}

/// <summary>
/// Who a subscription sends to at the time of a run (the run job and the subscription's page use this one rule):
/// the typed addresses, everyone holding one of the chosen roles, and the supervisors and managers assigned to the
/// chosen units, counting only active accounts with an e-mail address, each address once (trimmed, lower case),
/// without the addresses that followed the unsubscribe link.
/// </summary>
public class SubscriptionRecipients(AppDbContext db, TimeProvider clock)
{
    public async Task<ResolvedRecipients> ResolveAsync(ReportSubscription subscription, CancellationToken ct = default)
    {
        var list = new RecipientList(db, clock);
        foreach (var address in subscription.Addresses) list.Add(address, null, "Typed in");
        await list.AddRolesAsync(subscription.RecipientRoles, ct);
        await list.AddUnitLeadersAsync(subscription.LeadershipOfUnitIds, [Roles.Supervisor, Roles.Manager], (unit, _) => $"Leadership of {unit}", ct);

        var unsubscribed = subscription.Unsubscribed.Select(a => a.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var all = list.Entries.Select(e => new SubscriptionRecipient(e.Address, e.Name, e.Sources)).ToList();
        return new ResolvedRecipients(
            [.. all.Where(r => !unsubscribed.Contains(r.Address))],
            [.. all.Where(r => unsubscribed.Contains(r.Address))]);
    }
}
