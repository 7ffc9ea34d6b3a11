using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core;

/// <summary>
/// Requests that miss the same cached result together compute it once: the others take the first one's result
/// (at a new data version, the dashboard's first requests all miss its scorecards at once). A computation that fails
/// is not handed on: the one waiting computes the result itself.
/// </summary>
public class ScorecardCacheTests : IAsyncLifetime
{
    private static readonly CachedRead Read = new("single-flight-test");
    private string _cs = "";
    private OpsWebFactory _app = default!;

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateEmptyAsync();
        _app = new OpsWebFactory(_cs);
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(_cs);
    }

    /// <summary>A request's cache with the data version already read, so a lookup goes to the in-memory cache without waiting on the database.</summary>
    private async Task<(AsyncServiceScope Scope, ScorecardCache Cache)> RequestAsync()
    {
        var scope = _app.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<ScorecardCache>();
        cache.ReadVersionOncePerScope();
        await cache.VersionAsync(CancellationToken.None);
        return (scope, cache);
    }

    [Fact]
    public async Task TwoRequestsMissingTheSameResult_ComputeItOnce()
    {
        var key = Guid.NewGuid().ToString();
        var (scopeA, first) = await RequestAsync();
        var (scopeB, second) = await RequestAsync();
        await using var _ = scopeA;
        await using var __ = scopeB;
        var computed = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = first.GetOrCreateAsync(Read, key, async () => { Interlocked.Increment(ref computed); await gate.Task; return "from the first"; }, CancellationToken.None);
        var b = second.GetOrCreateAsync(Read, key, () => { Interlocked.Increment(ref computed); return Task.FromResult("from the second"); }, CancellationToken.None);
        Assert.False(b.IsCompleted);

        gate.SetResult();
        Assert.Equal("from the first", await a);
        Assert.Equal("from the first", await b);
        Assert.Equal(1, computed);
    }

    [Fact]
    public async Task TwoAppsInOneProcess_NeverWaitForOrTakeEachOthersResult()
    {
        // Two apps on the same database (so the same data version and keys), each with its own memory cache, as the
        // tests' nodes are: the second computes its own result while the first's is still running.
        var key = Guid.NewGuid().ToString();
        await using var dbA = _app.CreateDbContext();
        await using var dbB = _app.CreateDbContext();
        var appA = new ScorecardCache(dbA, new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions()));
        var appB = new ScorecardCache(dbB, new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions()));
        appA.ReadVersionOncePerScope();
        appB.ReadVersionOncePerScope();
        Assert.Equal(await appA.VersionAsync(CancellationToken.None), await appB.VersionAsync(CancellationToken.None));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = appA.GetOrCreateAsync(Read, key, async () => { await gate.Task; return "app A's"; }, CancellationToken.None);
        // Bounded only so that a regression fails instead of hanging: waiting for app A's result would never end here.
        Assert.Equal("app B's", await appB.GetOrCreateAsync(Read, key, () => Task.FromResult("app B's"), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2)));
        gate.SetResult();
        Assert.Equal("app A's", await a);
    }

    [Fact]
    public async Task WhenTheFirstComputationFails_TheWaitingRequestComputesItself()
    {
        var key = Guid.NewGuid().ToString();
        var (scopeA, first) = await RequestAsync();
        var (scopeB, second) = await RequestAsync();
        await using var _ = scopeA;
        await using var __ = scopeB;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = first.GetOrCreateAsync<string>(Read, key, async () => { await gate.Task; throw new InvalidOperationException("the database went away"); }, CancellationToken.None);
        var b = second.GetOrCreateAsync(Read, key, () => Task.FromResult("computed again"), CancellationToken.None);
        Assert.False(b.IsCompleted);

        gate.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => a);
        Assert.Equal("computed again", await b);
        var (scopeC, third) = await RequestAsync();
        await using var ___ = scopeC;
        Assert.Equal("computed again", await third.GetOrCreateAsync(Read, key, () => Task.FromResult("not computed"), CancellationToken.None));
    }
}
