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

    /// <summary>Holds the audit table locked until disposed (also when an assertion fails first).</summary>
    private sealed class AuditTableLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private NpgsqlTransaction? _transaction;

        private AuditTableLock(NpgsqlConnection connection) => _connection = connection;

        public static async Task<AuditTableLock> TakeAsync(string connectionString)
        {
            var held = new AuditTableLock(new NpgsqlConnection(connectionString));
            await held._connection.OpenAsync();
            held._transaction = await held._connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("LOCK TABLE audit_entries IN EXCLUSIVE MODE", held._connection, held._transaction);
            await command.ExecuteNonQueryAsync();
            return held;
        }

        public async ValueTask DisposeAsync()
        {
            if (_transaction is not null) await _transaction.RollbackAsync();
            _transaction = null;
            await _connection.DisposeAsync();
        }
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
        Task first;
        List<Task<int>> reads;
        await using (await AuditTableLock.TakeAsync(_app.ConnectionString))
        {
            first = Writer.WriteAsync(Read(1000), CancellationToken.None);
            await WaitUntilAWriteWaitsOnTheLockAsync();

            // Forty reads arrive while the first is held up. Each checks, the moment its call returns, that its entry is there.
            reads = [.. Enumerable.Range(0, 40).Select(i => 2000 + (i * 10)).Select(async id =>
            {
                await Writer.WriteAsync(Read(id), CancellationToken.None);
                return (await WrittenAsync([id])).Count;
            })];
            Assert.All(reads, r => Assert.False(r.IsCompleted));
        }
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
        Task first, bad;
        List<Task> good;
        await using (await AuditTableLock.TakeAsync(_app.ConnectionString))
        {
            first = Writer.WriteAsync(Read(1000), CancellationToken.None);
            await WaitUntilAWriteWaitsOnTheLockAsync();
            good = [.. Enumerable.Range(0, 10).Select(i => Writer.WriteAsync(Read(3000 + (i * 10)), CancellationToken.None))];
            // A record type longer than the column allows: this entry cannot be stored.
            bad = Writer.WriteAsync(Read(4000, new string('x', 40)), CancellationToken.None);
        }
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

    [Fact]
    public async Task WhatIsQueuedWhenTheAppStops_IsStillWritten_AndNothingIsTakenAfter()
    {
        var writer = new ReadAuditWriter(_app.ConnectionString);
        Task first;
        List<Task> queued;
        ValueTask stopping;
        await using (await AuditTableLock.TakeAsync(_app.ConnectionString))
        {
            first = writer.WriteAsync(Read(6000), CancellationToken.None);
            await WaitUntilAWriteWaitsOnTheLockAsync();
            queued = [.. Enumerable.Range(1, 5).Select(i => writer.WriteAsync(Read(6000 + (i * 10)), CancellationToken.None))];
            // The app stops while six reads wait.
            stopping = writer.DisposeAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(Read(7000), CancellationToken.None));
        }
        await stopping;
        await first;
        await Task.WhenAll(queued);
        Assert.Equal(6, (await WrittenAsync(Enumerable.Range(0, 6).Select(i => 6000 + (i * 10)))).Count);
        Assert.Empty(await WrittenAsync([7000]));
    }
}
