using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

/// <summary>A roster line as one viewer may see it: <see cref="Phone"/> is null unless they may see phone numbers, and <see cref="PhoneShown"/> says which.</summary>
public sealed record RosterLine(int Id, int UnitId, string UnitName, int EmployeeId, string Name, string Position, StormRole Role, string? Phone, string MaskedPhone, uint Version)
{
    public bool PhoneShown => Phone is not null;
}

/// <summary>A unit's roster as one viewer reads it, and whether they keep it.</summary>
public sealed record UnitRoster(int UnitId, IReadOnlyList<RosterLine> Lines, bool CanKeep);

/// <summary>
/// The essential-staff roster: per unit, the people called in during events, with a phone number and a role. A
/// unit's managers and administrators keep it. Phone numbers are personal: the roster of an event shows them only
/// to its managers and leads (<see cref="StormAccess.CanSeePhones"/>); everyone else gets the last two digits.
/// </summary>
public class StormRosterService(AppDbContext db, TimeProvider clock)
{
    public const int MaxPhone = 32;

    /// <summary>A unit's roster for the people who keep it (with phones), or null when the viewer does not keep it.</summary>
    public async Task<IReadOnlyList<RosterLine>?> ForUnitAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        if (!StormAccess.CanKeepRoster(viewer, unitId) || !await db.Units.AnyAsync(u => u.Id == unitId, ct)) return null;
        return await LinesAsync([unitId], showPhones: true, ct);
    }

    /// <summary>The roster of an event's units, phones shown only to its managers and leads; null when out of scope.</summary>
    public async Task<IReadOnlyList<RosterLine>?> ForEventAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        return await LinesAsync(scope.UnitIds, scope.Steps.CanSeePhones, ct);
    }

    /// <summary>
    /// A unit's roster for anyone who works in or oversees the unit (assigned to it, employed in it, or reading every
    /// unit); phone numbers only for those who keep it and the unit's leads. Null when out of scope.
    /// </summary>
    public async Task<UnitRoster?> ReadUnitAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        var own = await StormScope.OwnUnitAsync(db, viewer, ct);
        if (!viewer.Contains(unitId) && own != unitId || !await db.Units.AnyAsync(u => u.Id == unitId, ct)) return null;
        var keeps = StormAccess.CanKeepRoster(viewer, unitId);
        var me = viewer.EmployeeId ?? -1;
        var lead = await db.EssentialStaff.AnyAsync(s => s.UnitId == unitId && s.EmployeeId == me && s.Role == StormRole.Lead, ct);
        return new UnitRoster(unitId, await LinesAsync([unitId], showPhones: keeps || lead, ct), keeps);
    }

    /// <summary>The units whose roster the viewer reads: every active unit for leadership and administrators, else their own.</summary>
    public async Task<List<(int Id, string Name)>> UnitChoicesAsync(Viewer viewer, CancellationToken ct = default)
    {
        var own = await StormScope.OwnUnitAsync(db, viewer, ct) ?? -1;
        return (await viewer.Filter(db.Units.AsNoTracking()).Union(db.Units.Where(u => u.Id == own)).Where(u => u.IsActive).OrderBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
    }

    /// <summary>The people who can be put on a unit's roster (its active people), for those who keep it; null otherwise.</summary>
    public async Task<List<(int Id, string Name)>?> PeopleChoicesAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        if (!StormAccess.CanKeepRoster(viewer, unitId)) return null;
        return (await People.UnitPeople.In(db, [unitId]).AsNoTracking().OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.Position }).ToListAsync(ct)).Select(e => (e.Id, $"{e.FirstName} {e.LastName} — {e.Position}")).ToList();
    }

    private async Task<IReadOnlyList<RosterLine>> LinesAsync(IReadOnlyList<int> units, bool showPhones, CancellationToken ct)
    {
        var rows = await db.EssentialStaff.AsNoTracking().Where(s => units.Contains(s.UnitId))
            .Select(s => new { s.Id, s.UnitId, Unit = s.Unit!.Name, s.Unit.SortOrder, s.EmployeeId, s.Employee!.FirstName, s.Employee.LastName, s.Employee.Position, s.Role, s.Phone, s.Version })
            .ToListAsync(ct);
        // Sorted here, not in SQL: roles are stored as words, and the leads come first on a roster.
        return rows.OrderBy(r => r.SortOrder).ThenBy(r => RoleOrder(r.Role)).ThenBy(r => r.LastName).ThenBy(r => r.FirstName).Select(r => new RosterLine(r.Id, r.UnitId, r.Unit, r.EmployeeId, $"{r.FirstName} {r.LastName}", r.Position, r.Role,
            showPhones ? r.Phone : null, Mask(r.Phone), r.Version)).ToList();
    }

    /// <summary>Leads first, then the roles as listed.</summary>
    public static int RoleOrder(StormRole role) => role == StormRole.Lead ? -1 : (int)role;

    /// <summary>"•••-•••-••67": enough to tell two numbers apart, not enough to call.</summary>
    public static string Mask(string phone)
    {
        var digits = phone.Where(char.IsDigit).ToArray();
        return digits.Length < 2 ? "hidden" : "•••-•••-••" + new string(digits[^2..]);
    }

    /// <summary>Puts a person on a unit's roster, or changes their phone and role when already on it.</summary>
    public async Task<Outcome> SaveAsync(Viewer viewer, int unitId, int employeeId, string? phone, StormRole? role, uint? version = null, CancellationToken ct = default)
    {
        if (!StormAccess.CanKeepRoster(viewer, unitId) || !await db.Units.AnyAsync(u => u.Id == unitId, ct)) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        var clean = TextRules.Required(errors, "Phone", phone, MaxPhone, "Give a phone number the person answers during an event.");
        if (clean is not null && !errors.ContainsKey("Phone"))
        {
            var digits = clean.Count(char.IsDigit);
            if (digits < 10 || digits > 15 || clean.Any(c => !char.IsDigit(c) && " +-().x".IndexOf(c) < 0))
                errors["Phone"] = "Give the number with its area code, e.g. 555-201-4417 (digits, spaces, dashes, brackets).";
        }
        if (role is not { } r || !Enum.IsDefined(r)) errors["Role"] = "Choose the person's role during events.";
        var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (person is null || !person.IsActive) errors["EmployeeId"] = "Choose an active employee from the list.";
        else if (!await People.UnitPeople.In(db, [unitId]).AnyAsync(e => e.Id == employeeId, ct)) errors["EmployeeId"] = "Choose someone who works in this unit.";
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var line = await db.EssentialStaff.SingleOrDefaultAsync(s => s.UnitId == unitId && s.EmployeeId == employeeId, ct);
        if (line is null)
        {
            line = new EssentialStaff { UnitId = unitId, EmployeeId = employeeId, Phone = clean! };
            db.EssentialStaff.Add(line);
        }
        else if (version is { } v && line.Version != v) return Outcome.Stale;
        line.Phone = clean!;
        line.Role = role!.Value;
        line.UpdatedAt = clock.GetUtcNow();
        return await db.SaveOutcomeAsync(() => line.Id, ct, Outcome.Conflict("This person was just put on the roster by someone else; reload to see their line."));
    }

    public async Task<Outcome> RemoveAsync(Viewer viewer, int lineId, CancellationToken ct = default)
    {
        var line = await db.EssentialStaff.SingleOrDefaultAsync(s => s.Id == lineId, ct);
        if (line is null || !StormAccess.CanKeepRoster(viewer, line.UnitId)) return Outcome.NotFound;
        db.EssentialStaff.Remove(line);
        return await db.SaveOutcomeAsync(() => line.UnitId, ct);
    }
}
