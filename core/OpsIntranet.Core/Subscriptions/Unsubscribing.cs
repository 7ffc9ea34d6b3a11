using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reminders;

namespace OpsIntranet.Core.Subscriptions;

/// <summary>What an unsubscribe link will stop (or has stopped), in words for the page.</summary>
/// <param name="Valid">False when the token is not one of ours or names something that is gone.</param>
/// <param name="CanStop">False for a mandatory notice, which cannot be switched off.</param>
public sealed record UnsubscribeView(bool Valid, bool CanStop, bool AlreadyStopped, string Address, string What, string Message);

/// <summary>
/// The unsubscribe link of an e-mail (the page and the one-click POST of RFC 8058). The signed token is the only
/// credential: nobody signs in, and all a token can do is stop mail to the address or person it names. Leaving a
/// subscription adds the address to its unsubscribed list; stopping reminders records an opt-out of an optional
/// kind. Both are idempotent and audited.
/// </summary>
public class Unsubscribing(AppDbContext db, UnsubscribeTokens tokens, TimeProvider clock)
{
    public const string InvalidLink = "This unsubscribe link is not valid: it may have been cut short or altered. Copy the whole link from the e-mail, or ask the intranet administrator to take you off the list.";

    public async Task<UnsubscribeView> DescribeAsync(string? token, CancellationToken ct = default)
    {
        switch (tokens.Read(token))
        {
            case LeaveSubscription leave:
                var subscription = await db.ReportSubscriptions.AsNoTracking().Where(s => s.Id == leave.SubscriptionId && s.DeletedAt == null)
                    .Select(s => new { s.Name, s.Unsubscribed }).SingleOrDefaultAsync(ct);
                if (subscription is null)
                    return new(false, false, false, leave.Address, "", "The report this link was for no longer exists, so nothing more will be sent from it.");
                var stopped = subscription.Unsubscribed.Contains(leave.Address);
                return new(true, true, stopped, leave.Address, $"the e-mailed report “{subscription.Name}”",
                    stopped ? $"{leave.Address} no longer receives “{subscription.Name}”." : "");
            case StopReminders stop:
                var email = await db.Users.AsNoTracking().Where(u => u.Id == stop.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
                if (email is null || ReminderKinds.Find(stop.Kind) is not { } kind)
                    return new(false, false, false, email ?? "", "", InvalidLink);
                if (!kind.Optional)
                    return new(true, false, false, email, $"“{kind.Label}” notices",
                        $"“{kind.Label}” is a notice that something needs you, so it cannot be switched off.");
                var optedOut = await db.ReminderOptOuts.AnyAsync(o => o.UserId == stop.UserId && o.Kind == kind.Key, ct);
                return new(true, true, optedOut, email, $"“{kind.Label}” reminders",
                    optedOut ? $"“{kind.Label}” reminders are switched off for {email}. You can switch them on again on your profile." : "");
            default:
                return new(false, false, false, "", "", InvalidLink);
        }
    }

    /// <summary>Stops what the token names (once: a second click changes nothing) and says so; an invalid or mandatory one changes nothing.</summary>
    public async Task<UnsubscribeView> ApplyAsync(string? token, string how, CancellationToken ct = default)
    {
        var view = await DescribeAsync(token, ct);
        if (!view.Valid || !view.CanStop || view.AlreadyStopped) return view;
        var now = clock.GetUtcNow();
        switch (tokens.Read(token))
        {
            case LeaveSubscription leave:
                // One statement: two clicks at once add the address once.
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    UPDATE report_subscriptions SET unsubscribed = array_append(unsubscribed, {leave.Address})
                    WHERE id = {leave.SubscriptionId} AND NOT ({leave.Address} = ANY (unsubscribed))
                    """, ct);
                Audit(leave.SubscriptionId, AuditRecords.Subscription, $"{leave.Address} left the e-mailed report ({how}).", now);
                break;
            case StopReminders stop:
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO reminder_opt_outs (user_id, kind, created_at) VALUES ({stop.UserId}, {stop.Kind}, {now})
                    ON CONFLICT (user_id, kind) DO NOTHING
                    """, ct);
                Audit(stop.UserId, AuditRecords.ReminderOptOut, $"{view.Address} switched off {stop.Kind} reminders ({how}).", now);
                break;
        }
        await db.SaveChangesAsync(ct);
        return await DescribeAsync(token, ct);
    }

    // Nobody is signed in: the address the link was sent to is who acted.
    private void Audit(int recordId, string recordType, string detail, DateTimeOffset now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = null, UserName = "Unsubscribe link", Action = AuditAction.Changed,
            RecordType = recordType, RecordId = recordId, Detail = detail,
        });
}
