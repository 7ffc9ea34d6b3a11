using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Identity;

/// <summary>
/// The intranet always keeps one administrator who can sign in. Every path that takes the role away or ends someone's
/// sign-in (the account pages, recording on the personnel record that someone left) asks here, under one lock, so two
/// administrators removing each other at the same moment cannot both succeed. "Can sign in" means a password or a City
/// (single sign-on) login, and not disabled.
/// </summary>
public static class LastAdministratorRule
{
    private const long AdministratorsLock = 0x0A5D_1A11;

    /// <summary>Serialises the check with the change; call inside the transaction that makes the change.</summary>
    public static Task LockAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdministratorsLock})", ct);

    public static Task<bool> OtherExistsAsync(AppDbContext db, int exceptUserId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id != exceptUserId && (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id)) && u.LockoutEnd != DateTimeOffset.MaxValue
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator)), ct);

    /// <summary>Whether <paramref name="userId"/> is an administrator who can sign in and nobody else is.</summary>
    public static async Task<bool> IsLastAsync(AppDbContext db, int userId, CancellationToken ct) =>
        await db.Users.AnyAsync(u => u.Id == userId && (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id)) && u.LockoutEnd != DateTimeOffset.MaxValue
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator)), ct)
        && !await OtherExistsAsync(db, userId, ct);
}
