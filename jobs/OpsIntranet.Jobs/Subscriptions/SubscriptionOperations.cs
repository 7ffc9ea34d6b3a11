using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>One run in a subscription's history, with how its deliveries stand.</summary>
public sealed record SubscriptionRunRow(
    int Id, string Period, RunTrigger Trigger, string? RequestedBy, DateTimeOffset CreatedAt, RunStatus Status, string? Error,
    DateTimeOffset? FinishedAt, int Sent, int Failed, int Pending)
{
    public string PeriodLabel => ReportPeriod.TryParse(Period, out var p) ? p.Label : Period;

    public string TriggerLabel => Trigger switch
    {
        RunTrigger.Scheduled => "Scheduled",
        RunTrigger.Manual => "Send now",
        RunTrigger.Test => "Send to me (test)",
        RunTrigger.Resend => "Resend",
        _ => Trigger.ToString(),
    };
}

/// <summary>What the subscription's page shows: the subscription, its report, schedule, recipients as resolved now, and its runs.</summary>
public sealed record SubscriptionDetails(
    ReportSubscription Subscription, string ReportLabel, string? OwnerName, IReadOnlyList<string> UnitNames, IReadOnlyList<string> LeadershipUnitNames,
    string Schedule, ReportPeriod CurrentPeriod, ResolvedRecipients Recipients, string? MyAddress, IReadOnlyList<SubscriptionRunRow> Runs);

/// <summary>A preview made for the current period, not stored; or why it could not be made.</summary>
public sealed record SubscriptionPreview(string? Html, byte[]? Pdf, string? FileName, string? Problem);

