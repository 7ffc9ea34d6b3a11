using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Jobs.Storm;
using OpsIntranet.Jobs.Subscriptions;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>Settings of the job server (configuration section "Jobs").</summary>
public class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process. The web app does by default; with workers deployed, turn it off there.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers in this process; PDF rendering is bounded separately by the Chromium printer.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>Register the recurring jobs at start-up (on by default; the upsert is idempotent across nodes).</summary>
    public bool RegisterRecurringJobs { get; set; } = true;

    /// <summary>
    /// How long a fetched job stays invisible to other servers without a sign of life from its worker. A
    /// live worker renews it (sliding, every fifth of it), so only a dead worker's job waits this long before
    /// another server takes it: 4 minutes plus one queue poll (15 s) keeps that under 5 minutes.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(4);
}

public static class HangfireSetup
{
    public const string Schema = "hangfire";

    /// <summary>The storage settings, shared by the app's storage and the one that enqueues inside a transaction (<see cref="TransactionalJobs"/>).</summary>
    public static PostgreSqlStorageOptions StorageOptions(JobsOptions options) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        // A job that runs long keeps its lease alive instead of being handed to a second worker.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = options.InvisibilityTimeout > TimeSpan.Zero ? options.InvisibilityTimeout : new JobsOptions().InvisibilityTimeout,
        EnableLongPolling = true,
        // Without storage the app must fail loudly, not run with jobs silently dropped.
        AllowDegradedModeWithoutStorage = false,
    };

    /// <summary>Hangfire storage, the job classes and the mail sender; a server too when <see cref="JobsOptions.RunServer"/> is set.</summary>
    public static IServiceCollection AddOpsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetOpsConnectionString();
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddCheckedSettings<JobsOptions, JobsOptionsValidation>(configuration, JobsOptions.Section);

        services.AddHangfire((sp, cfg) => cfg
            .UseLogProvider(new HostSafeLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(options)));

        if (options.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = Math.Max(1, options.WorkerCount);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        services.AddCheckedSettings<SmtpOptions, SmtpOptionsValidation>(configuration, SmtpOptions.Section);
        services.AddCheckedSettings<IntranetOptions, IntranetOptionsValidation>(configuration, IntranetOptions.Section);
        services.AddScoped<Subscriptions.ReportKinds>();
        services.AddReportKind<Subscriptions.DepartmentScorecardKind>();
        services.AddReportKind<Subscriptions.UnitScorecardKind>();
        services.AddReportKind<Subscriptions.ImprovementReportKind>();
        services.AddSubscriptionRuns();
        services.AddCheckedSettings<DepartmentScorecardOptions, DepartmentScorecardOptionsValidation>(configuration, DepartmentScorecardOptions.Section);
        services.AddScoped<TransactionalJobs>();
        services.AddScoped<IMailSender, MailKitSender>();
        services.AddScoped<Delivery.RunDispatcher>();
        services.AddScoped<Delivery.SendDeliveryJob>();
        services.AddScoped<Delivery.DeliveryAlerts>();
        services.AddScoped<Delivery.IReportMail, Delivery.DeliveryFailuresMail>();
        services.AddScoped<Core.Identity.IInvitationMail, Accounts.InvitationSending>();
        services.AddScoped<Delivery.IReportMail, Accounts.InvitationMail>();
        services.AddScoped<Delivery.RunHistory>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Core.Reminders.ReminderOptions>, Reminders.ReminderScheduleValidation>();
        services.AddScoped<Reminders.SendRemindersJob>();
        services.AddScoped<Delivery.IReportMail, Reminders.MetricsDueSoonMail>();
        services.AddScoped<Delivery.IReportMail, Reminders.MetricsDueTodayMail>();
        services.AddScoped<Delivery.IReportMail, Reminders.MetricsLateEscalationMail>();
        services.AddScoped<Delivery.IReportMail, Reminders.EvaluationStepWaitingMail>();
        services.AddScoped<Delivery.IReportMail, Reminders.EvaluationReviewOverdueMail>();
        services.AddEvaluationPackets();
        services.AddScoped<Evaluations.PacketZipWriter>();
        services.AddScoped<Evaluations.PacketBatchDispatcher>();
        services.AddScoped<Evaluations.GeneratePacketBatchJob>();
        services.AddScoped<DatabaseJobStorage>();
        services.AddScoped<Subscriptions.SubscriptionService>();
        services.AddScoped<Subscriptions.SubscriptionRecurringJobs>();
        services.AddScoped<Subscriptions.ScheduledSubscriptionJob>();
        services.AddScoped<Subscriptions.DepartmentScorecardSeed>();
        services.AddStormSitreps();
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }
}
