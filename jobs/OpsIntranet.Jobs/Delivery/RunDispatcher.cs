using System.Transactions;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>
/// Fans a run out to its recipients: the deliveries and their jobs — one <see cref="SendDeliveryJob.ExecuteBatchAsync"/>
/// per <see cref="BatchSize"/> deliveries, by id, each sending its deliveries over one SMTP connection — created in one
/// database transaction. Hangfire's rows are written on the same connection inside the same transaction
/// (Hangfire.PostgreSql joins an ambient System.Transactions transaction on a connection it is handed), so either the
/// deliveries and their jobs all exist or none do: no delivery waits for a job that was never enqueued, and no job
/// looks for a delivery that was rolled back. One connection means a local transaction, never a distributed one.
/// </summary>
public class RunDispatcher(AppDbContext db, DeliveryLedger ledger, JobStorage storage, IOptions<JobsOptions> jobs, TimeProvider clock)
{
    /// <summary>Deliveries per job: one connection to the mail server each, and small enough that a retry of a batch is cheap.</summary>
    public const int BatchSize = 50;

    /// <summary>Adds the run's missing deliveries and enqueues jobs for every delivery still to send; returns the ids of those deliveries.</summary>
    public Task<IReadOnlyList<int>> DispatchAsync(ReportRun run, IEnumerable<string> recipients, string messageIdPrefix, CancellationToken ct,
        Action? beforeCommit = null) =>
        InTransactionAsync(async client =>
        {
            IReadOnlyList<int> deliveryIds = await ledger.AddDeliveriesAsync(run, recipients, messageIdPrefix, ct);
            Enqueue(client, deliveryIds);
            // The run's deliveries exist and are queued: a run made by a job that does not say so itself reads as dispatched.
            await db.ReportRuns.Where(r => r.Id == run.Id && r.Status == RunStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Dispatched)
                .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), ct);
            beforeCommit?.Invoke();
            return deliveryIds;
        }, ct);

    /// <summary>Reopens failed deliveries (a resend: see <see cref="DeliveryLedger.ReopenFailedAsync"/>) and enqueues their job, together; returns the ids reopened.</summary>
    public Task<IReadOnlyList<int>> ResendAsync(IReadOnlyCollection<int> deliveryIds, CancellationToken ct) =>
        InTransactionAsync(async client =>
        {
            IReadOnlyList<int> reopened = await ledger.ReopenFailedAsync(deliveryIds, ct);
            Enqueue(client, reopened);
            return reopened;
        }, ct);

    private static void Enqueue(BackgroundJobClient client, IReadOnlyList<int> deliveryIds)
    {
        foreach (var batch in deliveryIds.Chunk(BatchSize))
            client.Enqueue<SendDeliveryJob>(job => job.ExecuteBatchAsync(batch, CancellationToken.None));
    }

    private async Task<T> InTransactionAsync<T>(Func<BackgroundJobClient, Task<T>> work, CancellationToken ct)
    {
        // Resolving the app's storage applies Hangfire's global configuration (serializer settings) before a job is created here.
        _ = storage;
        using var transaction = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted }, TransactionScopeAsyncFlowOption.Enabled);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // A connection opened inside the scope has enlisted already (a no-op then); one opened before has not.
            connection.EnlistTransaction(Transaction.Current);
            var options = HangfireSetup.StorageOptions(jobs.Value);
            // The schema exists (the app's storage prepared it); this storage only writes jobs on our connection.
            options.PrepareSchemaIfNecessary = false;
            var client = new BackgroundJobClient(new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, options), options));
            var result = await work(client);
            transaction.Complete();
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
