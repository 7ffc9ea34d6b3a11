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
    private static readonly MemoryCacheEntryOptions Entry = new() { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 };

    /// <summary>The version row is bumped by triggers on units, metric definitions, targets, submissions and values (see the ScorecardDataVersion migration).</summary>
    public async Task<string> VersionAsync(CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<long>("SELECT version AS \"Value\" FROM scorecard_data_version WHERE id = 1").SingleAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The read's result for this key at the current data version, computed on a miss. Every cached read
    /// declares the tables it depends on (<see cref="CachedRead"/>), so none can be cached without saying so.
    /// </summary>
    public async Task<T> GetOrCreateAsync<T>(CachedRead read, string key, Func<Task<T>> create, CancellationToken ct)
    {
        var versioned = $"{read.Name}:{key}@{await VersionAsync(ct)}";
        if (cache.TryGetValue(versioned, out T? hit) && hit is not null) return hit;
        var outer = Computing.Value;
        Computing.Value = read;
        try
        {
            var value = await create();
            cache.Set(versioned, value, Entry);
            return value;
        }
        finally
        {
            Computing.Value = outer;
        }
    }

    /// <summary>The read being computed on this flow, so a test can tell which read sent which SQL.</summary>
    internal static readonly AsyncLocal<CachedRead?> Computing = new();
}
