using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// What a subscription's recurring job calls. It fixes the period from the LATEST scheduled run at or before now
/// (never from today's date): "Trigger now" on the 1st re-fires the 12 November run, whose period (October) has
/// its run already, and cannot take November's, which belongs to 12 December. Then it hands the period to
/// <see cref="SendSubscriptionJob"/>, which makes at most one run per (subscription, period).
/// </summary>
public class ScheduledSubscriptionJob(AppDbContext db, CityHolidayService holidays, DatabaseJobStorage hangfire, TimeProvider clock, ILogger<ScheduledSubscriptionJob> logger)
{
    /// <summary>What this firing did: the period handed on (null: nothing), and why.</summary>
    public sealed record Outcome(string? PeriodKey, DateTime? OccurrenceLocal, string Message);

    // Cheap and idempotent: a retry only re-enqueues the same period, which the send job answers with the same run.
    [AutomaticRetry(Attempts = 3)]
    public async Task<Outcome> ExecuteAsync(int subscriptionId, CancellationToken ct)
    {
        var s = await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == subscriptionId, ct);
        if (s is not { IsActive: true }) return Done(subscriptionId, null, null, s is null ? "no such subscription" : "paused or deleted");

        var now = clock.GetUtcNow();
        var (schedule, errors) = SubscriptionSchedule.TryCreate(ScheduleSpec.Of(s), await holidays.SetAsync(ct), now);
        if (schedule is null) return Done(subscriptionId, null, null, "no valid schedule: " + string.Join(" ", errors.Values));
        if (schedule.Latest(now) is not { } occurrence) return Done(subscriptionId, null, null, "no scheduled run yet");

        var period = PeriodRules.For(s.PeriodRule, occurrence.LocalDate);
        // The Hangfire cron fires on candidate days too (every weekday for "2nd business day"). On those, the latest
        // real run has normally been made already: nothing to do. If it has not (the servers were down that day), it is made now.
        if (schedule.LatestFiring(now) > occurrence.Utc
            && await db.ReportRuns.AnyAsync(r => r.SubscriptionId == s.Id && r.Trigger == RunTrigger.Scheduled && r.Period == period.Key, ct))
            return Done(subscriptionId, null, occurrence.Local, $"not a run day; the run of {occurrence.Local:yyyy-MM-dd HH:mm} ({period.Key}) exists");

        var key = period.Key;
        hangfire.Client.Enqueue<SendSubscriptionJob>(job => job.ExecuteAsync(subscriptionId, key, CancellationToken.None));
        return Done(subscriptionId, key, occurrence.Local, $"run of {occurrence.Local:yyyy-MM-dd HH:mm} sends {period.Label}");
    }

    private Outcome Done(int id, string? periodKey, DateTime? occurrence, string message)
    {
        logger.LogInformation("Subscription {Id}: {Message}.", id, message);
        return new Outcome(periodKey, occurrence, message);
    }
}
