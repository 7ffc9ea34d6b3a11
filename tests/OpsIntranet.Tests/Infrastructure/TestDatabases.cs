using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for every test. The server comes from OPS_TEST_CONNECTION (scripts/test.sh starts
/// a private throwaway cluster and sets it). Two templates are built once per run — one migrated and
/// empty, one with the demo department loaded — and each test class gets its own clone of one.
/// </summary>
public static class TestDatabases
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _emptyTemplate;
    private static string? _demoTemplate;
    private static int _counter;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("OPS_TEST_CONNECTION")
        ?? throw new InvalidOperationException("OPS_TEST_CONNECTION is not set. Run the tests with scripts/test.sh, which starts a private PostgreSQL, or set it to a superuser connection string.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>A migrated database with no data, new for the caller.</summary>
    public static async Task<string> CreateEmptyAsync() => await CloneAsync(await EmptyTemplateAsync());

    /// <summary>A migrated database holding the demo department as of <see cref="TestClock.Now"/>, new for the caller.</summary>
    public static async Task<string> CreateDemoAsync() => await CloneAsync(await DemoTemplateAsync());

    /// <summary>A database with nothing in it at all (not migrated).</summary>
    public static async Task<string> CreateBlankAsync()
    {
        var name = NewName("blank");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionStringFor(name);
    }

    public static AppDbContext CreateDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.ConfigureOps(connectionString);
        return new AppDbContext(options.Options);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task<string> EmptyTemplateAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_emptyTemplate is not null) return _emptyTemplate;
            var name = $"ops_tpl_empty_{RunId}";
            await ExecuteAsync($"CREATE DATABASE \"{name}\"");
            await using (var db = CreateDbContext(ConnectionStringFor(name))) await db.MigrateOpsAsync();
            NpgsqlConnection.ClearAllPools();
            return _emptyTemplate = name;
        }
        finally { Gate.Release(); }
    }

    private static async Task<string> DemoTemplateAsync()
    {
        var empty = await EmptyTemplateAsync();
        await Gate.WaitAsync();
        try
        {
            if (_demoTemplate is not null) return _demoTemplate;
            var name = $"ops_tpl_demo_{RunId}";
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{empty}\"");
            // Loaded through the app's own start-up path, with the test clock.
            await using (var factory = new OpsWebFactory(ConnectionStringFor(name), loadDemoData: true))
                _ = factory.Server; // starting the host runs PrepareDatabaseAsync
            NpgsqlConnection.ClearAllPools();
            return _demoTemplate = name;
        }
        finally { Gate.Release(); }
    }

    private static async Task<string> CloneAsync(string template)
    {
        var name = NewName("t");
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return ConnectionStringFor(name);
    }

    private static string NewName(string prefix) => $"ops_{prefix}_{RunId}_{Interlocked.Increment(ref _counter)}";

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
