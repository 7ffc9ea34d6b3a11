using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpsIntranet.Core.Audit;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Audit;

/// <summary>
/// The audit entries of reads are written together, the entries of every request waiting at once in one statement, and
/// each request's call returns only once its own entry is committed; an entry that cannot be written fails its own read
/// and no other. The batching is made certain, not timed: the audit table is locked while the reads queue up behind the
/// first one, and rows written by one statement share its transaction id (xmin).
/// </summary>
public class ReadAuditWriterTests : IAsyncLifetime
{
    private OpsWebFactory _app = default!;

    public async Task InitializeAsync()
    {
        _app = new OpsWebFactory(await TestDatabases.CreateEmptyAsync());
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        var cs = _app.ConnectionString;
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    private ReadAuditWriter Writer => _app.Services.GetRequiredService<ReadAuditWriter>();

    private static AuditEntry Read(int recordId, string recordType = AuditRecords.Evaluation) => new()
    {
        At = TestClock.Now, UserId = null, UserName = "Audit Test", Action = AuditAction.Viewed, RecordType = recordType,
        RecordId = 0, RecordIds = [recordId, recordId + 1], SubjectEmployeeIds = [7, 8], Detail = "listed in a test",
    };

    /// <summary>Holds the audit table locked until disposed; returns once a write is waiting on the lock.</summary>
    private static async Task<NpgsqlTransaction> LockAuditTableAsync(NpgsqlConnection connection)
    {
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE audit_entries IN EXCLUSIVE MODE", connection, transaction)) await command.ExecuteNonQueryAsync();
        return transaction;
    }

    private async Task WaitUntilAWriteWaitsOnTheLockAsync()
    {
        await using var db = _app.CreateDbContext();
        // No timing: poll until the writer's COPY is seen waiting (bounded only so a broken writer fails instead of hanging).
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            var waiting = await db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'audit_entries' AND NOT l.granted").SingleAsync();
            if (waiting > 0) return;
        }
        Assert.Fail("No audit write came to wait on the locked table within two minutes.");
    }

    private async Task<List<(int RecordId, string Transaction)>> WrittenAsync(IEnumerable<int> recordIds)
    {
        var ids = recordIds.ToArray();
        await using var db = _app.CreateDbContext();
        return [.. (await db.Database.SqlQueryRaw<WrittenRow>(
                "SELECT record_ids[1] AS record_id, xmin::text AS transaction FROM audit_entries WHERE record_ids[1] = ANY({0})", ids).ToListAsync())
            .Select(r => (r.RecordId, r.Transaction))];
    }

    private sealed record WrittenRow(int RecordId, string Transaction);

    [Fact]
    public async Task ReadsWaitingTogether_AreWrittenInOneStatement_AndEachCallReturnsOnlyOnceItsEntryIsCommitted()
    {
        var gate = new NpgsqlConnection(_app.ConnectionString);
        var transaction = await LockAuditTableAsync(gate);
        var first = Writer.WriteAsync(Read(1000), CancellationToken.None);
        await WaitUntilAWriteWaitsOnTheLockAsync();

        // Forty reads arrive while the first is held up. Each checks, the moment its call returns, that its entry is there.
        var reads = Enumerable.Range(0, 40).Select(i => 2000 + (i * 10)).Select(async id =>
        {
            await Writer.WriteAsync(Read(id), CancellationToken.None);
            return (await WrittenAsync([id])).Count;
        }).ToList();
        Assert.All(reads, r => Assert.False(r.IsCompleted));

        await transaction.RollbackAsync();
        await gate.DisposeAsync();
        await first;
        Assert.All(await Task.WhenAll(reads), count => Assert.Equal(1, count));

        var written = await WrittenAsync(Enumerable.Range(0, 40).Select(i => 2000 + (i * 10)));
        Assert.Equal(40, written.Count);
        // The forty were queued before the first finished, so they went to the database together: one transaction.
        Assert.Single(written.Select(w => w.Transaction).Distinct());
    }

    [Fact]
    public async Task AnEntryThatCannotBeWritten_FailsItsOwnRead_AndNoOther()
    {
        var gate = new NpgsqlConnection(_app.ConnectionString);
        var transaction = await LockAuditTableAsync(gate);
        var first = Writer.WriteAsync(Read(1000), CancellationToken.None);
        await WaitUntilAWriteWaitsOnTheLockAsync();

        var good = Enumerable.Range(0, 10).Select(i => Writer.WriteAsync(Read(3000 + (i * 10)), CancellationToken.None)).ToList();
        // A record type longer than the column allows: this entry cannot be stored.
        var bad = Writer.WriteAsync(Read(4000, new string('x', 40)), CancellationToken.None);

        await transaction.RollbackAsync();
        await gate.DisposeAsync();
        await first;
        await Task.WhenAll(good);
        var error = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, error.SqlState);
        Assert.Equal(10, (await WrittenAsync(Enumerable.Range(0, 10).Select(i => 3000 + (i * 10)))).Count);
        Assert.Empty(await WrittenAsync([4000]));

        // The writer carries on.
        await Writer.WriteAsync(Read(5000), CancellationToken.None);
        Assert.Single(await WrittenAsync([5000]));
    }
}
