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
}
