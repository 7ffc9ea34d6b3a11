using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core;

/// <summary>
/// Every cached read declares the tables it depends on (<see cref="CachedRead"/>). These tests hold the
/// declarations to the database: a write to each declared table moves the data version the cache is
/// keyed on, and the SQL each read sends touches no table it did not declare.
/// </summary>
public partial class CachedReadDependencyTests : IAsyncLifetime
{
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateDemoAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    /// <summary>Every CachedRead declared anywhere in Core or the web app.</summary>
    private static List<CachedRead> DeclaredReads() =>
        new[] { typeof(ScorecardCache).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes()).Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(CachedRead))
            .Select(f => (CachedRead)f.GetValue(null)!)
            .ToList();

    [Fact]
    public void EveryCachedRead_IsDeclared_WithTablesThatAreInTheModel()
    {
        var reads = DeclaredReads();
        // The reads the app caches today (from "dashboard" on whole pages or parts, PageCache); a new one is found by the same scan.
        Assert.Superset(new HashSet<string> { "dept", "unit", "signals", "people-graph", "charts", "dashboard", "home-inbox", "unit-page", "improvement-board",
            "month-form", "report-form", "subscription-list", "storm-layout", "people-directory",
            "storm-board", "storm-board-access", "cycle-list", "packet-batches" }, reads.Select(r => r.Name).ToHashSet());
        Assert.Equal(reads.Count, reads.Select(r => r.Name).Distinct().Count());
        using var db = TestDatabases.CreateDbContext(TestDatabases.ServerConnectionString);
        Assert.All(reads, r =>
        {
            Assert.NotEmpty(r.DependsOn);
            Assert.All(r.DependsOn, t => Assert.NotNull(db.Model.FindEntityType(t)?.GetTableName()));
        });
    }

    [Fact]
    public async Task AWriteToEachDeclaredTable_MovesTheDataVersion_AndATriggerCoversInsertUpdateAndDelete()
    {
        await using var db = TestDatabases.CreateDbContext(_cs);
        var cache = new ScorecardCache(db, new MemoryCache(new MemoryCacheOptions()));
        var failures = new List<string>();
        foreach (var type in DeclaredReads().SelectMany(r => r.DependsOn).Distinct())
        {
            var entity = db.Model.FindEntityType(type)!;
            var table = entity.GetTableName()!;
            var key = entity.FindPrimaryKey()!.Properties[0].GetColumnName();
            var before = long.Parse(await cache.VersionAsync(default), System.Globalization.CultureInfo.InvariantCulture);
            // A write that changes no value still is a write: the statement-level meaning is what the cache must see.
            var write = $"UPDATE \"{table}\" SET \"{key}\" = \"{key}\" WHERE \"{key}\" = (SELECT min(\"{key}\") FROM \"{table}\")";
            var rows = await db.Database.ExecuteSqlRawAsync(write);
            // A table the demo leaves empty (signal dismissals) is held to its triggers below only.
            var after = long.Parse(await cache.VersionAsync(default), System.Globalization.CultureInfo.InvariantCulture);
            if (rows == 1 && after <= before) failures.Add($"a write to {table} did not move the data version ({before} → {after})");

            // pg_trigger.tgtype bits: 4 insert, 8 delete, 16 update.
            var triggers = $"""
                SELECT coalesce(bit_or(t.tgtype::int) & 28, 0) AS "Value" FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE t.tgrelid = '"{table}"'::regclass AND p.proname = 'bump_scorecard_data_version'
                """;
            var covered = await db.Database.SqlQueryRaw<int>(triggers).SingleAsync();
            var missing = new[] { (4, "INSERT"), (16, "UPDATE"), (8, "DELETE") }.Where(b => (covered & b.Item1) == 0).Select(b => b.Item2).ToList();
            if (missing.Count > 0) failures.Add($"{table}: no version trigger on {string.Join(", ", missing)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Records the SQL each cached read sends while it is being computed.</summary>
    private sealed class CaptureReads : DbCommandInterceptor
    {
        public ConcurrentBag<(string Read, string Sql)> Commands { get; } = [];

        private void Record(DbCommand command)
        {
            if (ScorecardCache.Computing.Value is { } read) Commands.Add((read.Name, command.CommandText));
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private sealed class CapturingApp(string cs, CaptureReads capture) : OpsWebFactory(cs)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(capture)));
        }
    }

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+(?:ONLY\s+)?""?([a-z_][a-z0-9_]*)""?", RegexOptions.IgnoreCase)]
    private static partial Regex TableAfterFromOrJoin();

    [Fact]
    public async Task EachCachedRead_SendsSqlOnlyForTheTablesItDeclares()
    {
        var capture = new CaptureReads();
        await using var app = new CapturingApp(_cs, capture);
        int ucc, storm, cycle;
        DateOnly month;
        await using (var db = app.CreateDbContext())
        {
            ucc = await db.Units.Where(u => u.Name == "Utility Contact Center").Select(u => u.Id).SingleAsync();
            // A month with values, a trail and (in the demo) corrections: the form reads every table it can.
            month = await db.MetricSubmissions.Where(s => s.UnitId == ucc && s.Status == OpsIntranet.Core.Metrics.SubmissionStatus.Approved).MaxAsync(s => s.Month);
            storm = await db.StormEvents.Where(e => e.Units.Any(u => u.UnitId == ucc)).Select(e => e.Id).FirstAsync();
            cycle = await db.EvaluationCycles.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        // A manager's home (department scorecard, signals), a unit (its scorecard, charts, signals), the
        // people list (the reporting lines, the directory kept as HTML), a monthly form, the reports page (first visit: its defaults),
        // the subscriptions, the demo storm's coverage board (its access and its board) and an evaluation cycle's list: every
        // cached read is computed on a fresh cache.
        var maria = await app.SignedInClientAsync(DemoUsers.ManagerA);
        foreach (var url in new[] { "/", $"/units/{ucc}", "/people", "/initiatives", $"/units/{ucc}/months/{month:yyyy-MM}", "/reports", "/reports/subscriptions", $"/storm/{storm}/coverage", $"/evaluations/cycles/{cycle}" })
            await maria.GetDocumentAsync(url);

        using var model = TestDatabases.CreateDbContext(_cs);
        var modelTables = model.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet();
        var failures = new List<string>();
        var seen = capture.Commands.Select(c => c.Read).ToHashSet();
        // The charts are drawn in memory from the unit's scorecard and send no SQL of their own.
        Assert.Superset(new HashSet<string> { "dept", "unit", "signals", "people-graph", "dashboard", "home-inbox", "unit-page", "improvement-board",
            "month-form", "report-form", "subscription-list", "storm-layout", "people-directory",
            "storm-board", "storm-board-access", "cycle-list", "packet-batches" }, seen);
        foreach (var read in DeclaredReads().Where(r => seen.Contains(r.Name)))
        {
            var declared = read.DependsOn.Select(t => model.Model.FindEntityType(t)!.GetTableName()!).ToHashSet();
            var touched = capture.Commands.Where(c => c.Read == read.Name)
                .SelectMany(c => TableAfterFromOrJoin().Matches(c.Sql).Select(m => m.Groups[1].Value))
                .Where(modelTables.Contains).ToHashSet();
            Assert.NotEmpty(touched);
            var undeclared = touched.Except(declared).ToList();
            if (undeclared.Count > 0) failures.Add($"{read.Name} reads {string.Join(", ", undeclared)} without declaring it");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
