using Hangfire.PostgreSql.Factories;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>A report kind whose printer breaks: rendering throws, as a Chromium crash or a template error would.</summary>
public sealed class BrokenReportKind : IReportKind
{
    public const string KindKey = "test-broken-report";
    public const string Failure = "The printer stopped answering.";
    public string Key => KindKey;
    public string Label => "Broken report (tests)";
    public string Description => "Always fails to render.";
    public UnitChoice Units => UnitChoice.Units;
    public IReadOnlyList<PeriodRule> PeriodRules { get; } = [PeriodRule.PreviousMonth];
    public Task<KindReport?> RenderAsync(ReportRequest request, CancellationToken ct) => throw new InvalidOperationException(Failure);
}

/// <summary>The app with a real SMTP server to send to, and the broken report kind registered beside the real ones.</summary>
public sealed class SubscriptionApp(string connectionString, int smtpPort, TimeProvider? clock = null)
    : OpsWebFactory(connectionString, settings: new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
    }, clock: clock)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddReportKind<BrokenReportKind>());
    }
}

/// <summary>Subscriptions stored as the subscription pages store them, and their jobs worked the way a job server would.</summary>
public static class SubscriptionTestKit
{
    public static async Task<ReportSubscription> AddSubscriptionAsync(OpsWebFactory app, string kind, Action<ReportSubscription> set)
    {
        await using var db = app.CreateDbContext();
        var subscription = new ReportSubscription
        {
            Name = "Monthly scorecard to leadership", ReportKind = kind, Subject = "October figures are in",
            Message = "The monthly figures, as approved.", ScheduleKind = ScheduleKind.MonthlyOnDay, Day = 12,
            CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        set(subscription);
        db.ReportSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription;
    }

    /// <summary>Runs the job directly, as Hangfire would (in a scope of its own).</summary>
    public static async Task<SendSubscriptionJob.Outcome> RunAsync(OpsWebFactory app, int subscriptionId, string period,
        RunTrigger trigger = RunTrigger.Scheduled, string triggerKey = "", int? requestedBy = null, string? onlyTo = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<SendSubscriptionJob>();
        return trigger == RunTrigger.Scheduled && onlyTo is null
            ? await job.ExecuteAsync(subscriptionId, period, CancellationToken.None)
            : await job.ExecuteAsync(subscriptionId, period, trigger, triggerKey, requestedBy, onlyTo, CancellationToken.None);
    }

    /// <summary>Works every delivery job waiting, then fails the test if one failed.</summary>
    public static async Task DeliverAsync(OpsWebFactory app)
    {
        var performed = await DeliveryQueue.PerformAsync(app.Services, app.ConnectionString);
        var failed = performed.Where(p => p.Error is not null).Select(p => p.Error!.Message).ToList();
        Assert.True(failed.Count == 0, "Deliveries failed: " + string.Join("; ", failed));
    }

    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The enqueued <see cref="SendSubscriptionJob"/>s with their arguments, oldest first.</summary>
    public static List<(string JobId, object[] Args)> Enqueued(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && j.Value.Job?.Type == typeof(SendSubscriptionJob))
            .OrderBy(j => long.Parse(j.Key, System.Globalization.CultureInfo.InvariantCulture))
            .Select(j => (j.Key, j.Value.Job.Args.ToArray()))
            .ToList();

    /// <summary>Performs every enqueued subscription run job once, by its arguments, and takes it off the queue.</summary>
    public static async Task<List<SendSubscriptionJob.Outcome>> PerformEnqueuedAsync(OpsWebFactory app)
    {
        var outcomes = new List<SendSubscriptionJob.Outcome>();
        using var connection = Storage(app.ConnectionString).GetConnection();
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
                await using var remove = new Npgsql.NpgsqlCommand($"DELETE FROM {HangfireSetup.Schema}.jobqueue WHERE jobid = @id", queue);
                remove.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                await remove.ExecuteNonQueryAsync();
            }
            outcomes.Add(args.Length == 3
                ? await RunAsync(app, (int)args[0], (string)args[1])
                : await RunAsync(app, (int)args[0], (string)args[1], (RunTrigger)args[2], (string)args[3], (int?)args[4], (string?)args[5]));
        }
        return outcomes;
    }

    public static SubscriptionInput Valid(params int[] unitIds) => new()
    {
        Name = "Walk-in improvement report", ReportKind = ImprovementReportKind.KindKey, UnitIds = unitIds, PeriodRule = PeriodRule.PreviousMonth,
        ScheduleKind = ScheduleKind.MonthlyOnDay, Day = 12, TimeOfDay = new TimeOnly(8, 0), TimeZone = "America/New_York",
        Addresses = "pat.odum@cityutility.example", Subject = "Walk-in report",
    };

    public static async Task<T> WithServiceAsync<T>(OpsWebFactory factory, BuiltUser user, Func<SubscriptionService, Viewer, Task<T>> act)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(user.Id);
        return await act(scope.ServiceProvider.GetRequiredService<SubscriptionService>(), viewer);
    }

    /// <summary>The recurring jobs in this test database's Hangfire schema.</summary>
    public static List<RecurringJobDto> RecurringJobs(string connectionString)
    {
        using var connection = Storage(connectionString).GetConnection();
        return connection.GetRecurringJobs();
    }

    /// <summary>The enqueued <see cref="SendSubscriptionJob"/>s: (subscription id, period key).</summary>
    public static List<(int SubscriptionId, string Period)> EnqueuedSends(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(SendSubscriptionJob))
            .Select(j => ((int)j.Value.Job.Args[0], (string)j.Value.Job.Args[1])).ToList();
}
