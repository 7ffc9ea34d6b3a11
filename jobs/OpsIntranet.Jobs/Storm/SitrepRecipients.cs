using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Jobs.Storm;

/// <summary>A sitrep recipient as the page lists them: the address, the person's name when known, and why they get it.</summary>
public sealed record SitrepRecipient(string Address, string? Name, IReadOnlyList<string> Sources);

/// <summary>
/// Who a schedule sends to now: the addresses typed in, everyone with an active account in the chosen roles, and the
/// managers and/or supervisors of the event's units (through the same <see cref="RecipientList"/> as subscriptions).
/// </summary>
public class SitrepRecipients(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SitrepRecipient>> ResolveAsync(SitrepSchedule schedule, CancellationToken ct)
    {
        var list = new RecipientList(db, clock);
        foreach (var a in schedule.Addresses) list.Add(a, null, "Typed in");
        await list.AddRolesAsync(schedule.RecipientRoles, ct);
        var leading = new List<string>();
        if (schedule.UnitManagers) leading.Add(Roles.Manager);
        if (schedule.UnitSupervisors) leading.Add(Roles.Supervisor);
        if (leading.Count > 0)
        {
            var units = await db.StormEventUnits.AsNoTracking().Where(u => u.EventId == schedule.EventId).Select(u => u.UnitId).ToListAsync(ct);
            await list.AddUnitLeadersAsync(units, leading, (unit, role) => $"{role} of {unit}", ct);
        }
        return [.. list.Entries.Select(e => new SitrepRecipient(e.Address, e.Name, e.Sources))];
    }
}
