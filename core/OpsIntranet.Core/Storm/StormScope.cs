using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

/// <summary>
/// One event as one viewer stands towards it: its units, whether the viewer is one of its leads, and the steps they
/// may take. Every storm service starts from this, so the rules of <see cref="StormAccess"/> are applied one way.
/// </summary>
public sealed record StormScope(StormEvent Event, IReadOnlyList<int> UnitIds, int? OwnUnitId, bool IsLead, StormSteps Steps)
{
    public bool CanChange => StormAccess.CanChange(Viewer, UnitIds);
    public required Viewer Viewer { get; init; }

    /// <summary>The event as the viewer may see it, or null (404) when missing or out of scope. Tracked when the caller will change it.</summary>
    public static async Task<StormScope?> LoadAsync(AppDbContext db, Viewer viewer, int eventId, bool track, CancellationToken ct)
    {
        var events = track ? db.StormEvents.AsTracking() : db.StormEvents.AsNoTracking();
        var e = await events.Include(x => x.Units).SingleOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null) return null;
        var units = e.Units.Select(u => u.UnitId).ToList();
        var own = await OwnUnitAsync(db, viewer, ct);
        if (!StormAccess.CanRead(viewer, units, own)) return null;
        var lead = await IsLeadAsync(db, viewer, e.Id, units, ct);
        return new StormScope(e, units, own, lead, StormAccess.Steps(viewer, e, units, lead)) { Viewer = viewer };
    }

    /// <summary>The unit of the viewer's own employee record, if any.</summary>
    public static async Task<int?> OwnUnitAsync(AppDbContext db, Viewer viewer, CancellationToken ct) =>
        viewer.EmployeeId is { } me ? await db.Employees.Where(x => x.Id == me).Select(x => x.UnitId).SingleOrDefaultAsync(ct) : null;

    /// <summary>A lead of the event: on an affected unit's roster as lead, or assigned as lead to one of its shifts.</summary>
    public static async Task<bool> IsLeadAsync(AppDbContext db, Viewer viewer, int eventId, IReadOnlyList<int> units, CancellationToken ct)
    {
        if (viewer.EmployeeId is not { } me) return false;
        return await db.EssentialStaff.AnyAsync(s => s.EmployeeId == me && s.Role == StormRole.Lead && units.Contains(s.UnitId), ct)
            || await db.ShiftAssignments.AnyAsync(a => a.EmployeeId == me && a.Role == StormRole.Lead && a.Shift!.EventId == eventId, ct);
    }
}

/// <summary>Storm times: stored in UTC, typed and shown in Eastern time.</summary>
public static class StormTime
{
    /// <summary>The UTC instant of an Eastern wall-clock time. A time skipped by the spring change counts as standard time (02:30 → 03:30 EDT).</summary>
    public static DateTimeOffset FromEastern(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, DepartmentCalendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateTime ToEastern(DateTimeOffset instant) => DepartmentCalendar.ToLocal(instant);

    /// <summary>"Sun Nov 1, 07:00 EST": the zone's abbreviation tells which 01:30 is meant on the November night.</summary>
    public static string Describe(DateTimeOffset instant)
    {
        var local = ToEastern(instant);
        var daylight = DepartmentCalendar.TimeZone.IsDaylightSavingTime(instant);
        return local.ToString("ddd MMM d, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + (daylight ? " EDT" : " EST");
    }

    public static string Label(StormKind kind) => kind switch
    {
        StormKind.TropicalStorm => "Tropical storm",
        StormKind.IceStorm => "Ice storm",
        _ => kind.ToString(),
    };

    public static string Label(StormRole role) => role switch
    {
        StormRole.CallTaker => "Call taker",
        StormRole.WalkIn => "Walk-in",
        StormRole.DispatcherLiaison => "Dispatcher liaison",
        _ => role.ToString(),
    };

    public static string Label(Availability availability) => availability switch
    {
        Availability.NotCheckedIn => "Not checked in",
        _ => availability.ToString(),
    };
}
