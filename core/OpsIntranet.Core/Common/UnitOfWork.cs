using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Common;

public static class UnitOfWork
{
    /// <summary>
    /// Runs several saves as one: a record and its audit row commit together or not at all. Joins the
    /// caller's transaction when there is one (the demo loader writes everything in one).
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this AppDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one System.Transactions scope on the context's one connection, and commits only
    /// when <paramref name="keep"/> says so. This is the transaction Hangfire.PostgreSql joins when a job is enqueued on
    /// that same connection (Jobs' TransactionalJobs): the rows and the jobs that act on them exist together or not at
    /// all. One connection keeps it a local transaction, never a distributed one.
    /// </summary>
    public static async Task<T> InAmbientTransactionAsync<T>(this AppDbContext db, Func<Task<T>> work, Func<T, bool> keep, CancellationToken ct)
    {
        using var scope = new System.Transactions.TransactionScope(System.Transactions.TransactionScopeOption.Required,
            new System.Transactions.TransactionOptions { IsolationLevel = System.Transactions.IsolationLevel.ReadCommitted },
            System.Transactions.TransactionScopeAsyncFlowOption.Enabled);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // A connection opened inside the scope has enlisted already (a no-op then); one opened before has not.
            db.Database.GetDbConnection().EnlistTransaction(System.Transactions.Transaction.Current);
            var result = await work();
            if (keep(result)) scope.Complete();
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public static class SaveOutcomes
{
    /// <summary>
    /// Saves, and turns "someone else saved first" into an answer instead of an error: a row-version
    /// mismatch, or a unique key that a parallel save took a moment earlier.
    /// </summary>
    public static async Task<Outcome> SaveOutcomeAsync(this AppDbContext db, Func<int> id, CancellationToken ct, Outcome? whenDuplicate = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(id());
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            return Outcome.Stale;
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return whenDuplicate ?? Outcome.Stale;
        }
    }
}
