using System.Transactions;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Starts a cycle's packet batch, or retries its failed packets, and enqueues <see cref="GeneratePacketBatchJob"/> in the
/// same database transaction (as <see cref="Delivery.RunDispatcher"/> does for deliveries): the batch's rows and its job
/// exist together or not at all, so no batch waits for a job that was never enqueued.
/// </summary>
public class PacketBatchDispatcher(AppDbContext db, PacketBatchService batches, JobStorage storage, IOptions<JobsOptions> jobs)
{
    public Task<Outcome> StartAsync(Viewer viewer, int cycleId, bool wholeCycle, IReadOnlyCollection<int> selected, CancellationToken ct) =>
        WithJobAsync(() => batches.StartAsync(viewer, cycleId, wholeCycle, selected, ct), ct);

    public Task<Outcome> RetryFailedAsync(Viewer viewer, int cycleId, int? batchId, uint version, CancellationToken ct) =>
        WithJobAsync(() => batches.RetryFailedAsync(viewer, cycleId, batchId, version, ct), ct);

    private async Task<Outcome> WithJobAsync(Func<Task<PacketBatchCommand>> write, CancellationToken ct)
    {
        // Resolving the app's storage applies Hangfire's global configuration (serializer settings) first.
        _ = storage;
        using var transaction = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted }, TransactionScopeAsyncFlowOption.Enabled);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            connection.EnlistTransaction(Transaction.Current);
            var command = await write();
            // Refused, or a form sent again: nothing to keep (the scope rolls back whatever was claimed).
            if (!command.Enqueue || command.Outcome.Id is not { } batchId) return command.Outcome;
            var options = HangfireSetup.StorageOptions(jobs.Value);
            options.PrepareSchemaIfNecessary = false;
            var client = new BackgroundJobClient(new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, options), options));
            client.Enqueue<GeneratePacketBatchJob>(job => job.ExecuteAsync(batchId, CancellationToken.None));
            transaction.Complete();
            return command.Outcome;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
