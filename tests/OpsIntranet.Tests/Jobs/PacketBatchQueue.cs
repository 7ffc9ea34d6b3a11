using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Tests.Jobs;

/// <summary>
/// The packet-batch jobs waiting in one test database's Hangfire queue, worked in this process the way a job server
/// would (each by its batch id, in a scope of its own). Picked by type rather than fetched from the head of the queue
/// (as <see cref="DeliveryQueue"/> does), since approvals enqueue packet jobs of their own in the same queue.
/// </summary>
public static class PacketBatchQueue
{
    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The enqueued <see cref="GeneratePacketBatchJob"/>s: (Hangfire job id, batch id), oldest first.</summary>
    private static List<(string JobId, int BatchId)> EnqueuedJobs(string connectionString) =>
        Storage(connectionString).GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
            .Where(j => j.Value.InEnqueuedState && j.Value.Job?.Type == typeof(GeneratePacketBatchJob))
            .OrderBy(j => long.Parse(j.Key, System.Globalization.CultureInfo.InvariantCulture))
            .Select(j => (j.Key, (int)j.Value.Job.Args[0]))
            .ToList();

    /// <summary>The batch ids of the enqueued <see cref="GeneratePacketBatchJob"/>s, oldest first.</summary>
    public static List<int> Enqueued(string connectionString) => EnqueuedJobs(connectionString).Select(j => j.BatchId).ToList();

    /// <summary>
    /// Performs every enqueued batch job once, by its id, and takes it off the queue (deleted, so no server would run it
    /// again); returns what each came to. Other jobs in the queue (an approval's packet job) are left where they are.
    /// </summary>
    public static async Task<List<PacketBatchRun>> PerformAsync(IServiceProvider services, string connectionString, CancellationToken ct = default)
    {
        using var connection = Storage(connectionString).GetConnection();
        var results = new List<PacketBatchRun>();
        foreach (var (jobId, batchId) in EnqueuedJobs(connectionString))
        {
            using (var taken = connection.CreateWriteTransaction())
            {
                taken.SetJobState(jobId, new Hangfire.States.DeletedState());
                taken.Commit();
            }
            // Off the queue too, as a worker's fetch does (the monitoring API lists queued rows, whatever their job's state).
            await using (var queue = new Npgsql.NpgsqlConnection(connectionString))
            {
                await queue.OpenAsync(ct);
                await using var remove = new Npgsql.NpgsqlCommand($"DELETE FROM {HangfireSetup.Schema}.jobqueue WHERE jobid = @id", queue);
                remove.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                await remove.ExecuteNonQueryAsync(ct);
            }
            await using var scope = services.CreateAsyncScope();
            results.Add(await scope.ServiceProvider.GetRequiredService<GeneratePacketBatchJob>().ExecuteAsync(batchId, ct));
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
