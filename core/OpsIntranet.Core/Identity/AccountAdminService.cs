using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Core.Identity;

/// <summary>Where an account stands: invited (no password yet), active, locked out after failed sign-ins, or disabled.</summary>
public enum AccountState
{
    Active = 0,
    Invited = 1,
    Locked = 2,
    Disabled = 3,
}

public sealed record AccountFilter(string? Search = null, string? Role = null, int? UnitId = null, AccountState? State = null);

public sealed record AccountRow(int Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, AccountState State, string? Employee);

public sealed record AccountUnitChoice(int Id, string Name, bool IsActive);

/// <summary>The accounts list as an administrator filters it, with what the filters and the invitation form offer.</summary>
public sealed record AccountList(IReadOnlyList<AccountRow> Rows, IReadOnlyList<AccountUnitChoice> Units);

public sealed record PendingInvitation(DateTimeOffset SentAt, DateTimeOffset ExpiresAt, bool Expired);

/// <summary>One account as its administration page shows it.</summary>
public sealed record AccountPage(int Id, string Name, string Email, uint Version, AccountState State, DateTimeOffset? LockedUntil, bool EmailConfirmed,
    IReadOnlySet<string> Roles, IReadOnlySet<int> UnitIds, int? EmployeeId, string? EmployeeName, bool EmployeeLeft,
    IReadOnlyList<AccountUnitChoice> Units, IReadOnlyList<(int Id, string Label)> Employees, PendingInvitation? Invitation, bool IsSelf);

public sealed record InviteInput(string? Email, string? Name, IReadOnlyList<string> Roles, IReadOnlyList<int> UnitIds);

public sealed record AccessInput(IReadOnlyList<string> Roles, IReadOnlyList<int> UnitIds);

/// <summary>An invitation link as the "Set your password" page finds it: usable (with whose account), or why not.</summary>
public sealed record InvitationCheck(bool Usable, string? Refusal, int? UserId, string? Name, string? Email);

