using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Storm;

/// <summary>
/// One Hangfire recurring job per storm event ("storm-sitrep-{eventId}"), calling <see cref="ScheduledSitrepJob"/> on the
/// schedule's cron in America/New_York while the event is activated or in recovery; removed when it closes. Written
/// on the request's own connection inside its transaction (<see cref="TransactionalJobs.RecurringJobs"/>), so an event
/// that closes and its job's removal commit together. At start-up <see cref="ReconcileAsync"/> puts every event's job
/// right and removes the jobs of closed or deleted events, and the job itself refuses to send for a closed event.
/// </summary>
public class SitrepScheduling(AppDbContext db, TransactionalJobs jobs, DatabaseJobStorage hangfire, ILogger<SitrepScheduling> logger) : ISitrepScheduling
{
    public const string Prefix = "storm-sitrep-";

    public async Task<string?> SyncAsync(int eventId, CancellationToken ct)
    {
        try
        {
            // Inside the caller's ambient transaction when there is one (a page's move or save); otherwise on Hangfire's own connection.
            await ApplyAsync(System.Transactions.Transaction.Current is null ? hangfire.RecurringJobs : jobs.RecurringJobs(), eventId, ct);
            return null;
        }
        catch (Exception ex) when (ex is BackgroundJobClientException or Npgsql.NpgsqlException or DistributedLockTimeoutException)
        {
            logger.LogError(ex, "The sitrep job of storm event {Event} could not be changed.", eventId);
            return (ex.InnerException ?? ex).Message;
        }
    }

    /// <summary>Every event's sitrep job as its state and schedule say; jobs of events that are gone removed. Returns (kept, removed).</summary>
    public async Task<(int Active, int Removed)> ReconcileAsync(CancellationToken ct = default)
    {
        var manager = hangfire.RecurringJobs;
        var events = await db.StormEvents.AsNoTracking().Select(e => e.Id).ToListAsync(ct);
        var active = 0;
        foreach (var id in events)
            if (await ApplyAsync(manager, id, ct)) active++;
        var removed = 0;
        using (var connection = hangfire.Storage.GetConnection())
        {
            var known = events.Select(SitrepRuns.RecurringJobId).ToHashSet();
            foreach (var orphan in connection.GetRecurringJobs().Select(j => j.Id).Where(j => j.StartsWith(Prefix, StringComparison.Ordinal) && !known.Contains(j)))
            {
                manager.RemoveIfExists(orphan);
                removed++;
            }
        }
        return (active, removed);
    }

    /// <summary>Whether the event should have a sitrep job now: activated or in recovery, with a schedule that has times.</summary>
    public static bool Wanted(StormState state, SitrepSchedule? schedule) =>
        state is StormState.Activated or StormState.Recovery && schedule is not null && schedule.Times().Count > 0;

    private async Task<bool> ApplyAsync(IRecurringJobManager manager, int eventId, CancellationToken ct)
    {
        var jobId = SitrepRuns.RecurringJobId(eventId);
        var state = await db.StormEvents.AsNoTracking().Where(e => e.Id == eventId).Select(e => (StormState?)e.State).SingleOrDefaultAsync(ct);
        var schedule = await db.SitrepSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.EventId == eventId, ct);
        if (state is not { } s || !Wanted(s, schedule))
        {
            manager.RemoveIfExists(jobId);
            return false;
        }
        manager.AddOrUpdate<ScheduledSitrepJob>(jobId, job => job.ExecuteAsync(eventId, CancellationToken.None), SitrepTimes.Cron(schedule!.Times()),
            new RecurringJobOptions { TimeZone = DepartmentCalendar.TimeZone });
        return true;
    }
}
