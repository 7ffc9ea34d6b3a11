using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// One Hangfire recurring job per active subscription (<see cref="ReportSubscription.RecurringJobId"/>), on the
/// schedule's <see cref="SubscriptionSchedule.HangfireCron"/> in the subscription's own time zone, calling
/// <see cref="ScheduledSubscriptionJob"/>. Kept in step right after each saved change, and reconciled with the
/// table at start-up (missing jobs added, orphans removed), so a change whose process stopped before the sync is
/// repaired by the next start.
/// </summary>
public class SubscriptionRecurringJobs(AppDbContext db, DatabaseJobStorage hangfire, TimeProvider clock, ILogger<SubscriptionRecurringJobs> logger)
{
    private IRecurringJobManager? _manager;
    private IRecurringJobManager Manager => _manager ??= hangfire.RecurringJobs;

    public const string Prefix = "report-subscription-";

    /// <summary>Adds, updates or removes the recurring job of one subscription to match its row.</summary>
    public async Task SyncAsync(int subscriptionId, CancellationToken ct = default)
    {
        var s = await db.ReportSubscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == subscriptionId, ct);
        Apply(subscriptionId, s);
    }

    /// <summary>Every subscription's recurring job as its row says; recurring jobs of subscriptions that are gone, paused or deleted removed. Returns (kept, removed).</summary>
    public async Task<(int Active, int Removed)> ReconcileAsync(CancellationToken ct = default)
    {
        var all = await db.ReportSubscriptions.AsNoTracking().ToListAsync(ct);
        foreach (var s in all) Apply(s.Id, s);
        var wanted = all.Where(s => s.IsActive).Select(s => s.RecurringJobId).ToHashSet();
        var removed = 0;
        using (var connection = hangfire.Storage.GetConnection())
        {
            foreach (var orphan in connection.GetRecurringJobs().Select(j => j.Id).Where(j => j.StartsWith(Prefix, StringComparison.Ordinal) && !wanted.Contains(j)))
            {
                Manager.RemoveIfExists(orphan);
                removed++;
            }
        }
        return (wanted.Count, removed);
    }

    private void Apply(int subscriptionId, ReportSubscription? s)
    {
        var jobId = ReportSubscription.RecurringJobIdOf(subscriptionId);
        if (s is not { IsActive: true })
        {
            Manager.RemoveIfExists(jobId);
            return;
        }
        // The Hangfire cron does not depend on holidays (business-day schedules fire every weekday and the entry job picks the day).
        var (schedule, errors) = SubscriptionSchedule.TryCreate(ScheduleSpec.Of(s), new HashSet<DateOnly>(), clock.GetUtcNow());
        if (schedule is null)
        {
            // Saved rows are validated; a row edited by hand into nonsense must not stop the others.
            logger.LogError("Subscription {Id} has no valid schedule ({Errors}); its recurring job is removed.", s.Id, string.Join(" ", errors.Values));
            Manager.RemoveIfExists(jobId);
            return;
        }
        Manager.AddOrUpdate<ScheduledSubscriptionJob>(jobId, job => job.ExecuteAsync(subscriptionId, CancellationToken.None), schedule.HangfireCron,
            new RecurringJobOptions { TimeZone = schedule.Zone });
    }
}
