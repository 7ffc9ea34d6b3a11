using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Jobs.Reminders;
using OpsIntranet.Jobs.Scorecards;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// Every recurring job of the product, registered in one place. Schedules are cron expressions in
/// the department's time zone (America/New_York), so "08:00 on the 12th" stays 08:00 across DST.
/// </summary>
public static class RecurringJobs
{
    public const string DepartmentScorecardEmail = "department-scorecard-email";
    public const string DailyReminders = "daily-reminders";

    public static void Register(IRecurringJobManager manager, DepartmentScorecardOptions scorecard)
    {
        var options = new RecurringJobOptions { TimeZone = DepartmentCalendar.TimeZone };
        if (scorecard.Enabled)
            manager.AddOrUpdate<ScheduleDepartmentScorecardJob>(DepartmentScorecardEmail, job => job.ExecuteAsync(CancellationToken.None), scorecard.Cron, options);
        else
            manager.RemoveIfExists(DepartmentScorecardEmail);
    }

    /// <summary>The daily reminders and escalations; every day, because the job itself knows which days are business days.</summary>
    public static void RegisterReminders(IRecurringJobManager manager, ReminderOptions reminders) =>
        manager.AddOrUpdate<SendRemindersJob>(DailyReminders, job => job.ExecuteAsync(CancellationToken.None), reminders.Cron,
            new RecurringJobOptions { TimeZone = DepartmentCalendar.TimeZone });
}

/// <summary>Registers the recurring jobs when the host starts (an upsert: every node may do it).</summary>
internal sealed class RecurringJobsRegistration(
    IServiceProvider services, IOptions<JobsOptions> jobs, IOptions<DepartmentScorecardOptions> scorecard, ILogger<RecurringJobsRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!jobs.Value.RegisterRecurringJobs) return Task.CompletedTask;
        // Resolved only when used: a node that does not register touches no Hangfire state at start-up.
        RecurringJobs.Register(services.GetRequiredService<IRecurringJobManager>(), scorecard.Value);
        var reminders = services.GetRequiredService<IOptions<ReminderOptions>>().Value;
        RecurringJobs.RegisterReminders(services.GetRequiredService<IRecurringJobManager>(), reminders);
        logger.LogInformation("Recurring jobs registered: daily reminders {Schedule} (America/New_York).", reminders.Cron);
        logger.LogInformation("Recurring jobs registered: department scorecard e-mail {Schedule} (America/New_York), {State}.",
            scorecard.Value.Cron, scorecard.Value.Enabled ? "enabled" : "disabled");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
