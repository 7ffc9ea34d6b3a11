using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OpsIntranet.Core.Data;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Ops";

    public static string GetOpsConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set. See README.md, Configuration.");

    public static void ConfigureOps(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
               .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Applies the pending migrations. On a blank database the provider's existence check reads the
    /// history table, and the failed SELECT is logged as an error (dotnet/efcore#37328) that reads as a
    /// fault on a normal first start. Creating the table first with the provider's own idempotent
    /// script (what Migrate does next anyway) leaves that check nothing to fail on.
    /// </summary>
    public static async Task MigrateOpsAsync(this AppDbContext db, CancellationToken ct = default)
    {
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Registers the AppDbContext for the web app, the worker and the tests alike.</summary>
    public static IServiceCollection AddOpsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetOpsConnectionString();
        services.AddDbContext<AppDbContext>(o => o.ConfigureOps(connectionString));
        return services;
    }
}

/// <summary>Lets `dotnet ef` build the context without starting the web app.</summary>
public class DesignTimeDbContextFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Ops") ?? "Host=localhost;Database=opsintranet_design";
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.ConfigureOps(cs);
        return new AppDbContext(builder.Options);
    }
}
