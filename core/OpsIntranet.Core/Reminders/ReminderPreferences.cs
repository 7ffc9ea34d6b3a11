using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Reminders;

/// <summary>One kind of reminder as a person sees it on their profile: on or off, and whether they may switch it.</summary>
public sealed record ReminderChoice(ReminderKind Kind, bool On)
{
    public bool CanSwitch => Kind.Optional;
}

/// <summary>
/// A person's own reminder preferences: every kind, optional ones switchable, mandatory ones always on. A person
/// only ever reads and changes their own (the user id comes from the signed-in viewer, never from the form).
/// </summary>
public class ReminderPreferences(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReminderChoice>> ForAsync(int userId, CancellationToken ct = default)
    {
        var off = await db.ReminderOptOuts.AsNoTracking().Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct);
        return ReminderKinds.All.Select(k => new ReminderChoice(k, !k.Optional || !off.Contains(k.Key))).ToList();
    }

    /// <summary>
    /// Switches each optional kind in <paramref name="shown"/> on when it is in <paramref name="on"/> and off otherwise
    /// (a form sends only the ticked boxes, so it also says which kinds it showed). Kinds not shown are left as they
    /// are; unknown and mandatory keys are refused. Returns an error message, or null when saved (in one statement set, one transaction).
    /// </summary>
    public async Task<string?> SaveAsync(int userId, IReadOnlyCollection<string> shown, IReadOnlyCollection<string> on, CancellationToken ct = default)
    {
        if (shown.Count == 0) return "Nothing to save: the form did not list any reminders.";
        var kinds = shown.Distinct().Select(ReminderKinds.Find).ToList();
        if (kinds.Any(k => k is null)) return "The form listed a reminder that does not exist; reload the page and try again.";
        if (kinds.Any(k => !k!.Optional)) return "Mandatory notices cannot be switched off.";
        if (on.Any(k => !shown.Contains(k))) return "The form switched on a reminder it did not show; reload the page and try again.";

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var kind in kinds.Select(k => k!.Key))
        {
            if (on.Contains(kind))
                await db.ReminderOptOuts.Where(o => o.UserId == userId && o.Kind == kind).ExecuteDeleteAsync(ct);
            else
                // A second tab or the e-mail's unsubscribe link may have switched it off already: one row either way.
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO reminder_opt_outs (user_id, kind, created_at) VALUES ({userId}, {kind}, {clock.GetUtcNow()})
                    ON CONFLICT (user_id, kind) DO NOTHING
                    """, ct);
        }
        await transaction.CommitAsync(ct);
        return null;
    }
}
