using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>What the subscription tests share: a valid form, the services in a scope, and the test database's Hangfire state.</summary>
internal static class SubscriptionTestKit
{
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

    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
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
