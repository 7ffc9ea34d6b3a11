using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace OpsIntranet.Core.Audit;

/// <summary>
/// Writes the audit entries of reads, the entries of every request waiting at that moment together: one COPY from one
/// connection. Each request still waits until its own entry is committed before its page is shown, so no read is shown
/// unrecorded. Written one INSERT per request, 32 people opening the cycle page at once queued on the audit table's
/// index pages (a GIN index takes one lock per insert for its pending list) and the write cost about five times what it
/// costs in a batch: most of what the page cost under load. The writer has its own connections (not the app's scopes),
/// so what is queued when the app stops is still written.
/// </summary>
public sealed class ReadAuditWriter : IAsyncDisposable
{
    /// <summary>Entries per COPY at most; more waiting go in the next one, straight after.</summary>
    private const int MaxBatch = 500;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _database;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Written);

    public ReadAuditWriter(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Every confidential page waits on this writer, so it never waits long on a lock (nothing but a migration locks
        // the audit table); a stuck write fails its requests within the bound instead of holding every page.
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c lock_timeout=15s".Trim();
        _database = builder.Build();
        // The loop must not carry the context of the request that happened to create the writer (an ambient transaction).
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the entry is committed; throws when it could not be (the read must then not be shown).</summary>
    public async Task WriteAsync(AuditEntry entry, CancellationToken ct)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The app is stopping, so the read cannot be recorded in the audit trail and is not shown.");
        // Once queued, the entry is written even if this request is cancelled: a read is never recorded in part.
        await pending.Written.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        // No token on the wait: at shutdown the queue is completed and what is in it is still written.
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            var error = await CopyOrErrorAsync(batch);
            if (error is PostgresException refused && (refused.SqlState.StartsWith("22", StringComparison.Ordinal) || refused.SqlState.StartsWith("23", StringComparison.Ordinal))
                && batch.Count > 1)
            {
                // One entry the database refuses (data or constraint error, class 22/23) must fail only its own request:
                // the batch is tried again entry by entry. Any other error (the database gone) fails the batch as it is.
                foreach (var pending in batch) Settle([pending], await CopyOrErrorAsync([pending]));
            }
            else Settle(batch, error);
            batch.Clear();
        }
    }

    private async Task<Exception?> CopyOrErrorAsync(List<Pending> batch)
    {
        try
        {
            await CopyAsync(batch, _stopping.Token);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void Settle(List<Pending> batch, Exception? error)
    {
        foreach (var pending in batch)
        {
            if (error is null) pending.Written.TrySetResult();
            else pending.Written.TrySetException(error);
        }
    }

    private async Task CopyAsync(List<Pending> batch, CancellationToken ct)
    {
        await using var connection = await _database.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY audit_entries (at, user_id, user_name, action, record_type, record_id, subject_employee_id, record_ids, subject_employee_ids, detail) FROM STDIN (FORMAT BINARY)", ct);
        copy.Timeout = TimeSpan.FromSeconds(30);
        foreach (var (entry, _) in batch)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(entry.At, NpgsqlDbType.TimestampTz, ct);
            await WriteValueAsync(copy, entry.UserId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(entry.UserName, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(entry.Action.ToString(), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(entry.RecordType, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(entry.RecordId, NpgsqlDbType.Integer, ct);
            await WriteValueAsync(copy, entry.SubjectEmployeeId, NpgsqlDbType.Integer, ct);
            await WriteValueAsync(copy, entry.RecordIds, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
            await WriteValueAsync(copy, entry.SubjectEmployeeIds, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
            await WriteValueAsync(copy, entry.Detail, NpgsqlDbType.Varchar, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteValueAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // What is queued is written; a database that does not answer within the bound is given up on, and those wait no longer.
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(15)); }
        catch (TimeoutException) { await _stopping.CancelAsync(); }
        await _database.DisposeAsync();
    }
}
