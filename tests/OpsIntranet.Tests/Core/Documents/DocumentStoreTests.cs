using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OpsIntranet.Core.Documents;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Documents;

public class DocumentStoreTests : IAsyncLifetime
{
    private static readonly DocumentKey Key = new("evaluation-packet", new DocumentSubject(DocumentSubjects.Evaluation, 41), 2);
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private DocumentStore Store(out Microsoft.EntityFrameworkCore.DbContext db)
    {
        var context = TestDatabases.CreateDbContext(_cs);
        db = context;
        return new DocumentStore(context, new FakeTimeProvider(new DateTimeOffset(2026, 11, 15, 14, 0, 0, TimeSpan.Zero)));
    }

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A stream that cannot seek or tell its length, like a response body or a pipe.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }

    [Fact]
    public async Task Save_ForwardOnlyStream_ReadBackAsAStream_HasTheSameSha256AndSize()
    {
        var content = Bytes(3 * 1024 * 1024 + 17, seed: 7);
        var store = Store(out var db);
        await using (db)
        {
            var saved = await store.SaveAsync(Key, "packet.pdf", "application/pdf", new ForwardOnly(content), createdByUserId: 5, CancellationToken.None);
            Assert.True(saved.Created);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), saved.Document.Sha256);
            Assert.Equal(content.Length, saved.Document.Size);

            await using var opened = await store.OpenReadAsync(saved.Document.Id);
            Assert.NotNull(opened);
            Assert.False(opened.Content.CanSeek);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await opened.Content.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                total += n;
            }
            Assert.Equal(saved.Document.Sha256, Convert.ToHexStringLower(sha.GetHashAndReset()));
            Assert.Equal(content.Length, total);
        }
    }

    [Fact]
    public async Task Save_SameKeyTwice_AsARetriedJobWould_IsOneRow_WithTheFirstContent()
    {
        var first = Bytes(1000, seed: 1);
        var second = Bytes(1200, seed: 2);
        var store = Store(out var db);
        await using (db)
        {
            var a = await store.SaveAsync(Key, "packet.pdf", "application/pdf", new MemoryStream(first), null, CancellationToken.None);
            var b = await store.SaveAsync(Key, "packet.pdf", "application/pdf", new MemoryStream(second), null, CancellationToken.None);
            Assert.True(a.Created);
            Assert.False(b.Created);
            Assert.Equal(a.Document.Id, b.Document.Id);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), b.Document.Sha256);
        }
        await using var check = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(1, await check.Documents.CountAsync());
        Assert.Equal(1, await check.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM document_contents").SingleAsync());
    }

    [Fact]
    public async Task Save_TwoWritersOfOneKeyAtOnce_StoreOneDocument()
    {
        var content = Bytes(200_000, seed: 3);
        var storeA = Store(out var dbA);
        var storeB = Store(out var dbB);
        await using (dbA)
        await using (dbB)
        {
            var results = await Task.WhenAll(
                storeA.SaveAsync(Key, "packet.pdf", "application/pdf", new MemoryStream(content), null, CancellationToken.None),
                storeB.SaveAsync(Key, "packet.pdf", "application/pdf", new MemoryStream(content), null, CancellationToken.None));
            Assert.Single(results, r => r.Created);
            Assert.Equal(results[0].Document.Id, results[1].Document.Id);
        }
        await using var check = TestDatabases.CreateDbContext(_cs);
        Assert.Equal(1, await check.Documents.CountAsync());
    }

    [Fact]
    public async Task List_BySubject_GivesItsCompleteDocuments_AndOpenOfAnUnknownIdIsNull()
    {
        var store = Store(out var db);
        await using (db)
        {
            await store.SaveAsync(Key, "v2.pdf", "application/pdf", new MemoryStream(Bytes(10, 1)), null, CancellationToken.None);
            await store.SaveAsync(Key with { Version = 1 }, "v1.pdf", "application/pdf", new MemoryStream(Bytes(10, 2)), null, CancellationToken.None);
            await store.SaveAsync(Key with { Subject = new DocumentSubject(DocumentSubjects.Evaluation, 42) }, "other.pdf", "application/pdf", new MemoryStream(Bytes(10, 3)), null, CancellationToken.None);

            Assert.Equal(["v2.pdf", "v1.pdf"], (await store.ListAsync(Key.Subject)).Select(d => d.FileName));
            Assert.Null(await store.OpenReadAsync(999_999));
        }
    }
}
