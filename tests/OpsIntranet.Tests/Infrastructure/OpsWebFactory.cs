using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>The real web app on a test database, with the test clock (or the given one) and no background job server unless asked.</summary>
public class OpsWebFactory(string connectionString, bool loadDemoData = false, IDictionary<string, string?>? settings = null, string environment = "Testing", TimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    // Test hosts never reload appsettings: each watcher costs an inotify instance, and a busy machine's
    // per-user limit (128) then fails host start-ups at random. Read when each host is built.
    static OpsWebFactory() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

    public string ConnectionString { get; } = connectionString;

    /// <summary>As the base class does, but an app that fails to start (a test of bad settings) is disposed, not left holding its resources.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Ops", ConnectionString);
        builder.UseSetting("Database:Migrate", "true");
        builder.UseSetting("DemoData:Load", loadDemoData ? "true" : "false");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Jobs:RegisterRecurringJobs", "false");
        builder.UseSetting("Chromium:RecycleAfterRenders", "50");
        // Keep the test output readable: warnings and errors only.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Hangfire", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock ?? TestClock.Create()));
    }

    /// <summary>A context of its own on the test database, for arranging and checking data beside the app.</summary>
    public AppDbContext CreateDbContext() => TestDatabases.CreateDbContext(ConnectionString);
}