/// <summary>
/// The subscription's own page: what it sends and to whom, "Send now" and "Send to me" (each its own run, never the
/// period's scheduled one), previews of the e-mail and its PDF, and the run history. Everything here is for those who
/// keep the subscription (<see cref="SubscriptionAccess.CanKeep"/>); for anyone else it is not there (null / NotFound).
/// </summary>
public class SubscriptionOperations(
    AppDbContext db, ReportKinds kinds, Viewers viewers, SubscriptionRecipients recipients, SubscriptionMailComposer composer,
    DeliveryLedger ledger, TransactionalJobs jobs, AuditLog audit, TimeProvider clock)
{
    public const string FormKind = "SubscriptionSend";
    public const int HistoryShown = 100;

    /// <summary>The subscription if the viewer keeps it and it is not deleted; null otherwise (the page answers 404).</summary>
    public async Task<ReportSubscription?> FindAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (!SubscriptionAccess.CanKeepSubscriptions(viewer)) return null;
        var subscription = await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, ct);
        return subscription is not null && SubscriptionAccess.CanKeep(viewer, subscription) ? subscription : null;
    }

    /// <summary>The period a run started today would cover: the subscription's rule applied to today in its time zone.</summary>
    public ReportPeriod CurrentPeriod(ReportSubscription subscription) => PeriodRules.For(subscription.PeriodRule, LocalToday(subscription));

    public async Task<SubscriptionDetails?> DetailsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (await FindAsync(viewer, id, ct) is not { } s) return null;
        var owner = s.OwnerUserId is { } ownerId ? await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        var unitIds = s.UnitIds.Concat(s.LeadershipOfUnitIds).Distinct().ToList();
        var names = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var runs = await db.ReportRuns.AsNoTracking().Where(r => r.SubscriptionId == s.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(HistoryShown)
            .Select(r => new SubscriptionRunRow(r.Id, r.Period, r.Trigger,
                db.Users.Where(u => u.Id == r.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                r.CreatedAt, r.Status, r.Error, r.FinishedAt,
                r.Deliveries.Count(d => d.Status == DeliveryStatus.Sent),
                r.Deliveries.Count(d => d.Status == DeliveryStatus.Failed),
                r.Deliveries.Count(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Sending)))
            .ToListAsync(ct);
        return new SubscriptionDetails(s, kinds.Find(s.ReportKind)?.Label ?? s.ReportKind, owner,
            [.. s.UnitIds.Select(u => names.GetValueOrDefault(u, $"unit {u}"))],
            [.. s.LeadershipOfUnitIds.Select(u => names.GetValueOrDefault(u, $"unit {u}"))],
            Schedule(s), CurrentPeriod(s), await recipients.ResolveAsync(s, ct), await AddressOfAsync(viewer, ct), runs);
    }

    /// <summary>
    /// "Send now" (everyone) or "Send to me" (a test to the viewer's own address) for the current period. In one transaction:
    /// the form's one-time token, the run (keyed by that token, so a double click or a resent page makes one run; it shows
    /// in the history at once), the audit row and the run's job — all of them or none. Refused when the subscription
    /// changed since the page was shown (its confirmation named a period and a count) or the period moved on.
    /// </summary>
    public async Task<Outcome> SendAsync(Viewer viewer, int id, uint version, string? periodKey, bool toMe, CancellationToken ct = default)
    {
        if (await FindAsync(viewer, id, ct) is not { } s) return Outcome.NotFound;
        if (s.Version != version) return Outcome.Stale;
        var period = CurrentPeriod(s);
        if (periodKey != period.Key)
            return Outcome.Conflict($"The report to send is now {period.Label}; nothing was sent. Check the confirmation and send again.");
        if (db.SentForm is not { } form)
            return Outcome.Conflict("This form could not be told apart from a repeat of itself; nothing was sent. Reload the page and send again.");
        string? onlyTo = null;
        if (toMe)
        {
            onlyTo = await AddressOfAsync(viewer, ct);
            if (onlyTo is null) return Outcome.Conflict("Your account has no e-mail address to send the test to; nothing was sent.");
        }
        else if ((await recipients.ResolveAsync(s, ct)).To.Count == 0)
            return Outcome.Conflict("This subscription has no one to send to; add addresses, roles or unit leadership first. Nothing was sent.");

        var trigger = toMe ? RunTrigger.Test : RunTrigger.Manual;
        var triggerKey = "form:" + form.Token.ToString("D");
        return await jobs.SaveWithJobsAsync(async () =>
        {
            if (await db.ClaimFormAsync(FormKind, ct, "This form had already been sent; the report goes out once.") is { } repeat) return repeat;
            // The job finds this run by its key and fills it in; made here, it is in the history before the job starts.
            var run = await ledger.EnsureRunAsync(new RunKey(s.ReportKind, s.RunScope, period.Key, trigger, triggerKey),
                period.From, DepartmentCalendar.EndOfMonth(period.To), viewer.UserId, ct);
            await ledger.LinkSubscriptionAsync(run.Id, s.Id, ct);
            audit.Add(viewer, AuditAction.StepTaken, AuditRecords.Subscription, s.Id, null,
                toMe ? $"Test send of {period.Label} to {onlyTo}." : $"Send now of {period.Label} to every recipient.");
            await db.SaveChangesAsync(ct);
            await db.RecordFormAsync(s.Id, ct);
            jobs.Client().Enqueue<SendSubscriptionJob>(job => job.ExecuteAsync(s.Id, period.Key, trigger, triggerKey, viewer.UserId, onlyTo, CancellationToken.None));
            return new Outcome(OutcomeKind.Ok, s.Id, new Dictionary<string, string>(), toMe
                ? $"Sending the {period.Label} report to {onlyTo} as a test. Its run is in the history below."
                : $"Sending the {period.Label} report to every recipient now. Its run is in the history below.");
        }, "The report", ct);
    }

    /// <summary>The e-mail as a recipient (the viewer) would get it for the current period, and its PDF: made now, stored nowhere.</summary>
    public async Task<SubscriptionPreview?> PreviewAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        if (await FindAsync(viewer, id, ct) is not { } s) return null;
        if (kinds.Find(s.ReportKind) is not { } kind) return new(null, null, null, $"The report “{s.ReportKind}” is no longer offered.");
        var period = CurrentPeriod(s);
        // The owner's viewer, as the run uses: the preview is what recipients would get, not what the one previewing may read.
        var owner = s.OwnerUserId is { } ownerId ? await viewers.ForUserAsync(ownerId, ct) : Viewer.System;
        if (await kind.RenderAsync(new ReportRequest(s.UnitIds, period, owner), ct) is not { } report)
            return new(null, null, null, $"The report cannot be made for {owner.Actor.Name}, who keeps this subscription: some of its units are no longer theirs to read.");
        var address = await AddressOfAsync(viewer, ct);
        if (address is null) address = (await recipients.ResolveAsync(s, ct)).Addresses is [var first, ..] ? first : "recipient@cityutility.example";
        var mail = await composer.ComposeAsync(SubscriptionRunSummary.For(s, kind, period, report), address);
        return new(mail.HtmlBody, report.Pdf, report.FileName, null);
    }

    private async Task<string?> AddressOfAsync(Viewer viewer, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct) is { Length: > 0 } email
            ? email.Trim().ToLowerInvariant() : null;

    private DateOnly LocalToday(ReportSubscription s)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out var z) ? z : DepartmentCalendar.TimeZone;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }

    /// <summary>The schedule in words, e.g. "Monthly on day 12 at 08:00 (America/New_York)".</summary>
    public static string Schedule(ReportSubscription s)
    {
        var at = s.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
        var when = s.ScheduleKind switch
        {
            ScheduleKind.MonthlyOnDay => $"Monthly on day {s.Day} at {at}" + (s.Day > 28 ? " (the month's last day when it is shorter)" : ""),
            ScheduleKind.MonthlyOnBusinessDay => $"Monthly on business day {s.Day} at {at}",
            ScheduleKind.Weekly => $"Weekly on {s.Weekday} at {at}",
            _ => $"Cron “{s.Cron}”",
        };
        return $"{when} ({s.TimeZone})";
    }
}
