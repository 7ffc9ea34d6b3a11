using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsIntranet.Core;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs.ScaleOut;

/// <summary>
/// The nodes of a scaled-out installation inside one test process: the web app with its in-process job server, and job
/// nodes built as jobs/OpsIntranet.Worker/Program.cs builds its host (AddOpsCore, AddOpsDocuments, AddOpsJobs), all on one
/// database and one clock. A copy of what KilledWorkerTests.Node and DeliveryDrill.Node do, without their test jobs.
/// </summary>
public static class ScaleOutNodes
{
    /// <summary>A job node; <paramref name="settings"/> come on top of the worker's own (mail server, workers, renders).</summary>
    public static IHost Worker(string connectionString, TimeProvider clock, IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ops"] = connectionString,
            ["Jobs:RunServer"] = "true",
            ["Jobs:RegisterRecurringJobs"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock);
        OwnActivator(builder.Services);
        builder.Services.AddOpsCore(builder.Configuration).AddOpsDocuments(builder.Configuration).AddOpsJobs(builder.Configuration);
        var host = builder.Build();
        // JobStorage.Current is process-wide: make sure this node took its own database's storage.
        var storage = host.Services.GetRequiredService<JobStorage>().ToString() ?? "";
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        if (!storage.Contains($"DB: {database},", StringComparison.Ordinal))
            throw new InvalidOperationException($"The job node got another test's job storage ({storage}), not {database}.");
        return host;
    }

    /// <summary>
    /// Hangfire hands each host the process-wide JobActivator.Current, which the last host built overwrites; each node's
    /// jobs must come from its own services, or one node's jobs would quietly run on another's.
    /// </summary>
    public static void OwnActivator(IServiceCollection services) =>
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
}

/// <summary>The web app as a node: its own Hangfire server in the process (Jobs:RunServer, as deployed by default).</summary>
public sealed class WebNode(string connectionString, TimeProvider clock, IDictionary<string, string?> settings)
    : OpsWebFactory(connectionString, settings: new Dictionary<string, string?>(settings) { ["Jobs:RunServer"] = "true" }, clock: clock)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(ScaleOutNodes.OwnActivator);
    }
}

/// <summary>
/// A job filter for every server of the process: it writes down which server performed which job (the ServerId of the
/// job's Processing state), and holds the jobs that start before each of <paramref name="servers"/> servers has started
/// one, so every node is sure to take part instead of the quickest one taking the whole queue. It never holds a job
/// longer than <paramref name="longest"/>; the test then finds a node that did nothing and fails saying so.
/// </summary>
public sealed class WhoRanWhat(int servers, TimeSpan longest) : IServerFilter
{
    private readonly ConcurrentQueue<(string JobId, string Job, string ServerId)> _performed = new();
    private readonly ConcurrentDictionary<string, bool> _started = new();
    private readonly ManualResetEventSlim _everyServerStarted = new();

    public IReadOnlyList<(string JobId, string Job, string ServerId)> Performed => [.. _performed];

    public void OnPerforming(PerformingContext context)
    {
        var state = context.Connection.GetStateData(context.BackgroundJob.Id);
        var serverId = state?.Data.TryGetValue("ServerId", out var id) == true ? id : "(unknown)";
        _performed.Enqueue((context.BackgroundJob.Id, $"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}", serverId));
        _started[serverId] = true;
        if (_started.Count >= servers) _everyServerStarted.Set();
        _everyServerStarted.Wait(longest);
    }

    public void OnPerformed(PerformedContext context) { }
}
