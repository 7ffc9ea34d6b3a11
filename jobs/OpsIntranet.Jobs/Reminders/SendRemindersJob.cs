using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;

namespace OpsIntranet.Jobs.Reminders;

/// <summary>
/// The daily reminder job (recurring, 07:00 America/New_York): asks <see cref="ReminderPlanner"/> who is owed which
/// reminder today and sends each as a run of the delivery ledger, unique per (kind, "user:{id}", period), with one
/// delivery to the person. Safe to run any number of times a day and on later days: a run that exists with its
/// delivery is left alone (its sending, retries and resends belong to the delivery layer), so nobody is reminded
/// twice for the same period and kind; a run left without a delivery by a crash gets it on the next run.
/// </summary>
public class SendRemindersJob(ReminderPlanner planner, DeliveryLedger ledger, RunDispatcher dispatcher, AppDbContext db, TimeProvider clock,
    ILogger<SendRemindersJob> logger)
{
    /// <summary>Message-IDs read reminder.{run}.{recipient hash}@opsintranet.</summary>
    public const string MessageIdPrefix = "reminder";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What one run of the job did: the day it judged, the reminders owed, those it dispatched now, and those made before.</summary>
    public sealed record Outcome(DateOnly Day, int Owed, IReadOnlyList<int> Dispatched, int MadeBefore);

    // A failure part-way is retried whole: what was dispatched is found in the ledger and skipped.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [300, 1800, 3600])]
    public async Task<Outcome> ExecuteAsync(CancellationToken ct)
    {
        var today = DepartmentCalendar.Today(clock);
        var owed = await planner.OwedAsync(today, ct);
        var dispatched = new List<int>();
        var madeBefore = 0;
        foreach (var reminder in owed)
        {
            var run = await ledger.EnsureRunAsync(new RunKey(reminder.Kind.Key, reminder.Scope, reminder.Period), reminder.PeriodStart, reminder.PeriodEnd, null, ct);
            if (await db.ReportDeliveries.AnyAsync(d => d.ReportRunId == run.Id, ct))
            {
                madeBefore++;
                continue;
            }
            // The words are fixed with the run: only the first writer's summary counts, so a retry says the same.
            await db.ReportRuns.Where(r => r.Id == run.Id && r.Summary == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Summary, JsonSerializer.Serialize(reminder.Facts, Json)), ct);
            run = await db.ReportRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id, ct);
            dispatched.AddRange(await dispatcher.DispatchAsync(run, [reminder.Email], MessageIdPrefix, ct));
            await db.ReportRuns.Where(r => r.Id == run.Id && r.Status == RunStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Dispatched).SetProperty(r => r.FinishedAt, clock.GetUtcNow()), ct);
        }
        logger.LogInformation("Reminders for {Day}: {Owed} owed, {Dispatched} dispatched now, {Before} made before.", today, owed.Count, dispatched.Count, madeBefore);
        return new Outcome(today, owed.Count, dispatched, madeBefore);
    }
}
