using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Documents;

/// <summary>A stored document opened for reading: its description and its content as a stream (dispose it to free the connection).</summary>
public sealed class OpenedDocument(StoredDocument document, Stream content) : IAsyncDisposable, IDisposable
{
    public StoredDocument Document { get; } = document;
    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>What <see cref="DocumentStore.SaveAsync"/> did: stored the content, or found the copy stored before under the same key.</summary>
public sealed record DocumentSaved(StoredDocument Document, bool Created);

/// <summary>
/// The one place documents are kept: a row per document (kind, subject, version, SHA-256, size) and
/// its bytes in a table of their own, written from a stream and read back as one. Saving is
/// idempotent by (kind, subject, version): a retried job gets the first copy back instead of a second.
/// </summary>
public class DocumentStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxFileName = 200;

    public Task<StoredDocument?> FindAsync(DocumentKey key, CancellationToken ct = default) =>
        db.Set<StoredDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Kind == key.Kind && d.SubjectType == key.Subject.Type
            && d.SubjectId == key.Subject.Id && d.Version == key.Version && d.CompletedAt != null, ct);

    public Task<StoredDocument?> GetAsync(int id, CancellationToken ct = default) =>
        db.Set<StoredDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.CompletedAt != null, ct);

    /// <summary>Every complete document about one subject, newest version first within each kind.</summary>
    public Task<List<StoredDocument>> ListAsync(DocumentSubject subject, CancellationToken ct = default) =>
        db.Set<StoredDocument>().AsNoTracking().Where(d => d.SubjectType == subject.Type && d.SubjectId == subject.Id && d.CompletedAt != null)
            .OrderBy(d => d.Kind).ThenByDescending(d => d.Version).ThenBy(d => d.Id).ToListAsync(ct);

    /// <summary>
    /// Stores <paramref name="content"/> (read from its current position to its end) under <paramref name="key"/>,
    /// computing its SHA-256 and size while it is written. When a document with that key exists, nothing is
    /// written and that document is returned: the content of a key never changes once stored.
    /// </summary>
    public async Task<DocumentSaved> SaveAsync(DocumentKey key, string fileName, string contentType, Stream content, int? createdByUserId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Subject.Type);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.Length > MaxFileName) throw new ArgumentException($"A document's file name has at most {MaxFileName} characters.", nameof(fileName));
        if (await FindAsync(key, ct) is { } existing) return new DocumentSaved(existing, Created: false);

        // The parameter needs the length up front; a stream that cannot tell it is spooled to a temporary file, never to memory.
        Stream? spooled = null;
        if (!content.CanSeek)
        {
            spooled = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await content.CopyToAsync(spooled, ct);
            spooled.Position = 0;
        }
        try
        {
            var source = spooled ?? content;
            var length = source.Length - source.Position;
            if (length > int.MaxValue) throw new ArgumentException("A document is at most 2 GB.", nameof(content));

            var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                var now = clock.GetUtcNow();
                // ON CONFLICT DO NOTHING: a second writer of the same key waits for the first and then writes nothing.
                var id = await db.Database.SqlQuery<int>($"""
                    INSERT INTO documents (kind, subject_type, subject_id, version, file_name, content_type, size, created_by_user_id, created_at)
                    VALUES ({key.Kind}, {key.Subject.Type}, {key.Subject.Id}, {key.Version}, {fileName}, {contentType}, 0, {createdByUserId}, {now})
                    ON CONFLICT (kind, subject_type, subject_id, version) DO NOTHING
                    RETURNING id AS "Value"
                    """).ToListAsync(ct);
                if (id.Count == 0)
                {
                    if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
                    var first = await FindAsync(key, ct) ?? throw new InvalidOperationException($"Document {key} exists but is not complete.");
                    return new DocumentSaved(first, Created: false);
                }

                using var hashing = new HashingStream(source);
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await using (var insert = new NpgsqlCommand("INSERT INTO document_contents (document_id, content) VALUES (@id, @content)", connection))
                {
                    insert.Transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
                    insert.Parameters.AddWithValue("id", id[0]);
                    // Npgsql reads the stream while it sends the row, so the whole file is never in memory: it takes the length
                    // from the (seekable) stream. Setting Size as well made it read the whole value into memory first
                    // (measured: +190 MB of memory for a 77 MB file, against +3 MB without).
                    insert.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = hashing });
                    await insert.ExecuteNonQueryAsync(ct);
                }
                var sha = Convert.ToHexStringLower(hashing.Hash());
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE documents SET sha256 = {sha}, size = {hashing.Count}, completed_at = {now} WHERE id = {id[0]}", ct);
                if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
                return new DocumentSaved(new StoredDocument
                {
                    Id = id[0], Kind = key.Kind, SubjectType = key.Subject.Type, SubjectId = key.Subject.Id, Version = key.Version, FileName = fileName,
                    ContentType = contentType, Sha256 = sha, Size = hashing.Count, CreatedByUserId = createdByUserId, CreatedAt = now, CompletedAt = now,
                }, Created: true);
            }
            finally
            {
                if (ownTransaction is not null) await ownTransaction.DisposeAsync();
            }
        }
        finally
        {
            if (spooled is not null) await spooled.DisposeAsync();
        }
    }

    /// <summary>
    /// Opens a document's content as a forward-only stream straight from the database (its own connection,
    /// sequential access), or null when there is no such complete document. The caller disposes it.
    /// </summary>
    public async Task<OpenedDocument?> OpenReadAsync(int id, CancellationToken ct = default)
    {
        if (await GetAsync(id, ct) is not { } document) return null;
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        NpgsqlCommand? command = null;
        NpgsqlDataReader? reader = null;
        try
        {
            await connection.OpenAsync(ct);
            command = new NpgsqlCommand("SELECT content FROM document_contents WHERE document_id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"Document {id} has no content.");
            return new OpenedDocument(document, new OwningStream(await reader.GetStreamAsync(0, ct), reader, command, connection));
        }
        catch
        {
            if (reader is not null) await reader.DisposeAsync();
            if (command is not null) await command.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts and hashes what passes through it on the way to the database.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }

        public byte[] Hash() => _sha.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Seen(buffer[..n]);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Seen(buffer.Span[..n]);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Seen(ReadOnlySpan<byte> bytes)
        {
            _sha.AppendData(bytes);
            Count += bytes.Length;
        }

        // Seekable as far as telling the length goes: Npgsql copies a stream that cannot seek into a MemoryStream first
        // to learn its size. It only reads Length and Position, then reads forward, so moving anywhere but where the
        // stream already is stays refused.
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position
        {
            get => inner.Position;
            set => Seek(value, SeekOrigin.Begin);
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => inner.Position + offset, _ => inner.Length + offset };
            if (target != inner.Position) throw new NotSupportedException("The content is hashed as it is read; it can only be read forward.");
            return target;
        }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _sha.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The content stream, which closes its reader, command and connection when it is disposed.</summary>
    private sealed class OwningStream(Stream inner, NpgsqlDataReader reader, NpgsqlCommand command, NpgsqlConnection connection) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                reader.Dispose();
                command.Dispose();
                connection.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await reader.DisposeAsync();
            await command.DisposeAsync();
            await connection.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
