using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Demo;
using OpsIntranet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Core.Demo;

/// <summary>
/// The demo department must load whatever the date: it is built relative to "today", and on the 1st–5th
/// of every month it once failed. Each day of fiscal year 2028 (which holds 29 February and both
/// daylight-saving days) is loaded inside a transaction that is then rolled back.
/// </summary>
public class DemoDataEveryDayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Seed_EveryDayOfAFiscalYear_Loads()
    {
        var instants = new List<DateTimeOffset>();
        var times = new[] { new TimeOnly(0, 5), new TimeOnly(9, 0), new TimeOnly(23, 55) };
        var index = 0;
        for (var day = new DateOnly(2027, 10, 1); day <= new DateOnly(2028, 9, 30); day = day.AddDays(1), index++)
            instants.Add(Eastern(day, times[index % times.Length]));
        // Both daylight-saving days, around the change (06:00–07:30 UTC is 01:00–03:30 Eastern on those days).
        foreach (var day in new[] { new DateOnly(2027, 11, 7), new DateOnly(2028, 3, 12) })
            foreach (var minutes in new[] { 5 * 60 + 30, 6 * 60 + 30, 7 * 60 + 30 })
                instants.Add(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(minutes));

        // Two streams, each on its own database, so both cores work; each stream's clock only moves forward.
        instants.Sort();
        var streams = await Task.WhenAll(Enumerable.Range(0, 2).Select(k => LoadOnEachAsync(instants.Where((_, i) => i % 2 == k).ToList())));
        var failures = streams.SelectMany(f => f).Order().ToList();

        Assert.True(failures.Count == 0, $"The demo data did not load on {failures.Count} of {instants.Count} dates:\n" + string.Join("\n", failures));
    }

    private async Task<List<string>> LoadOnEachAsync(IReadOnlyList<DateTimeOffset> instants)
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        var clock = new FakeTimeProvider(instants[0]);
        var failures = new List<string>();
        var started = DateTime.UtcNow;
        try
        {
            await using var app = new OpsWebFactory(cs, clock: clock);
            // The seeder is called directly, not at start-up, so the host gets it as one asked to load the demo would.
            var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddOpsDemo()));
            foreach (var instant in instants)
            {
                clock.SetUtcNow(instant);
                // Caches keyed by data version would outlive the rolled-back load and name rows that no longer exist.
                ((MemoryCache)factory.Services.GetRequiredService<IMemoryCache>()).Compact(1.0);
                using var scope = factory.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync();
                try
                {
                    var result = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
                    var problem = result != DemoSeedResult.Loaded ? $"result {result}" : await WhatIsMissingAsync(db, clock);
                    if (problem is not null) failures.Add($"{Describe(instant)}: {problem}");
                }
                catch (Exception e)
                {
                    failures.Add($"{Describe(instant)}: {e.GetType().Name}: {e.Message}");
                }
                finally
                {
                    await tx.RollbackAsync();
                }
            }
        }
        finally { await TestDatabases.DropAsync(cs); }
        output.WriteLine($"{instants.Count} loads in {(DateTime.UtcNow - started).TotalSeconds:0} s");
        return failures;
    }

    /// <summary>What a loaded department must hold on any date; null when it is all there.</summary>
    private static async Task<string?> WhatIsMissingAsync(AppDbContext db, TimeProvider clock)
    {
        var lastMonth = DepartmentCalendar.PreviousMonth(clock);
        if (await db.Units.CountAsync() != 9) return "not nine units";
        if (await db.Users.CountAsync() is var accounts && accounts != 14) return $"{accounts} accounts, not 14";
        if (!await db.MetricSubmissions.AnyAsync(s => s.Month == lastMonth)) return "nothing for last month";
        if (await db.Evaluations.CountAsync() < 10) return "fewer than ten evaluations";
        // Three of its own, and one made from the demo hurricane's after-action review.
        if (await db.Initiatives.CountAsync() != 4) return "not four initiatives";
        if (await db.StormEvents.CountAsync(e => e.State == OpsIntranet.Core.Storm.StormState.Closed) != 1) return "not one closed storm event";
        if (await db.StormEvents.AnyAsync(e => e.State != OpsIntranet.Core.Storm.StormState.Closed) || await db.StormEventUnits.AnyAsync(u => u.IsOpen)) return "a storm event still open";
        if (await db.StormShifts.CountAsync() != 6 || await db.ShiftReports.CountAsync() != 12) return "not six storm shifts with twelve reports";
        if (await db.UnitGoals.CountAsync() != 27) return "not 27 goals";
        return null;
    }

    private static DateTimeOffset Eastern(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, DepartmentCalendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Describe(DateTimeOffset instant) =>
        $"{DepartmentCalendar.ToLocal(instant):yyyy-MM-dd HH:mm} Eastern";
}
