using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Storm;

/// <summary>
/// What an event's sitrep recurring job calls. It fixes the scheduled time as the LATEST one at or before now (never
/// "now" itself), so two firings for the same time, a "Trigger now" on the dashboard, or a firing late after a restart
/// all hand <see cref="SendSitrepJob"/> the same key, and the ledger makes one run of it. A closed event sends nothing
/// and its recurring job is removed here too, should anything have left it behind.
/// </summary>
public class ScheduledSitrepJob(AppDbContext db, DatabaseJobStorage hangfire, TimeProvider clock, ILogger<ScheduledSitrepJob> logger)
{
    public sealed record Outcome(string? PeriodKey, string Message);

    // Cheap and idempotent: a retry enqueues the same scheduled time, which the send job answers with the same run.
    [AutomaticRetry(Attempts = 3)]
    public async Task<Outcome> ExecuteAsync(int eventId, CancellationToken ct)
    {
        var e = await db.StormEvents.AsNoTracking().Where(x => x.Id == eventId).Select(x => new { x.State }).SingleOrDefaultAsync(ct);
        if (e is null || e.State == StormState.Closed)
        {
            hangfire.RecurringJobs.RemoveIfExists(SitrepRuns.RecurringJobId(eventId));
            return Done(eventId, null, e is null ? "no such event; its sitrep job is removed" : "the event is closed; nothing sent and its sitrep job is removed");
        }
        if (e.State == StormState.Monitoring) return Done(eventId, null, "the event is not activated; nothing sent");
        var schedule = await db.SitrepSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.EventId == eventId, ct);
        if (schedule is null || SitrepTimes.Latest(schedule.Times(), clock.GetUtcNow()) is not { } at)
            return Done(eventId, null, "no scheduled time yet");
        var key = SitrepTimes.Key(at);
        hangfire.Client.Enqueue<SendSitrepJob>(job => job.ExecuteAsync(eventId, key, CancellationToken.None));
        return Done(eventId, key, $"the sitrep of {StormTime.Describe(at)} is on its way");
    }

    private Outcome Done(int eventId, string? key, string message)
    {
        logger.LogInformation("Storm event {Event} sitrep: {Message}.", eventId, message);
        return new Outcome(key, message);
    }
}
