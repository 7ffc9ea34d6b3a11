using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Jobs.Storm;

/// <summary>
/// A storm in progress for the sitrep tests, on Sunday 15 November 2026 at 12:30 Eastern: "Hurricane Ines" activated on
/// the Contact Center and the Walk-In since Saturday 07:00, with the A/B rotation from then (A 07:00–19:00, B 19:00–07:00),
/// each shift needing 2 Contact Center call takers, 1 Contact Center lead and 1 Walk-In clerk. On Sunday's A shift (now)
/// Lin leads, checked in, and Cal is assigned as a call taker, not checked in. The Contact Center filed its reports of
/// Saturday's A and B shifts on time; the Walk-In filed none.
/// </summary>
public sealed class SitrepWorld
{
    public const string EventName = "Hurricane Ines";
    public required StormWorld World { get; init; }
    public required int EventId { get; init; }
    public required IReadOnlyList<int> Shifts { get; init; }

    public static DateTimeOffset Now => StormWorld.Eastern(2026, 11, 15, 12, 30);

    public static async Task<SitrepWorld> BuildAsync(OpsWebFactory app, MovableClock clock, bool withShifts = true)
    {
        clock.Now = StormWorld.Eastern(2026, 11, 14, 6, 0);
        var data = new TestData(app);
        var w = await StormWorld.BuildAsync(data);
        var id = await data.StormEvent(EventName, w.Manager).For(w.ContactCenter, w.WalkIn).Starting(StormWorld.Eastern(2026, 11, 14, 7)).In(StormState.Activated).BuildAsync();
        var shifts = new List<int>();
        if (withShifts)
        {
            await data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.LayoutAsync(v, id, new DateOnly(2026, 11, 14), new TimeOnly(7, 0), 2,
                [new RequirementInput(w.ContactCenter.Id, StormRole.CallTaker, 2), new RequirementInput(w.ContactCenter.Id, StormRole.Lead, 1), new RequirementInput(w.WalkIn.Id, StormRole.WalkIn, 1)]), "shifts");
            await using (var db = app.CreateDbContext())
                shifts.AddRange(await db.StormShifts.Where(s => s.EventId == id).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync());
            clock.Now = StormWorld.Eastern(2026, 11, 14, 19, 30);
            await data.AsAsync<ShiftReportService>(w.Manager, (s, v) => s.FileAsync(v, shifts[0], w.ContactCenter.Id, null,
                new ShiftReportInput("180", "171", "9", "40", "22", "3", true, null, null)), "Saturday A report");
            clock.Now = StormWorld.Eastern(2026, 11, 15, 7, 45);
            await data.AsAsync<ShiftReportService>(w.Manager, (s, v) => s.FileAsync(v, shifts[1], w.ContactCenter.Id, null,
                new ShiftReportInput("240", "200", "30", "95", "57", "12", false, "Two call takers evacuated from zone B", null)), "Saturday B report");
            var lead = await data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[2], w.Lead.Employee.Id, w.ContactCenter.Id, StormRole.Lead), "lead");
            await data.AsAsync<StormShiftService>(w.Manager, (s, v) => s.AssignAsync(v, shifts[2], w.CallTaker.Employee.Id, w.ContactCenter.Id, StormRole.CallTaker), "call taker");
            uint version;
            await using (var db = app.CreateDbContext())
                version = await db.ShiftAssignments.Where(a => a.Id == lead).Select(a => a.Version).SingleAsync();
            await data.AsAsync<StormShiftService>(w.Lead, (s, v) => s.CheckInAsync(v, lead, version, Availability.Available, null), "check-in");
        }
        clock.Now = Now;
        return new SitrepWorld { World = w, EventId = id, Shifts = shifts };
    }

    public static Task<T> AsAsync<T>(OpsWebFactory app, BuiltUser user, Func<SitrepOperations, OpsIntranet.Core.Access.Viewer, Task<T>> act) =>
        new TestData(app).TryAsAsync(user, act);

    /// <summary>Saves a schedule as its manager would on the page.</summary>
    public async Task<Outcome> SaveAsync(OpsWebFactory app, SitrepInput input, BuiltUser? by = null)
    {
        uint? version;
        await using (var db = app.CreateDbContext())
            version = await db.SitrepSchedules.Where(s => s.EventId == EventId).Select(s => (uint?)s.Version).SingleOrDefaultAsync();
        return await AsAsync(app, by ?? World.Manager, (o, v) => o.SaveAsync(v, EventId, version, input));
    }

    public Task<Outcome> MoveAsync(OpsWebFactory app, StormState to) =>
        new TestData(app).TryAsAsync<StormEventService, Outcome>(World.Manager, async (s, v) => await s.MoveAsync(v, EventId, await new TestData(app).StormVersionAsync(EventId), to));

    public static SitrepInput Times(string times, params string[] addresses) => new()
    {
        Cadence = SitrepCadence.TimesOfDay, Times = times, Addresses = string.Join("\n", addresses), Leadership = true, UnitManagers = true, Subject = "Ines sitrep",
    };
}

