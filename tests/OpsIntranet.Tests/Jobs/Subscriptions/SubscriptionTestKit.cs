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

/// <summary>
/// The app with a real SMTP server to send to, and the broken report kind registered beside the real ones. With
/// <paramref name="jobStoreFails"/>, every job enqueued inside a transaction fails to be written, as when the job store is unreachable.
/// </summary>
public sealed class SubscriptionApp(string connectionString, int smtpPort, TimeProvider? clock = null, bool jobStoreFails = false)
    : OpsWebFactory(connectionString, settings: new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
    }, clock: clock)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddReportKind<BrokenReportKind>();
            if (jobStoreFails) services.AddScoped<TransactionalJobs, UnwritableJobs>();
        });
    }
}

/// <summary>
/// Job writes that fail as Hangfire's do when its storage refuses (a BackgroundJobClientException), after the rows
/// were written: put in place of <see cref="TransactionalJobs"/> to see a form's rows and jobs roll back together.
/// </summary>
public sealed class UnwritableJobs(global::OpsIntranet.Core.Data.AppDbContext db, JobStorage storage, Microsoft.Extensions.Options.IOptions<JobsOptions> jobs,
    Microsoft.Extensions.Logging.ILogger<TransactionalJobs> logger) : TransactionalJobs(db, storage, jobs, logger)
{
    public override IBackgroundJobClient Client() => new Refusing();

    private sealed class Refusing : IBackgroundJobClient
    {
        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state) =>
            throw new BackgroundJobClientException("Background job creation failed. See inner exception for details.",
                new Npgsql.NpgsqlException("The job store did not answer (test)."));

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => throw new NotSupportedException();
    }
}

/// <summary>
/// What most subscription tests start from: the Walk-In Unit with October 2026 approved (average wait 7.5 min against a
/// target of 8: on target), its manager and supervisor, Credit and Collections (no figures) with its manager, a leader
/// and an administrator. Each test builds its own in its own database.
/// </summary>
public sealed record SubscriptionWorld(
    BuiltUnit Unit, BuiltUnit Other, BuiltMetric Wait, BuiltUser Manager, BuiltUser OtherManager, BuiltUser Supervisor, BuiltUser Leader, BuiltUser Admin)
{
    public static readonly DateOnly October = new(2026, 10, 1);
    public const string Chief = "chief@cityutility.example";

    public static async Task<SubscriptionWorld> BuildAsync(OpsWebFactory app)
    {
        var data = new TestData(app);
        var unit = await data.Unit("WAL").Named("Walk-In Unit").BuildAsync();
        var other = await data.Unit("CC").Named("Credit and Collections").BuildAsync();
        var wait = await data.Metric(unit, "avg_wait").Named("Average wait").Measured(global::OpsIntranet.Core.Metrics.UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2027, 8, 2).BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var otherManager = await data.User("Lou", "Park").ManagerOf(other).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var admin = await data.User("Ada", "Admin").Administrator().BuildAsync();
        await data.Month(unit, October).Value(wait, 7.5m).EnteredBy(supervisor).Approved(by: manager).BuildAsync();
        return new SubscriptionWorld(unit, other, wait, manager, otherManager, supervisor, leader, admin);
    }

    /// <summary>The Walk-In Unit's scorecard, kept by its manager, to <see cref="Chief"/>.</summary>
    public Task<ReportSubscription> UnitScorecardAsync(OpsWebFactory app, Action<ReportSubscription>? more = null) =>
        SubscriptionTestKit.AddSubscriptionAsync(app, UnitScorecardKind.KindKey, s =>
        {
            s.UnitIds = [Unit.Id];
            s.OwnerUserId = Manager.Id;
            s.Addresses = [Chief];
            more?.Invoke(s);
        });

    /// <summary>The department scorecard (both units), kept by the administrator, to <paramref name="addresses"/>.</summary>
    public Task<ReportSubscription> DepartmentScorecardAsync(OpsWebFactory app, params string[] addresses) =>
        SubscriptionTestKit.AddSubscriptionAsync(app, DepartmentScorecardKind.KindKey, s =>
        {
            s.OwnerUserId = Admin.Id;
            s.Addresses = [.. addresses];
        });
}

/// <summary>A test class whose every test has its own database, SMTP server and <see cref="SubscriptionApp"/>.</summary>
public abstract class SubscriptionTestBase : IAsyncLifetime
{
    protected TestSmtpServer Smtp { get; } = TestSmtpServer.Start();
    protected SubscriptionApp App { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        App = new SubscriptionApp(await TestDatabases.CreateEmptyAsync(), Smtp.Port);
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        var cs = App.ConnectionString;
        await App.DisposeAsync();
        await TestDatabases.DropAsync(cs);
        Smtp.Dispose();
    }

    protected Task<SubscriptionWorld> BuildWorldAsync() => SubscriptionWorld.BuildAsync(App);

    protected static string To(MimeKit.MimeMessage m) => m.To.Mailboxes.Single().Address;
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
