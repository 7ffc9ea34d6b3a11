using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// The delivery jobs waiting in one test database's Hangfire queue, and a way to work them in this process the way
/// a job server would (each in a scope of its own), for tests that run without a server. A job is a batch of
/// deliveries (<see cref="SendDeliveryJob.ExecuteBatchAsync"/>) or, as queued before batches, a single one.
/// </summary>
public static class DeliveryQueue
{
    /// <summary>What one delivery came to: a result, or the error of a failed attempt (Error set, Result null: to be tried again).</summary>
    public sealed record Performed(int DeliveryId, DeliveryResult? Result, Exception? Error);

    public static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static bool IsDelivery(Hangfire.Common.Job? job) => job?.Type == typeof(SendDeliveryJob);

    /// <summary>The deliveries of the delivery jobs of this database: (Hangfire job id, delivery id), oldest first.</summary>
    public static List<(string JobId, int DeliveryId)> Enqueued(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && IsDelivery(j.Value.Job))
            .SelectMany(j => DeliveryIds(j.Value.Job).Select(id => (j.Key, id)))
            .OrderBy(j => long.Parse(j.Key))
            .ToList();

    /// <summary>The enqueued delivery jobs, each with its deliveries.</summary>
    public static List<int[]> EnqueuedJobs(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && IsDelivery(j.Value.Job))
            .OrderBy(j => long.Parse(j.Key))
            .Select(j => DeliveryIds(j.Value.Job))
            .ToList();

    private static int[] DeliveryIds(Hangfire.Common.Job job) => job.Args[0] switch
    {
        int[] batch => batch,
        int single => [single],
        var other => throw new InvalidOperationException($"A delivery job with an argument of {other?.GetType()}."),
    };

    /// <summary>Fetches and performs every enqueued delivery job once and removes it from the queue, as a worker does; returns what each delivery came to.</summary>
    public static async Task<List<Performed>> PerformAsync(IServiceProvider services, string connectionString)
    {
        var storage = Storage(connectionString);
        var performed = new List<Performed>();
        using var connection = storage.GetConnection();
        for (var waiting = EnqueuedJobs(connectionString).Count; waiting > 0;)
        {
            using var fetched = connection.FetchNextJob(["default"], new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            var job = connection.GetJobData(fetched.JobId).Job;
            if (!IsDelivery(job))
            {
                // The demo queues its evaluation packets when it loads: not these tests' subject, taken off unperformed.
                fetched.RemoveFromQueue();
                continue;
            }
            waiting--;
            performed.AddRange(await PerformJobAsync(services, DeliveryIds(job), job.Method.Name == nameof(SendDeliveryJob.ExecuteBatchAsync)));
            fetched.RemoveFromQueue();
        }
        return performed;
    }

    /// <summary>One execution of a delivery job, as Hangfire would make it (a retry is another call).</summary>
    public static async Task<List<Performed>> PerformJobAsync(IServiceProvider services, int[] deliveryIds, bool batch = true)
    {
        using var scope = services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<SendDeliveryJob>();
        if (!batch)
        {
            try { return [new(deliveryIds[0], await job.ExecuteAsync(deliveryIds[0], CancellationToken.None), null)]; }
            catch (Exception ex) { return [new(deliveryIds[0], null, ex)]; }
        }
        try
        {
            return [.. (await job.ExecuteBatchAsync(deliveryIds, CancellationToken.None)).Select(o => new Performed(o.DeliveryId, o.Result, null))];
        }
        catch (DeliveryBatchFailedException ex)
        {
            return [.. ex.Outcomes.Select(o => new Performed(o.DeliveryId, o.Result, o.Result is null ? new DeliveryFailedException(o.Error!) : null))];
        }
    }
}
