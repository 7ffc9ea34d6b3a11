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
