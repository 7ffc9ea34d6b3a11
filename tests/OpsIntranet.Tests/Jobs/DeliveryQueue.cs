using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// The delivery jobs waiting in one test database's Hangfire queue, and a way to work them in this process the way
/// a job server would (each by its delivery id, in a scope of its own), for tests that run without a server.
/// </summary>
public static class DeliveryQueue
{
    public sealed record Performed(int DeliveryId, DeliveryResult? Result, Exception? Error);

    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The enqueued <see cref="SendDeliveryJob"/>s of this database: (Hangfire job id, delivery id), oldest first.</summary>
    public static List<(string JobId, int DeliveryId)> Enqueued(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && j.Value.Job?.Type == typeof(SendDeliveryJob))
            .Select(j => (j.Key, (int)j.Value.Job.Args[0]))
            .OrderBy(j => long.Parse(j.Key))
            .ToList();

    /// <summary>Fetches and performs every enqueued delivery job once and removes it from the queue, as a worker does; returns what each came to.</summary>
    public static async Task<List<Performed>> PerformAsync(IServiceProvider services, string connectionString)
    {
        var storage = Storage(connectionString);
        var performed = new List<Performed>();
        using var connection = storage.GetConnection();
        for (var waiting = Enqueued(connectionString).Count; waiting > 0;)
        {
            using var fetched = connection.FetchNextJob(["default"], new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            var job = connection.GetJobData(fetched.JobId).Job;
            if (job.Type != typeof(SendDeliveryJob))
            {
                // The demo queues its evaluation packets when it loads: not these tests' subject, taken off unperformed.
                fetched.RemoveFromQueue();
                continue;
            }
            waiting--;
            var deliveryId = (int)job.Args[0];
            using var scope = services.CreateScope();
            try { performed.Add(new(deliveryId, await scope.ServiceProvider.GetRequiredService<SendDeliveryJob>().ExecuteAsync(deliveryId, CancellationToken.None), null)); }
            catch (Exception ex) { performed.Add(new(deliveryId, null, ex)); }
            fetched.RemoveFromQueue();
        }
        return performed;
    }
}