/// <summary>
/// Sign-in accounts, kept by administrators (/admin/users): invite someone (an e-mail with a one-time link to set a
/// password, through the delivery ledger), give and take roles and unit assignments, link an account to the employee
/// with the same e-mail, unlock, disable and enable. Every change writes an audit row in the same transaction. The
/// department always keeps one administrator who can sign in: changes that would leave none are refused, checked under
/// a database lock so two administrators removing each other at once cannot both succeed. Roles and units are read
/// from the database on every request (SessionValidator, <see cref="Viewers"/>), so a change applies on the person's
/// next request on every node; disabling also renews the security stamp, which ends their session there.
/// </summary>
public class AccountAdminService(AppDbContext db, AuditLog audit, TimeProvider clock, IInvitationMail? invitationMail = null)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public const int MaxName = 160;

    // One key for every change that can take away an administrator (roles, disabling): they run one at a time.
    public const string LastAdministrator = "This is the last administrator who can sign in; give someone else the Administrator role first. Nothing was saved.";

    /// <summary>An account without a password is only "Invited" while it has no City login either: people who sign in
    /// with single sign-on never set a password.</summary>
    public static AccountState StateOf(AppUser u, bool cityLogin, DateTimeOffset now) =>
        u.LockoutEnd == DateTimeOffset.MaxValue ? AccountState.Disabled
        : u.PasswordHash == null && !cityLogin ? AccountState.Invited
        : u.LockoutEnd is { } end && end > now ? AccountState.Locked
        : AccountState.Active;

    public static string Words(AccountState state) => state switch
    {
        AccountState.Invited => "Invited",
        AccountState.Locked => "Locked",
        AccountState.Disabled => "Disabled",
        _ => "Active",
    };

    public async Task<AccountList?> ListAsync(Viewer viewer, AccountFilter filter, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return null;
        var now = clock.GetUtcNow();
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = $"%{filter.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            q = q.Where(u => EF.Functions.ILike(u.DisplayName, term) || EF.Functions.ILike(u.Email!, term));
        }
        if (filter.Role is { Length: > 0 } role)
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        if (filter.UnitId is { } unit) q = q.Where(u => u.Units.Any(x => x.UnitId == unit));
        q = filter.State switch
        {
            AccountState.Disabled => q.Where(u => u.LockoutEnd == DateTimeOffset.MaxValue),
            AccountState.Invited => q.Where(u => u.LockoutEnd != DateTimeOffset.MaxValue && u.PasswordHash == null && !db.UserLogins.Any(l => l.UserId == u.Id)),
            AccountState.Locked => q.Where(u => u.LockoutEnd != DateTimeOffset.MaxValue && (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id)) && u.LockoutEnd > now),
            AccountState.Active => q.Where(u => (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id)) && (u.LockoutEnd == null || u.LockoutEnd <= now)),
            _ => q,
        };
        var users = await q.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new
            {
                User = u,
                CityLogin = db.UserLogins.Any(l => l.UserId == u.Id),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                Units = u.Units.OrderBy(x => x.Unit!.SortOrder).Select(x => x.Unit!.Name).ToList(),
                Employee = u.Employee == null ? null : u.Employee.FirstName + " " + u.Employee.LastName,
            }).ToListAsync(ct);
        var rows = users.Select(x => new AccountRow(x.User.Id, x.User.DisplayName, x.User.Email ?? "", [.. Order(x.Roles)], x.Units, StateOf(x.User, x.CityLogin, now), x.Employee)).ToList();
        return new AccountList(rows, await UnitChoicesAsync(ct));
    }

    /// <summary>Roles in the product's order (Supervisor, Manager, Leadership, Administrator).</summary>
    public static IEnumerable<string> Order(IEnumerable<string> roles) => roles.OrderBy(r => Identity.Roles.All.ToList().IndexOf(r));

    private async Task<List<AccountUnitChoice>> UnitChoicesAsync(CancellationToken ct) =>
        await db.Units.AsNoTracking().OrderBy(u => !u.IsActive).ThenBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new AccountUnitChoice(u.Id, u.Name, u.IsActive)).ToListAsync(ct);

    public async Task<AccountPage?> PageAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return null;
        var user = await db.Users.AsNoTracking().Include(u => u.Units).Include(u => u.Employee).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var now = clock.GetUtcNow();
        var roles = await RolesOfAsync(id, ct);
        // The employees this account may be linked to: those without an account of their own, and its current one.
        var employees = await db.Employees.AsNoTracking()
            .Where(e => e.Id == user.EmployeeId || e.IsActive && !db.Users.Any(u => u.EmployeeId == e.Id))
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.Email }).ToListAsync(ct);
        var invitation = await db.AccountInvitations.AsNoTracking()
            .Where(i => i.UserId == id && i.AcceptedAt == null && i.RevokedAt == null).OrderByDescending(i => i.Id).FirstOrDefaultAsync(ct);
        return new AccountPage(user.Id, user.DisplayName, user.Email ?? "", user.Version, StateOf(user, await HasCityLoginAsync(user.Id, ct), now),
            user.LockoutEnd is { } end && end > now && end != DateTimeOffset.MaxValue ? end : null, user.EmailConfirmed,
            roles.ToHashSet(), user.Units.Select(x => x.UnitId).ToHashSet(), user.EmployeeId, user.Employee?.FullName, user.Employee is { IsActive: false },
            await UnitChoicesAsync(ct), [.. employees.Select(e => (e.Id, $"{e.FirstName} {e.LastName} ({e.Email})"))],
            invitation is null || user.PasswordHash != null ? null : new PendingInvitation(invitation.CreatedAt, invitation.ExpiresAt, invitation.ExpiresAt <= now),
            viewer.UserId == id);
    }

    private Task<List<string>> RolesOfAsync(int userId, CancellationToken ct) =>
        db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);

    // ---- Inviting ----

    /// <summary>
    /// Makes an account without a password and sends its invitation. When an employee has the e-mail address, the
    /// account is theirs (linked, named as the directory names them). Refused without the invitation e-mail machinery.
    /// </summary>
    public async Task<Outcome> InviteAsync(Viewer viewer, InviteInput input, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var mail = invitationMail ?? throw new InvalidOperationException("Inviting needs the invitation e-mail (the job services).");
        // One transaction with Hangfire's rows (the invitation's mail job), so the form's token is claimed in it, first:
        // a double-clicked "Invite" sends the form twice, and the second post (waiting for the first if they overlap)
        // is answered with the account the first made, as a success, instead of "an account exists already".
        return await db.InAmbientTransactionAsync(async () =>
            await db.ClaimFormAsync(FormKinds.Invitation, ct) is { } repeat
                ? repeat.Succeeded ? Outcome.Ok(repeat.Id!.Value) : repeat
                : await CreateInvitedAccountAsync(viewer, mail, input, ct), o => o.Succeeded, ct);
    }

    private async Task<Outcome> CreateInvitedAccountAsync(Viewer viewer, IInvitationMail mail, InviteInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var email = TextRules.Required(errors, "Email", input.Email, 254, "Give the person's work e-mail address.")?.ToLowerInvariant();
        People.Employee? employee = null;
        if (email is not null && !errors.ContainsKey("Email"))
        {
            if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email) errors["Email"] = "Enter an e-mail address such as first.last@cityutility.example.";
            else if (email.ToUpperInvariant() is var normalized && await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct)) errors["Email"] = "An account with this e-mail address exists already; open it from the list.";
            else
            {
                employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Email == email, ct);
                if (employee is { IsActive: false }) errors["Email"] = $"{employee.FullName} has left the department; record their return on their personnel record first.";
                else if (employee is not null && await db.Users.AnyAsync(u => u.EmployeeId == employee.Id, ct)) errors["Email"] = $"{employee.FullName} has an account already.";
            }
        }
        var name = employee?.FullName ?? TextRules.Required(errors, "Name", input.Name, MaxName, "Give the person's name (or invite an address that is in the people directory).");
        await CheckAccessAsync(errors, input.Roles, input.UnitIds, [], ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var now = clock.GetUtcNow();
        var user = new AppUser
        {
            UserName = email, NormalizedUserName = email!.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = name!, EmployeeId = employee?.Id, LockoutEnabled = true, EmailConfirmed = false,
            SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        foreach (var unit in input.UnitIds.Distinct()) user.Units.Add(new UserUnit { UnitId = unit });
        db.Users.Add(user);
        var outcome = await db.SaveOutcomeAsync(() => user.Id, ct,
            Outcome.Invalid(new Dictionary<string, string> { ["Email"] = "An account with this e-mail address exists already; open it from the list." }));
        if (!outcome.Succeeded) return outcome;
        var roleIds = await RoleIdsAsync(input.Roles, ct);
        foreach (var roleId in roleIds) db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<int> { UserId = user.Id, RoleId = roleId });
        var invitation = NewInvitation(user.Id, viewer.UserId, now);
        db.AccountInvitations.Add(invitation);
        audit.Add(viewer, AuditAction.Created, AuditRecords.Account, user.Id, employee?.Id,
            $"invited {email}; roles: {string.Join(", ", Order(input.Roles.Distinct()))}; units: {await UnitNamesAsync(input.UnitIds, ct)}"
            + (employee is null ? "" : $"; linked to employee {employee.FullName}"));
        await db.SaveChangesAsync(ct);
        await mail.QueueAsync(invitation, email, name!, viewer.UserId, ct);
        await db.RecordFormAsync(user.Id, ct);
        return Outcome.Ok(user.Id);
    }

    /// <summary>A new invitation to an account that has no password yet; older links stop working.</summary>
    public async Task<Outcome> ResendInvitationAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var mail = invitationMail ?? throw new InvalidOperationException("Inviting needs the invitation e-mail (the job services).");
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound;
        if (user.PasswordHash is not null) return Outcome.Conflict($"{user.DisplayName} has set a password already; there is nothing to invite them to.");
        if (user.IsDisabled) return Outcome.Conflict($"{user.DisplayName}'s account is disabled; enable it before inviting them again.");
        var now = clock.GetUtcNow();
        return await db.InAmbientTransactionAsync(async () =>
        {
            await db.AccountInvitations.Where(i => i.UserId == id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), ct);
            var invitation = NewInvitation(id, viewer.UserId, now);
            db.AccountInvitations.Add(invitation);
            audit.Add(viewer, AuditAction.Changed, AuditRecords.Account, id, user.EmployeeId, $"invitation sent again to {user.Email}; earlier links revoked");
            await db.SaveChangesAsync(ct);
            await mail.QueueAsync(invitation, user.Email!, user.DisplayName, viewer.UserId, ct);
            return Outcome.Ok(id);
        }, o => o.Succeeded, ct);
    }

    private static AccountInvitation NewInvitation(int userId, int invitedBy, DateTimeOffset now) => new()
    {
        UserId = userId, InvitedByUserId = invitedBy, CreatedAt = now, ExpiresAt = now + InvitationLifetime,
        Nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
    };

    /// <summary>Whether an invitation link may set a password now, and for whom; the refusal in words otherwise.</summary>
    public async Task<InvitationCheck> CheckInvitationAsync(int invitationId, string nonce, CancellationToken ct = default)
    {
        var invitation = await db.AccountInvitations.AsNoTracking().Include(i => i.User).SingleOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || invitation.User is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(invitation.Nonce), System.Text.Encoding.UTF8.GetBytes(nonce)))
            return new(false, "This link is not valid. Ask an administrator for a new invitation.", null, null, null);
        var user = invitation.User;
        string? refusal =
            invitation.AcceptedAt is not null ? "This link has been used already: your password is set. Sign in with it, or ask an administrator to unlock your account."
            : invitation.RevokedAt is not null ? "This link has been replaced by a newer invitation or withdrawn. Use the link in the latest invitation e-mail."
            : user.IsDisabled ? "This account is disabled. Ask an administrator."
            : invitation.ExpiresAt <= clock.GetUtcNow() ? $"This link expired on {Calendar.DepartmentCalendar.ToLocal(invitation.ExpiresAt):MMMM d, yyyy} at {Calendar.DepartmentCalendar.ToLocal(invitation.ExpiresAt):h:mm tt} Eastern. Ask an administrator to send a new invitation."
            : user.PasswordHash is not null ? "This account has a password already. Sign in with it."
            : null;
        return new(refusal is null, refusal, user.Id, user.DisplayName, user.Email);
    }

    /// <summary>
    /// Marks the invitation used, in the caller's transaction, where the password is set: only one request can,
    /// so a link sent twice at once sets one password. False when it was used, revoked or expired meanwhile.
    /// </summary>
    public async Task<bool> ClaimInvitationAsync(int invitationId, string nonce, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.AccountInvitations
            .Where(i => i.Id == invitationId && i.Nonce == nonce && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
        if (claimed == 1)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == db.AccountInvitations.Where(i => i.Id == invitationId).Select(i => i.UserId).Single())
                .Select(u => new { u.Id, u.DisplayName, u.EmployeeId }).SingleAsync(ct);
            audit.Add(new Viewer(new Actor(user.Id, user.DisplayName), user.EmployeeId, [], [], [], []), AuditAction.Changed, AuditRecords.Account, user.Id, user.EmployeeId,
                "password set with the invitation link; e-mail address confirmed");
        }
        return claimed == 1;
    }

    // ---- Roles and units ----

    public async Task<Outcome> SaveAccessAsync(Viewer viewer, int id, uint version, AccessInput input, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var user = await db.Users.Include(u => u.Units).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound;
        if (user.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        await CheckAccessAsync(errors, input.Roles, input.UnitIds, user.Units.Select(x => x.UnitId).ToHashSet(), ct);
        if (errors.Count > 0) return Outcome.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LastAdministratorRule.LockAsync(db, ct);
        var before = await RolesOfAsync(id, ct);
        var after = input.Roles.Distinct().ToList();
        if (before.Contains(Roles.Administrator) && !after.Contains(Roles.Administrator) && !user.IsDisabled && (user.PasswordHash is not null || await HasCityLoginAsync(id, ct))
            && !await OtherAdministratorExistsAsync(id, ct))
            return Outcome.Invalid(new Dictionary<string, string> { ["Roles"] = LastAdministrator });

        var changes = new List<string>();
        var roleIds = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        foreach (var gone in before.Except(after))
        {
            await db.UserRoles.Where(ur => ur.UserId == id && ur.RoleId == roleIds[gone]).ExecuteDeleteAsync(ct);
            changes.Add($"role {gone} taken away");
        }
        foreach (var added in after.Except(before))
        {
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<int> { UserId = id, RoleId = await RoleIdAsync(added, roleIds, ct) });
            changes.Add($"role {added} given");
        }
        var units = input.UnitIds.Distinct().ToHashSet();
        var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        foreach (var gone in user.Units.Where(x => !units.Contains(x.UnitId)).ToList())
        {
            user.Units.Remove(gone);
            changes.Add($"unit {names[gone.UnitId]} taken away");
        }
        foreach (var added in units.Where(u => user.Units.All(x => x.UnitId != u)))
        {
            user.Units.Add(new UserUnit { UserId = id, UnitId = added });
            changes.Add($"unit {names[added]} given");
        }
        if (changes.Count == 0) return Outcome.Ok(id);
        // The account row changes too, so its version moves and a second administrator's form on the old one is refused.
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Account, id, user.EmployeeId, string.Join("; ", changes));
        var saved = await db.SaveOutcomeAsync(() => id, ct);
        if (saved.Succeeded) await tx.CommitAsync(ct);
        return saved;
    }

    /// <summary>Checks roles and units: at least one known role; units that exist, active unless already held, and only for supervisors and managers.</summary>
    private async Task CheckAccessAsync(Dictionary<string, string> errors, IReadOnlyList<string> roles, IReadOnlyList<int> unitIds, HashSet<int> held, CancellationToken ct)
    {
        if (roles.Count == 0) errors["Roles"] = "Give at least one role. To stop someone signing in, disable the account instead.";
        else if (roles.FirstOrDefault(r => !Identity.Roles.All.Contains(r)) is { } unknown) errors["Roles"] = $"\"{unknown}\" is not a role; choose from the list.";
        if (unitIds.Count == 0) return;
        var ids = unitIds.Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Name, u.IsActive }).ToListAsync(ct);
        if (units.Count != ids.Count) errors["UnitIds"] = "Choose units from the list.";
        else if (units.FirstOrDefault(u => !u.IsActive && !held.Contains(u.Id)) is { } inactive) errors["UnitIds"] = $"{inactive.Name} is deactivated; it takes no new assignments.";
        else if (!roles.Any(r => r is Identity.Roles.Supervisor or Identity.Roles.Manager))
            errors["UnitIds"] = "Units are for supervisors and managers (leadership and administrators see every unit); give one of those roles or clear the units.";
    }

    private async Task<List<int>> RoleIdsAsync(IEnumerable<string> roles, CancellationToken ct)
    {
        var ids = new List<int>();
        var known = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        foreach (var role in roles.Distinct()) ids.Add(await RoleIdAsync(role, known, ct));
        return ids;
    }

    /// <summary>The role's id, creating the role on first use (an empty database has none until someone holds one).</summary>
    private async Task<int> RoleIdAsync(string role, Dictionary<string, int> known, CancellationToken ct)
    {
        if (known.TryGetValue(role, out var id)) return id;
        var created = new AppRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() };
        db.Roles.Add(created);
        await db.SaveChangesAsync(ct);
        known[role] = created.Id;
        return created.Id;
    }

    private async Task<string> UnitNamesAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return "none";
        return string.Join(", ", await db.Units.AsNoTracking().Where(u => list.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync(ct));
    }

    /// <summary>An administrator other than this account who can sign in: enabled, with a password.</summary>
    private Task<bool> HasCityLoginAsync(int userId, CancellationToken ct) => db.UserLogins.AnyAsync(l => l.UserId == userId, ct);

    private Task<bool> OtherAdministratorExistsAsync(int exceptUserId, CancellationToken ct) => LastAdministratorRule.OtherExistsAsync(db, exceptUserId, ct);

    // ---- Employee link ----

    /// <summary>Links the account to the employee with the same e-mail address, or unlinks it (null).</summary>
    public async Task<Outcome> LinkEmployeeAsync(Viewer viewer, int id, uint version, int? employeeId, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var user = await db.Users.Include(u => u.Employee).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound;
        if (user.Version != version) return Outcome.Stale;
        if (user.EmployeeId == employeeId) return Outcome.Ok(id);
        var before = user.EmployeeId;
        string detail;
        if (employeeId is { } eid)
        {
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eid, ct);
            string? problem = employee is null ? "Choose an employee from the list."
                : !employee.IsActive ? $"{employee.FullName} has left the department."
                : await db.Users.AnyAsync(u => u.EmployeeId == eid && u.Id != id, ct) ? $"{employee.FullName} has another account already."
                : !string.Equals(employee.Email, user.Email, StringComparison.OrdinalIgnoreCase)
                    ? $"{employee.FullName}'s e-mail address is {employee.Email}, and this account signs in as {user.Email}. An account is linked to the employee with the same address: correct one of them first."
                : null;
            if (problem is not null) return Outcome.Invalid(new Dictionary<string, string> { ["EmployeeId"] = problem });
            detail = (user.Employee is null ? "" : $"unlinked from employee {user.Employee.FullName}; ") + $"linked to employee {employee!.FullName}";
            user.EmployeeId = eid;
            user.DisplayName = employee.FullName;
        }
        else
        {
            detail = $"unlinked from employee {user.Employee!.FullName}";
            user.EmployeeId = null;
        }
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Account, id, employeeId ?? before, detail);
        return await db.InTransactionAsync(() => db.SaveOutcomeAsync(() => id, ct,
            Outcome.Invalid(new Dictionary<string, string> { ["EmployeeId"] = "That employee has another account already." })), ct);
    }

    // ---- Unlock, disable, enable ----

    public async Task<Outcome> UnlockAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound;
        if (StateOf(user, await HasCityLoginAsync(user.Id, ct), clock.GetUtcNow()) != AccountState.Locked) return Outcome.Conflict($"{user.DisplayName}'s account is not locked; nothing to unlock.");
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Account, id, user.EmployeeId, "unlocked");
        return await db.InTransactionAsync(() => db.SaveOutcomeAsync(() => id, ct), ct);
    }

    /// <summary>
    /// Disables an account (the person is signed out on their next request and cannot sign in; open invitations are
    /// withdrawn) or enables it again. The last administrator who can sign in cannot be disabled, by themselves or anyone.
    /// </summary>
    public async Task<Outcome> SetDisabledAsync(Viewer viewer, int id, uint version, bool disabled, CancellationToken ct = default)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var user = await db.Users.Include(u => u.Employee).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Outcome.NotFound;
        if (user.Version != version) return Outcome.Stale;
        if (user.IsDisabled == disabled) return Outcome.Conflict(disabled ? $"{user.DisplayName}'s account is disabled already." : $"{user.DisplayName}'s account is enabled already.");
        if (!disabled && user.Employee is { IsActive: false } left)
            return Outcome.Conflict($"{left.FullName} is recorded as having left the department; record their return on their personnel record, which enables the account.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LastAdministratorRule.LockAsync(db, ct);
        if (disabled && (await RolesOfAsync(id, ct)).Contains(Roles.Administrator) && (user.PasswordHash is not null || await HasCityLoginAsync(id, ct)) && !await OtherAdministratorExistsAsync(id, ct))
            return Outcome.Conflict(viewer.UserId == id ? "You are the last administrator who can sign in; disabling yourself would leave nobody to run the intranet. Nothing was saved." : LastAdministrator);
        var now = clock.GetUtcNow();
        if (disabled)
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            // A new stamp ends every open session of the account on its next request, on every node (SessionValidator).
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.AccountInvitations.Where(i => i.UserId == id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), ct);
        }
        else
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Account, id, user.EmployeeId, disabled ? "disabled; signed out; open invitations withdrawn" : "enabled");
        var saved = await db.SaveOutcomeAsync(() => id, ct);
        if (saved.Succeeded) await tx.CommitAsync(ct);
        return saved;
    }
}
