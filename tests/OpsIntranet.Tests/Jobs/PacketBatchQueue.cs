using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// The packet-batch jobs waiting in one test database's Hangfire queue, worked in this process the way a job server
/// would (each by its batch id, in a scope of its own), as <see cref="DeliveryQueue"/> does for deliveries.
/// </summary>
public static class PacketBatchQueue
{
    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The batch ids of the enqueued <see cref="GeneratePacketBatchJob"/>s, oldest first.</summary>
    public static List<int> Enqueued(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && j.Value.Job?.Type == typeof(GeneratePacketBatchJob))
            .OrderBy(j => long.Parse(j.Key, System.Globalization.CultureInfo.InvariantCulture))
            .Select(j => (int)j.Value.Job.Args[0])
            .ToList();

    /// <summary>Fetches and performs every enqueued batch job once (removing it from the queue); returns what each came to.</summary>
    public static async Task<List<PacketBatchRun>> PerformAsync(IServiceProvider services, string connectionString, CancellationToken ct = default)
    {
        var storage = Storage(connectionString);
        var results = new List<PacketBatchRun>();
        using var connection = storage.GetConnection();
        for (var waiting = Enqueued(connectionString).Count; waiting > 0;)
        {
            using var fetched = connection.FetchNextJob(["default"], new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            var job = connection.GetJobData(fetched.JobId).Job;
            fetched.RemoveFromQueue();
            // Each approval also queued its own packet job: not these tests' subject (the scripted generator makes the
            // packets), so it is taken off the queue unperformed, as if another worker had it.
            if (job.Type != typeof(GeneratePacketBatchJob)) continue;
            waiting--;
            await using var scope = services.CreateAsyncScope();
            results.Add(await scope.ServiceProvider.GetRequiredService<GeneratePacketBatchJob>().ExecuteAsync((int)job.Args[0], ct));
        }
        return results;
    }

    /// <summary>Runs one batch's job directly (a second run, or a run the test cancels).</summary>
    public static async Task<PacketBatchRun> RunAsync(IServiceProvider services, int batchId, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GeneratePacketBatchJob>().ExecuteAsync(batchId, ct);
    }
}
