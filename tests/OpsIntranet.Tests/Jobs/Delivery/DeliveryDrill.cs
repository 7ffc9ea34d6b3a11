using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsIntranet.Core;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs.Delivery;

/// <summary>
/// A report that exists only in these tests ("delivery-drill": a short text e-mail, no document), so the delivery
/// layer can be driven with any number of recipients without rendering a PDF; and the ways to start its runs.
/// </summary>
public class DrillMail : IReportMail
{
    public const string ReportName = "delivery-drill";

    public string Report => ReportName;

    public Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct) =>
        Task.FromResult(new ReportMailContent($"Drill {run.Period}", $"<p>Drill for {delivery.Recipient}</p>", $"Drill for {delivery.Recipient}"));
}

public static class DeliveryDrill
{
    /// <summary>Settings that point the app's mail sender at a local server.</summary>
    public static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
        ["Intranet:Url"] = "https://ops.example/",
    };

    public static List<string> Recipients(int count) => [.. Enumerable.Range(1, count).Select(i => $"person{i:D3}@cityutility.example")];

    /// <summary>A run of the drill report with its deliveries and jobs, as a report's job makes one; optionally a subscription's.</summary>
    public static async Task<ReportRun> StartRunAsync(IServiceProvider services, IReadOnlyList<string> recipients, int? subscriptionId = null, string period = "2026-10")
    {
        await using var scope = services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
        var scope_ = subscriptionId is { } s ? ReportSubscription.ScopeOf(s) : "drill";
        var run = await ledger.EnsureRunAsync(new RunKey(DrillMail.ReportName, scope_, period), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);
        if (subscriptionId is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<global::OpsIntranet.Core.Data.AppDbContext>();
            await db.ReportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.SubscriptionId, subscriptionId));
        }
        await scope.ServiceProvider.GetRequiredService<RunDispatcher>().DispatchAsync(run, recipients, "drill", CancellationToken.None);
        return run;
    }

    /// <summary>A subscription kept by <paramref name="ownerUserId"/> over <paramref name="unitIds"/>, written straight to the table (its pages are another feature's).</summary>
    public static async Task<int> SubscriptionAsync(string connectionString, int? ownerUserId, params int[] unitIds)
    {
        await using var db = TestDatabases.CreateDbContext(connectionString);
        var subscription = new ReportSubscription
        {
            Name = "Drill to the floor", ReportKind = DrillMail.ReportName, Subject = "Drill", OwnerUserId = ownerUserId, UnitIds = [.. unitIds],
            Addresses = ["floor@cityutility.example"], CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        db.ReportSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    /// <summary>
    /// A job node built the way the worker builds one (AddOpsCore, AddOpsDocuments, AddOpsJobs), with the drill report,
    /// one worker, and the given clock and settings.
    /// </summary>
    public static IHost Node(string connectionString, int smtpPort, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ops"] = connectionString,
            ["Jobs:RunServer"] = "true",
            ["Jobs:WorkerCount"] = "1",
            ["Jobs:RegisterRecurringJobs"] = "false",
            ["Chromium:RecycleAfterRenders"] = "50",
        });
        builder.Configuration.AddInMemoryCollection(SmtpSettings(smtpPort));
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (clock is not null) builder.Services.AddSingleton(clock);
        // As KilledWorkerTests.Node: this node's jobs come from this node's services, not the process-wide activator.
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddOpsCore(builder.Configuration).AddOpsDocuments(builder.Configuration).AddOpsJobs(builder.Configuration);
        builder.Services.AddScoped<IReportMail, DrillMail>();
        var host = builder.Build();
        var storage = host.Services.GetRequiredService<JobStorage>().ToString() ?? "";
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        if (!storage.Contains($"DB: {database},", StringComparison.Ordinal))
            throw new InvalidOperationException($"The job node got another test's job storage ({storage}), not {database}.");
        return host;
    }
}
