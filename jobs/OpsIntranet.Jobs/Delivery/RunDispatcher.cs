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
/// Fans a run out to its recipients: the deliveries and one <see cref="SendDeliveryJob"/> per delivery, by id,
/// created in one database transaction. Hangfire's rows are written on the same connection inside the same
/// transaction (Hangfire.PostgreSql joins an ambient System.Transactions transaction on a connection it is
/// handed), so either the deliveries and their jobs all exist or none do: no delivery waits for a job that was
/// never enqueued, and no job looks for a delivery that was rolled back. One connection means a local
/// transaction, never a distributed one.
/// </summary>
public class RunDispatcher(AppDbContext db, DeliveryLedger ledger, JobStorage storage, IOptions<JobsOptions> jobs)
{
    /// <summary>Adds the run's missing deliveries and enqueues a job for every delivery still to send; returns the ids of those deliveries.</summary>
    public async Task<IReadOnlyList<int>> DispatchAsync(ReportRun run, IEnumerable<string> recipients, string messageIdPrefix, CancellationToken ct,
        Action? beforeCommit = null)
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
            var deliveryIds = await ledger.AddDeliveriesAsync(run, recipients, messageIdPrefix, ct);
            var options = HangfireSetup.StorageOptions(jobs.Value);
            // The schema exists (the app's storage prepared it); this storage only writes jobs on our connection.
            options.PrepareSchemaIfNecessary = false;
            var client = new BackgroundJobClient(new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, options), options));
            foreach (var id in deliveryIds) client.Enqueue<SendDeliveryJob>(job => job.ExecuteAsync(id, CancellationToken.None));
            beforeCommit?.Invoke();
            transaction.Complete();
            return deliveryIds;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
