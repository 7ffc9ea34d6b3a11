using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Infrastructure;

public class DatabaseStartupTests
{
    [Fact]
    public async Task FirstAndSecondStart_OnABlankDatabase_MigrateWithoutLoggingAnError()
    {
        var cs = await TestDatabases.CreateBlankAsync();
        var logs = new CapturedLogs();
        try
        {
            // Starting the host runs PrepareDatabaseAsync; the second start finds everything in place.
            for (var start = 0; start < 2; start++)
                await using (var factory = new OpsWebFactory(cs).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))))
                    _ = factory.Server;

            await using var db = TestDatabases.CreateDbContext(cs);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error || (e.Level == LogLevel.Warning && e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))).Select(e => $"{e.Category}: {e.Message}").ToList();
            Assert.True(errors.Count == 0, "Errors logged on a normal start:\n" + string.Join("\n", errors));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
