using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// A job client that writes its jobs on the context's connection, inside the ambient transaction that saves the rows
/// the jobs act on (see UnitOfWork.InAmbientTransactionAsync): Hangfire.PostgreSql joins a System.Transactions
/// transaction on a connection it is handed, so the rows and their jobs commit or roll back together.
/// </summary>
public class TransactionalJobs(AppDbContext db, JobStorage storage, IOptions<JobsOptions> jobs, ILogger<TransactionalJobs> logger)
{
    /// <summary>
    /// Runs a form's work — the rows it writes and the jobs that act on them, enqueued through <see cref="Client"/> — in
    /// one transaction, kept only when the outcome succeeded. When Hangfire cannot write a job, the rows roll back with
    /// it and the person is told so in words (<paramref name="what"/>, e.g. "The report"), not shown an error page.
    /// </summary>
    public async Task<Outcome> SaveWithJobsAsync(Func<Task<Outcome>> work, string what, CancellationToken ct)
    {
        try
        {
            return await db.InAmbientTransactionAsync(work, outcome => outcome.Succeeded, ct);
        }
        catch (BackgroundJobClientException ex)
        {
            // Rolled back: nothing the work added may be saved by a later SaveChanges of this request.
            db.ChangeTracker.Clear();
            logger.LogError(ex, "{What} could not be queued; the transaction was rolled back.", what);
            return Outcome.Conflict($"{what} could not be queued for sending, so nothing was saved or sent. Try again in a moment; if it keeps failing, tell an administrator (the job store answered: {(ex.InnerException ?? ex).Message})");
        }
    }

    /// <summary>A client for this transaction's jobs (virtual: a test puts a failing one in its place to see everything roll back).</summary>
    public virtual IBackgroundJobClient Client() => new BackgroundJobClient(Storage());

    /// <summary>Recurring jobs added, changed or removed in this transaction (a storm event's sitrep job with the event's state move).</summary>
    public virtual IRecurringJobManager RecurringJobs() => new RecurringJobManager(Storage());

    private PostgreSqlStorage Storage()
    {
        if (System.Transactions.Transaction.Current is null)
            throw new InvalidOperationException("A job is enqueued inside the transaction that saves the rows it acts on.");
        // Resolving the app's storage applies Hangfire's global configuration (serializer settings) before a job is created here.
        _ = storage;
        var options = HangfireSetup.StorageOptions(jobs.Value);
        // The schema exists (the app's storage prepared it); this storage only writes jobs on our connection.
        options.PrepareSchemaIfNecessary = false;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        return new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, options), options);
    }
}
