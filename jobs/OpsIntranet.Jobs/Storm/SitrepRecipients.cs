using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Jobs.Storm;

/// <summary>A sitrep recipient as the page lists them: the address, the person's name when known, and why they get it.</summary>
public sealed record SitrepRecipient(string Address, string? Name, IReadOnlyList<string> Sources);

/// <summary>
/// Who a schedule sends to now: the addresses typed in, everyone with an active account in the chosen roles, and the
/// managers and/or supervisors of the event's units (as <see cref="Core.Subscriptions.SubscriptionRecipients"/> reads them).
/// </summary>
public class SitrepRecipients(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SitrepRecipient>> ResolveAsync(SitrepSchedule schedule, CancellationToken ct)
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
        foreach (var a in schedule.Addresses) Add(a, null, "Typed in");

        var now = clock.GetUtcNow();
        var active = db.Users.AsNoTracking().Where(u => u.Email != null && u.Email != "" && (u.LockoutEnd == null || u.LockoutEnd < now) && (u.Employee == null || u.Employee.IsActive));
        if (schedule.RecipientRoles.Count > 0)
        {
            var roles = schedule.RecipientRoles;
            var inRoles = await (from u in active join ur in db.UserRoles on u.Id equals ur.UserId join r in db.Roles on ur.RoleId equals r.Id
                                 where roles.Contains(r.Name!) orderby u.DisplayName select new { u.Email, u.DisplayName, Role = r.Name! }).ToListAsync(ct);
            foreach (var u in inRoles) Add(u.Email, u.DisplayName, $"Role: {u.Role}");
        }
        var leading = new List<string>();
        if (schedule.UnitManagers) leading.Add(Roles.Manager);
        if (schedule.UnitSupervisors) leading.Add(Roles.Supervisor);
        if (leading.Count > 0)
        {
            var units = await db.StormEventUnits.AsNoTracking().Where(u => u.EventId == schedule.EventId).Select(u => u.UnitId).ToListAsync(ct);
            var leaders = await (from u in active join uu in db.UserUnits on u.Id equals uu.UserId join unit in db.Units on uu.UnitId equals unit.Id
                                 from ur in db.UserRoles where ur.UserId == u.Id join r in db.Roles on ur.RoleId equals r.Id
                                 where units.Contains(uu.UnitId) && leading.Contains(r.Name!)
                                 orderby unit.SortOrder, unit.Name, u.DisplayName
                                 select new { u.Email, u.DisplayName, Unit = unit.Name, Role = r.Name! }).ToListAsync(ct);
            foreach (var u in leaders) Add(u.Email, u.DisplayName, $"{u.Role} of {u.Unit}");
        }
        return [.. found.Select(f => new SitrepRecipient(f.Key, f.Value.Name, f.Value.Sources))];
    }
}
