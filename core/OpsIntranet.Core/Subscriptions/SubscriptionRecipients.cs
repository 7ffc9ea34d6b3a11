using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;

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
        var found = new Dictionary<string, (string? Name, List<string> Sources)>(StringComparer.Ordinal);
        void Add(string? address, string? name, string source)
        {
            var key = address?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(key)) return;
            if (!found.TryGetValue(key, out var entry)) found[key] = entry = (name, []);
            else if (entry.Name is null && name is not null) found[key] = entry = (name, entry.Sources);
            if (!entry.Sources.Contains(source)) entry.Sources.Add(source);
        }

        foreach (var address in subscription.Addresses) Add(address, null, "Typed in");

        var now = clock.GetUtcNow();
        // Active: not switched off by an administrator (locked out for good) and, for an employee's account, still employed.
        var active = db.Users.AsNoTracking().Where(u => u.Email != null && u.Email != ""
            && (u.LockoutEnd == null || u.LockoutEnd < now) && (u.Employee == null || u.Employee.IsActive));

        if (subscription.RecipientRoles.Count > 0)
        {
            var roles = subscription.RecipientRoles;
            var inRoles = await (from u in active
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where roles.Contains(r.Name!)
                                 orderby u.DisplayName
                                 select new { u.Email, u.DisplayName, Role = r.Name! }).ToListAsync(ct);
            foreach (var u in inRoles) Add(u.Email, u.DisplayName, $"Role: {u.Role}");
        }

        if (subscription.LeadershipOfUnitIds.Count > 0)
        {
            var units = subscription.LeadershipOfUnitIds;
            string[] leading = [Roles.Supervisor, Roles.Manager];
            var leaders = await (from u in active
                                 join uu in db.UserUnits on u.Id equals uu.UserId
                                 join unit in db.Units on uu.UnitId equals unit.Id
                                 where units.Contains(uu.UnitId)
                                       && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && leading.Contains(r.Name!)))
                                 orderby unit.SortOrder, unit.Name, u.DisplayName
                                 select new { u.Email, u.DisplayName, Unit = unit.Name }).ToListAsync(ct);
            foreach (var u in leaders) Add(u.Email, u.DisplayName, $"Leadership of {u.Unit}");
        }

        var unsubscribed = subscription.Unsubscribed.Select(a => a.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var all = found.Select(f => new SubscriptionRecipient(f.Key, f.Value.Name, f.Value.Sources)).ToList();
        return new ResolvedRecipients(
            [.. all.Where(r => !unsubscribed.Contains(r.Address))],
            [.. all.Where(r => unsubscribed.Contains(r.Address))]);
    }
}