/// <summary>The sitrep jobs waiting in Hangfire's queue, worked the way a job server would.</summary>
public static class SitrepQueue
{
    /// <summary>The enqueued <see cref="SendSitrepJob"/>s with their arguments, oldest first.</summary>
    public static List<(string JobId, object[] Args)> Enqueued(string connectionString) =>
        DeliveryQueue.Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && j.Value.Job?.Type == typeof(SendSitrepJob))
            .OrderBy(j => long.Parse(j.Key, System.Globalization.CultureInfo.InvariantCulture))
            .Select(j => (j.Key, j.Value.Job.Args.ToArray()))
            .ToList();

    /// <summary>Performs every enqueued sitrep job once, by its arguments, and takes it off the queue.</summary>
    public static async Task<List<SendSitrepJob.Outcome>> PerformAsync(OpsWebFactory app)
    {
        var outcomes = new List<SendSitrepJob.Outcome>();
        using var connection = DeliveryQueue.Storage(app.ConnectionString).GetConnection();
        foreach (var (jobId, args) in Enqueued(app.ConnectionString))
        {
            using (var taken = connection.CreateWriteTransaction())
            {
                taken.SetJobState(jobId, new Hangfire.States.DeletedState());
                taken.Commit();
            }
            await using (var queue = new Npgsql.NpgsqlConnection(app.ConnectionString))
            {
                await queue.OpenAsync();
                await using var remove = new Npgsql.NpgsqlCommand($"DELETE FROM {OpsIntranet.Jobs.Hangfire.HangfireSetup.Schema}.jobqueue WHERE jobid = @id", queue);
                remove.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                await remove.ExecuteNonQueryAsync();
            }
            await using var scope = app.Services.CreateAsyncScope();
            var job = scope.ServiceProvider.GetRequiredService<SendSitrepJob>();
            outcomes.Add(args.Length == 3
                ? await job.ExecuteAsync((int)args[0], (string)args[1], CancellationToken.None)
                : await job.ExecuteAsync((int)args[0], (string)args[1], (RunTrigger)args[2], (string)args[3], (int?)args[4], CancellationToken.None));
        }
        return outcomes;
    }

    /// <summary>The event's sitrep recurring job as Hangfire stores it, or null.</summary>
    public static Hangfire.Storage.RecurringJobDto? RecurringJob(string connectionString, int eventId) =>
        SubscriptionTestKit.RecurringJobs(connectionString).SingleOrDefault(j => j.Id == SitrepRuns.RecurringJobId(eventId));

    /// <summary>"Send a sitrep now" as the page sends it: with a form token in the request's unit of work.</summary>
    public static async Task<Outcome> SendNowAsync(OpsWebFactory app, BuiltUser user, int eventId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.SentForm = new SentForm(Guid.NewGuid(), user.Id, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        var viewer = await TestData.ViewerAsync(scope.ServiceProvider, user);
        return await scope.ServiceProvider.GetRequiredService<SitrepOperations>().SendNowAsync(viewer, eventId);
    }
}
