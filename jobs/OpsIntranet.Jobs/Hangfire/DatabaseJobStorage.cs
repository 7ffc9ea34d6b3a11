using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// Hangfire storage on the database of this unit of work's <see cref="AppDbContext"/>. Hangfire's own DI storage is
/// the process-wide <see cref="JobStorage.Current"/>; where one process hosts the app more than once (the test suite),
/// that may be another host's database, so recurring jobs and enqueues that belong with rows go through this one.
/// </summary>
public sealed class DatabaseJobStorage(AppDbContext db, JobStorage appStorage, IOptions<JobsOptions> jobs)
{
    private PostgreSqlStorage? _storage;

    public JobStorage Storage => _storage ??= Create();

    public IRecurringJobManager RecurringJobs => new RecurringJobManager(Storage);

    public IBackgroundJobClient Client => new BackgroundJobClient(Storage);

    private PostgreSqlStorage Create()
    {
        // Resolving the app's storage applies Hangfire's global configuration (serializer settings) first.
        _ = appStorage;
        var options = HangfireSetup.StorageOptions(jobs.Value);
        // The schema exists (the app's storage prepared it).
        options.PrepareSchemaIfNecessary = false;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(db.Database.GetConnectionString()!, options), options);
    }
}
