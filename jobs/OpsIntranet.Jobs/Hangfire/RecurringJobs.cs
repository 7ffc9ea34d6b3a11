using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Jobs.Reminders;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// Every recurring job of the product, registered in one place. Report e-mail is one recurring job per
/// subscription (<see cref="SubscriptionRecurringJobs"/>), each in its subscription's time zone, so "08:00 on
/// the 12th" stays 08:00 across DST.
/// </summary>
public static class RecurringJobs
{
    /// <summary>The configured department scorecard's job before it became a subscription; removed wherever it is left.</summary>
    public const string DepartmentScorecardEmail = "department-scorecard-email";
    public const string DailyReminders = "daily-reminders";

    public static void Register(IRecurringJobManager manager) => manager.RemoveIfExists(DepartmentScorecardEmail);

    /// <summary>The daily reminders and escalations; every day, because the job itself knows which days are business days.</summary>
    public static void RegisterReminders(IRecurringJobManager manager, ReminderOptions reminders) =>
        manager.AddOrUpdate<SendRemindersJob>(DailyReminders, job => job.ExecuteAsync(CancellationToken.None), reminders.Cron,
            new RecurringJobOptions { TimeZone = DepartmentCalendar.TimeZone });
}

/// <summary>
/// Registers the recurring jobs when the host starts (every node may do it): the configured department scorecard
/// becomes a subscription the first time, then every subscription's recurring job is reconciled with the table.
/// </summary>
internal sealed class RecurringJobsRegistration(IServiceProvider services, IOptions<JobsOptions> jobs, ILogger<RecurringJobsRegistration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!jobs.Value.RegisterRecurringJobs) return;
        // Resolved only when used: a node that does not register touches no Hangfire state at start-up.
        using var scope = services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<DatabaseJobStorage>().RecurringJobs;
        RecurringJobs.Register(manager);
        var reminders = scope.ServiceProvider.GetRequiredService<IOptions<ReminderOptions>>().Value;
        RecurringJobs.RegisterReminders(manager, reminders);
        var seeded = await scope.ServiceProvider.GetRequiredService<DepartmentScorecardSeed>().EnsureAsync(cancellationToken);
        var (active, removed) = await scope.ServiceProvider.GetRequiredService<SubscriptionRecurringJobs>().ReconcileAsync(cancellationToken);
        // A storm event closed while its job's removal did not reach the job store (or a job left from an older version) stops here.
        var (sitreps, sitrepsRemoved) = await scope.ServiceProvider.GetRequiredService<Storm.SitrepScheduling>().ReconcileAsync(cancellationToken);
        logger.LogInformation("Storm sitrep jobs: {Active} events sending, {Removed} jobs of closed or deleted events removed.", sitreps, sitrepsRemoved);
        logger.LogInformation("Recurring jobs registered: daily reminders {Schedule} (America/New_York); {Active} active report subscriptions (the configured department scorecard is subscription {Seeded}), {Removed} orphaned jobs removed.",
            reminders.Cron, active, seeded, removed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
