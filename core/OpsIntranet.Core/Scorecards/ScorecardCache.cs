using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Scorecards;

/// <summary>
/// Keeps computed scorecards and signals in memory, keyed by a version read from the database on
/// every use, which database triggers move on every statement that touches units, definitions,
/// targets, submissions, values or employees (the people graph of the personnel rules is cached here
/// too). Any write — by this node, another node, an import or a hand-written
/// SQL fix — changes it, so nothing stale is served; reading it is one primary-key lookup instead of
/// recomputing 25 months of every metric.
/// </summary>
public class ScorecardCache(AppDbContext db, IMemoryCache cache)
{
    /// <summary>The version row is bumped by triggers on units, metric definitions, targets, submissions and values (see the ScorecardDataVersion migration), and since PagesInDataVersion on what the cached pages show besides (PageCache).</summary>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        if (_readOnce is { } kept) return kept;
        var version = (await db.Database.SqlQueryRaw<long>("SELECT version AS \"Value\" FROM scorecard_data_version WHERE id = 1").SingleAsync(ct))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_keepForScope) _readOnce = version;
        return version;
    }

    private bool _keepForScope;
    private string? _readOnce;

    /// <summary>
    /// For a scope that only reads (a GET of a page): the version is read once and the same one answers every cached
    /// read of the scope (the viewer's people graph, the layout's storm banner, the page's kept parts) — one round trip
    /// instead of one per read. A scope that writes must not use it: its later reads would be keyed by the version
    /// before its own write.
    /// </summary>
    public void ReadVersionOncePerScope() => _keepForScope = true;

    /// <summary>
    /// The read's result for this key at the current data version, computed on a miss. Every cached read
    /// declares the tables it depends on (<see cref="CachedRead"/>), so none can be cached without saying so.
    /// </summary>
    public async Task<T> GetOrCreateAsync<T>(CachedRead read, string key, Func<Task<T>> create, CancellationToken ct)
    {
        var slot = await LookupAsync<T>(read, key, ct);
        if (slot.Hit is { } hit) return hit;
        var computations = InFlight.Computations;
        var mine = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = computations.GetOrAdd(slot.Key, mine);
        if (running != mine)
        {
            // Another request is computing this very result: take theirs. Only if theirs failed or was cancelled
            // (their request ended) is it computed here too.
            try
            {
                if (await running.Task.WaitAsync(ct) is T theirs) return theirs;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
            }
            return await ComputeAndStoreAsync(read, slot, create);
        }
        try
        {
            var value = await ComputeAndStoreAsync(read, slot, create);
            mine.TrySetResult(value);
            return value;
        }
        catch (Exception e)
        {
            mine.TrySetException(e);
            throw;
        }
        finally
        {
            computations.TryRemove(new KeyValuePair<string, TaskCompletionSource<object?>>(slot.Key, mine));
        }
    }

    /// <summary>
    /// What is being computed or rendered after a miss, by versioned key, so requests that miss the same one together
    /// make it once (at every new data version the first requests of the dashboard all miss it at once). One set per
    /// memory cache, that is per app: two apps in one process (the tests' nodes, on different databases) share a version
    /// number and keys, and must never wait for, or take, each other's results.
    /// </summary>
    public Flights InFlight => AllFlights.GetValue(cache, _ => new Flights());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMemoryCache, Flights> AllFlights = [];

    /// <summary>The computations (<see cref="GetOrCreateAsync{T}"/>) and page renders (the web's PageCache) in flight in one app.</summary>
    public sealed class Flights
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<object?>> Computations { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Renders { get; } = new();
    }

    private static async Task<T> ComputeAndStoreAsync<T>(CachedRead read, CacheSlot<T> slot, Func<Task<T>> create)
    {
        var value = await ComputeAsync(read, create);
        slot.Store(value);
        return value;
    }

    /// <summary>
    /// Looks a read's result up at the current data version without computing it: a page that keeps its
    /// rendered HTML checks first and loads its data only on a miss (<see cref="ComputeAsync{T}"/>), then stores.
    /// The version is read before the data, so a write in between can only make the stored result newer than its key.
    /// </summary>
    public async Task<CacheSlot<T>> LookupAsync<T>(CachedRead read, string key, CancellationToken ct) => At<T>(await VersionAsync(ct), read, key);

    /// <summary>The slot at a version already read in this request (a page with two cached parts reads it once).</summary>
    public CacheSlot<T> At<T>(string version, CachedRead read, string key)
    {
        var versioned = $"{read.Name}:{key}@{version}";
        return new CacheSlot<T>(cache, versioned, cache.TryGetValue(versioned, out T? hit) ? hit : default);
    }

    /// <summary>Runs the computation of a read, marked as that read (so the dependency test sees which SQL it sends).</summary>
    public static async Task<T> ComputeAsync<T>(CachedRead read, Func<Task<T>> create)
    {
        var outer = Computing.Value;
        Computing.Value = read;
        try
        {
            return await create();
        }
        finally
        {
            Computing.Value = outer;
        }
    }

    /// <summary>The read being computed on this flow, so a test can tell which read sent which SQL.</summary>
    internal static readonly AsyncLocal<CachedRead?> Computing = new();
}

/// <summary>One read's place in the cache at the version it was looked up with: the value if there was one, and where to store it.</summary>
public sealed class CacheSlot<T>(IMemoryCache cache, string versionedKey, T? hit)
{
    private static readonly TimeSpan Sliding = TimeSpan.FromMinutes(10);

    public T? Hit { get; } = hit;

    public string Key => versionedKey;

    /// <summary>Keeps the value under this slot's version; size counts entries, with large text (a page's HTML) weighed per 64 KB.</summary>
    public void Store(T value, string? part = null) =>
        cache.Set(part is null ? versionedKey : $"{versionedKey}#{part}", value,
            new MemoryCacheEntryOptions { SlidingExpiration = Sliding, Size = 1 + (value is string s ? s.Length / 65536 : 0) });

    /// <summary>A named part of another type stored beside the slot's value, weighed by its <paramref name="length"/> in characters.</summary>
    public void StorePart(object value, string part, int length) =>
        cache.Set($"{versionedKey}#{part}", value, new MemoryCacheEntryOptions { SlidingExpiration = Sliding, Size = 1 + length / 65536 });

    /// <summary>A named part stored beside the slot's value (a page keeps its title and its fragments this way).</summary>
    public TPart? Part<TPart>(string part) where TPart : class => cache.TryGetValue($"{versionedKey}#{part}", out TPart? value) ? value : null;
}
