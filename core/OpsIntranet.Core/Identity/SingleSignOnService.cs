using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Identity;

/// <summary>Who the City's provider says signed in, read from its validated id_token.</summary>
public sealed record CityAccount(string Subject, string? Email, bool EmailVerified, string? Name, IReadOnlyList<string> Groups);

/// <summary>The account to sign in, or why not (a sentence for the sign-in page).</summary>
public sealed record CitySignIn(int? UserId, string? Refusal)
{
    public static CitySignIn Refused(string why) => new(null, why);
}

/// <summary>
/// Turns a sign-in with the City account into an intranet account. The first time, the account (or the employee) with the
/// same e-mail address is linked to the provider's subject, but only when the provider says the address is verified; from then
/// on the subject finds the account. At every sign-in the group mapping (settings) is applied: with a GroupRoles mapping the
/// person holds exactly the roles their groups map to (roles given by hand are replaced: the directory decides), with a
/// GroupUnits mapping exactly the units; without a mapping roles or units stay as administrators keep them. Two exceptions keep
/// the intranet administrable: the break-glass administrator keeps the Administrator role, and the last administrator who can
/// sign in is not removed (LastAdministratorRule). Every change is written to the audit trail in the same transaction, by
/// "{name} (City account sign-in)".
/// </summary>
public class SingleSignOnService(AppDbContext db, AuditLog audit, IOptions<SingleSignOnOptions> settings, ILogger<SingleSignOnService> logger)
{
    /// <summary>The login provider name stored with each link (AspNetUserLogins).</summary>
    public const string Provider = "City";

