using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// A job client that writes its jobs on the context's connection, inside the ambient transaction that saves the rows
/// the jobs act on (see UnitOfWork.InAmbientTransactionAsync): Hangfire.PostgreSql joins a System.Transactions
/// transaction on a connection it is handed, so the rows and their jobs commit or roll back together.
/// </summary>
public class TransactionalJobs(AppDbContext db, JobStorage storage, IOptions<JobsOptions> jobs)
{
    public IBackgroundJobClient Client()
    {
        if (System.Transactions.Transaction.Current is null)
            throw new InvalidOperationException("A job is enqueued inside the transaction that saves the rows it acts on.");
        // Resolving the app's storage applies Hangfire's global configuration (serializer settings) before a job is created here.
        _ = storage;
        var options = HangfireSetup.StorageOptions(jobs.Value);
        // The schema exists (the app's storage prepared it); this storage only writes jobs on our connection.
        options.PrepareSchemaIfNecessary = false;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        return new BackgroundJobClient(new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, options), options));
    }
}
