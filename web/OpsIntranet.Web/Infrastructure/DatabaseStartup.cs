using Hangfire;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Demo;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Start-up database work, switched by configuration: "Database:Migrate" (on by default) applies
/// migrations; "DemoData:Load" (off by default) loads the demo department into an empty database.
/// </summary>
public static class DatabaseStartup
{
    public const string DemoDataLoadKey = "DemoData:Load";

    /// <summary>
    /// Registers the demo loader only when "DemoData:Load" asks for it (scripts/run.sh, docker-compose's
    /// Development web service, the tests' demo template). Production never gets it: asking there stops
    /// the start-up instead of quietly loading, or quietly ignoring, the setting.
    /// </summary>
    public static WebApplicationBuilder AddOpsDemoWhenAsked(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(DemoDataLoadKey, false)) return builder;
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException(
                $"{DemoDataLoadKey} is true, but the environment is Production: the demo department is never loaded into a production database. Remove {DemoDataLoadKey} (DemoData__Load) from the settings.");
        builder.Services.AddOpsDemo();
        return builder;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        // The settings are checked first (the same checks the host runs when it starts), so a bad value
        // stops the app before it touches the database.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        using var scope = app.Services.CreateScope();
        var config = app.Configuration;
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OpsIntranet.Startup");
        if (config.GetValue("Database:Migrate", true))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.MigrateOpsAsync();
            logger.LogInformation("Database migrated.");
        }
        if (config.GetValue(DemoDataLoadKey, false))
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
            logger.LogInformation("Demo data: {Result}.", result);
            if (result == DemoSeedResult.Loaded) await QueueDemoPacketsAsync(scope.ServiceProvider, logger);
        }
    }

    /// <summary>
    /// The demo's approvals are written in the loader's one transaction, which a job cannot join, so their packet
    /// versions are queued here, once the data is committed: a new user finds the packets ready instead of "Being prepared".
    /// </summary>
    private static async Task QueueDemoPacketsAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var versions = await db.Set<Core.Evaluations.Packets.PacketVersion>().AsNoTracking()
            .Select(v => new { v.EvaluationId, v.Number }).ToListAsync();
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        foreach (var v in versions)
            jobs.Enqueue<Jobs.Evaluations.GenerateEvaluationPacketJob>(job => job.ExecuteAsync(v.EvaluationId, v.Number, CancellationToken.None));
        logger.LogInformation("Queued the demo's {Count} evaluation packet versions for rendering.", versions.Count);
    }
}