    public async Task<CitySignIn> SignInAsync(CityAccount city, CancellationToken ct = default)
    {
        var options = settings.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Role changes below may take the Administrator role away: the same lock as the administrators' pages.
        await LastAdministratorRule.LockAsync(db, ct);

        var linkedUserId = await db.UserLogins.Where(l => l.LoginProvider == Provider && l.ProviderKey == city.Subject).Select(l => (int?)l.UserId).SingleOrDefaultAsync(ct);
        AppUser? user;
        var changes = new List<string>();
        if (linkedUserId is { } id) user = await db.Users.Include(u => u.Employee).SingleAsync(u => u.Id == id, ct);
        else
        {
            var email = city.Email?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(email))
                return CitySignIn.Refused("Your City account did not give an e-mail address, so it cannot be matched to anyone in the intranet. Ask the City's IT service desk to release the e-mail claim to the intranet.");
            if (!city.EmailVerified)
                return CitySignIn.Refused($"The City's sign-in service does not confirm that {email} is verified, so it cannot be matched to an intranet account. Ask the City's IT service desk to verify the address.");
            var normalized = email.ToUpperInvariant();
            user = await db.Users.Include(u => u.Employee).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            if (user is null)
            {
                var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Email == email, ct);
                if (employee is null)
                    return CitySignIn.Refused($"Nobody in the intranet has the e-mail address {email}. Ask an administrator to add you to the people directory or invite you.");
                if (!employee.IsActive)
                    return CitySignIn.Refused($"{employee.FullName} is recorded as having left the department, so the City account cannot sign in here.");
                if (await db.Users.AnyAsync(u => u.EmployeeId == employee.Id, ct))
                    return CitySignIn.Refused($"{employee.FullName} has an intranet account under another e-mail address. Ask an administrator to correct the address.");
                user = new AppUser
                {
                    UserName = email, NormalizedUserName = normalized, Email = email, NormalizedEmail = normalized, EmailConfirmed = true,
                    DisplayName = employee.FullName, EmployeeId = employee.Id, LockoutEnabled = true,
                    SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                };
                db.Users.Add(user);
                await db.SaveChangesAsync(ct);
                changes.Add($"account created at the first sign-in with the City account, for employee {employee.FullName}");
            }
            else if (await db.UserLogins.AnyAsync(l => l.UserId == user.Id && l.LoginProvider == Provider, ct))
                return CitySignIn.Refused($"The intranet account of {email} is linked to another City account. Ask an administrator.");
            db.UserLogins.Add(new IdentityUserLogin<int> { LoginProvider = Provider, ProviderKey = city.Subject, ProviderDisplayName = "City account", UserId = user.Id });
            user.EmailConfirmed = true;
            changes.Add($"linked to the City account {city.Subject} (verified e-mail {email})");
        }

        if (user.IsDisabled || user.Employee is { IsActive: false })
            return CitySignIn.Refused("Your intranet account is disabled. Ask an administrator if you need it again.");

        await ApplyGroupsAsync(user, city.Groups, options, changes, ct);
        if (changes.Count > 0)
        {
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            var actor = new Viewer(new Actor(user.Id, $"{user.DisplayName} (City account sign-in)"), user.EmployeeId, [], [], [], []);
            audit.Add(actor, AuditAction.Changed, AuditRecords.Account, user.Id, user.EmployeeId, string.Join("; ", changes));
        }
        await db.SaveChangesAsync(ct);
        var roles = await RolesOfAsync(user.Id, ct);
        await tx.CommitAsync(ct);
        if (changes.Count > 0) logger.LogInformation("City account sign-in of user {UserId}: {Changes}", user.Id, string.Join("; ", changes));

        // Committed first: a removed group has taken its role away even when the person is then turned back.
        if (roles.Count == 0)
            return CitySignIn.Refused(options.GroupRoles.Count > 0
                ? "Your City account is in none of the groups that give a role in the intranet. Ask an administrator to add you to the right group."
                : "Your intranet account has no role yet. Ask an administrator to give you one on Administration → Users.");
        return new CitySignIn(user.Id, null);
    }

    private async Task ApplyGroupsAsync(AppUser user, IReadOnlyList<string> groups, SingleSignOnOptions options, List<string> changes, CancellationToken ct)
    {
        var held = await RolesOfAsync(user.Id, ct);
        var roles = held;
        if (options.GroupRoles.Count > 0)
        {
            var wanted = Mapped(options.GroupRoles, groups);
            roles = [.. Roles.All.Where(r => wanted.Contains(r))];
            if (held.Contains(Roles.Administrator) && !roles.Contains(Roles.Administrator))
            {
                if (string.Equals(user.Email, options.BreakGlassAdministrator?.Trim(), StringComparison.OrdinalIgnoreCase))
                    roles.Add(Roles.Administrator);
                else if (await LastAdministratorRule.IsLastAsync(db, user.Id, ct))
                {
                    roles.Add(Roles.Administrator);
                    changes.Add("role Administrator kept although no group gives it: the last administrator who can sign in");
                }
            }
            var roleIds = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
            foreach (var gone in held.Except(roles).ToList())
            {
                await db.UserRoles.Where(ur => ur.UserId == user.Id && ur.RoleId == roleIds[gone]).ExecuteDeleteAsync(ct);
                changes.Add($"role {gone} taken away (no group gives it)");
            }
            foreach (var added in roles.Except(held))
            {
                if (!roleIds.TryGetValue(added, out var roleId))
                {
                    var role = new AppRole(added) { NormalizedName = added.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() };
                    db.Roles.Add(role);
                    await db.SaveChangesAsync(ct);
                    roleId = role.Id;
                }
                db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = roleId });
                changes.Add($"role {added} given (groups {string.Join(", ", GroupsGiving(options.GroupRoles, groups, added))})");
            }
        }

        if (options.GroupUnits.Count == 0) return;
        await db.Entry(user).Collection(u => u.Units).LoadAsync(ct);
        var codes = Mapped(options.GroupUnits, groups);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Code, u.Name, u.IsActive }).ToListAsync(ct);
        foreach (var unknown in codes.Where(c => units.All(u => !string.Equals(u.Code, c, StringComparison.OrdinalIgnoreCase))))
            logger.LogError("SingleSignOn:GroupUnits names the unit code {Code}, which no unit has; the mapping gives nothing.", unknown);
        var heldUnits = user.Units.Select(x => x.UnitId).ToHashSet();
        // As on the administrators' page: units belong to supervisors and managers, and a deactivated unit takes no new people.
        var wantedUnits = roles.Any(r => r is Roles.Supervisor or Roles.Manager)
            ? units.Where(u => codes.Contains(u.Code, StringComparer.OrdinalIgnoreCase) && (u.IsActive || heldUnits.Contains(u.Id))).Select(u => u.Id).ToHashSet()
            : [];
        var names = units.ToDictionary(u => u.Id, u => u.Name);
        foreach (var gone in user.Units.Where(x => !wantedUnits.Contains(x.UnitId)).ToList())
        {
            user.Units.Remove(gone);
            changes.Add($"unit {names[gone.UnitId]} taken away (no group gives it)");
        }
        foreach (var added in wantedUnits.Where(u => !heldUnits.Contains(u)))
        {
            user.Units.Add(new UserUnit { UserId = user.Id, UnitId = added });
            changes.Add($"unit {names[added]} given");
        }
    }

    private static HashSet<string> Mapped(Dictionary<string, string> mapping, IReadOnlyList<string> groups) =>
        mapping.Where(m => groups.Contains(m.Key, StringComparer.OrdinalIgnoreCase)).Select(m => m.Value.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> GroupsGiving(Dictionary<string, string> mapping, IReadOnlyList<string> groups, string value) =>
        mapping.Where(m => string.Equals(m.Value.Trim(), value, StringComparison.OrdinalIgnoreCase) && groups.Contains(m.Key, StringComparer.OrdinalIgnoreCase)).Select(m => m.Key);

    private Task<List<string>> RolesOfAsync(int userId, CancellationToken ct) =>
        db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
}
