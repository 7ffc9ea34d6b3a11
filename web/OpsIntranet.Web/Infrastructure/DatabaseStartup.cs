using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Demo;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Start-up database work, switched by configuration: "Database:Migrate" (on by default) applies
/// migrations; "DemoData:Load" (off by default) loads the demo department into an empty database.
/// </summary>
public static class DatabaseStartup
{
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
        if (config.GetValue("DemoData:Load", false))
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
            logger.LogInformation("Demo data: {Result}.", result);
        }
    }
}
