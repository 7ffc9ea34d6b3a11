using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Jobs.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OpsIntranet.Core.Reports;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Jobs;

/// <summary>A job whose effect the test chooses: block forever in the process that will be killed, report completion in the one that takes over.</summary>
public class KillableJob(KillableJob.IEffect effect)
{
    public interface IEffect
    {
        Task RunAsync(string runId, CancellationToken ct);
    }

    [AutomaticRetry(Attempts = 0)]
    public Task ExecuteAsync(string runId, CancellationToken ct) => effect.RunAsync(runId, ct);
}

/// <summary>
/// A worker process dies in the middle of a job (kill -9: no shutdown, no requeue). Another job
/// server must pick the job up once its invisibility timeout has passed — by default within five
/// minutes, not Hangfire.PostgreSql's thirty.
/// </summary>
public class KilledWorkerTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string NodeCommand = "job-node";
    public const string DeliveryNodeCommand = "delivery-node";
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    /// <summary>A job node built the way the worker builds one (the app's AddOpsJobs), with the test's job effect.</summary>
    public static IHost Node(string connectionString, KillableJob.IEffect effect, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ops"] = connectionString,
            ["Jobs:RunServer"] = "true",
            ["Jobs:WorkerCount"] = "1",
            ["Jobs:RegisterRecurringJobs"] = "false",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        // Hangfire hands each host the process-wide JobActivator.Current, which the other test hosts in this
        // process overwrite; this node's jobs must come from this node's services.
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddOpsJobs(builder.Configuration);
        builder.Services.AddSingleton(effect);
        var host = builder.Build();
        // JobStorage.Current is process-wide too: take this node's storage at once, and make sure it is.
        var storage = host.Services.GetRequiredService<JobStorage>().ToString() ?? "";
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        if (!storage.Contains($"DB: {database},", StringComparison.Ordinal))
            throw new InvalidOperationException($"The job node got another test's job storage ({storage}), not {database}.");
        return host;
    }

    /// <summary>The child process's effect: say the job has started, then hold it until killed.</summary>
    public sealed class BlockUntilKilled(string startedFile) : KillableJob.IEffect
    {
        public async Task RunAsync(string runId, CancellationToken ct)
        {
            await File.WriteAllTextAsync(startedFile, runId, CancellationToken.None);
            await Task.Delay(Timeout.Infinite, ct);
        }
    }

    private sealed class Complete : KillableJob.IEffect
    {
        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task RunAsync(string runId, CancellationToken ct)
        {
            Done.TrySetResult(runId);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task WorkerKilledMidJob_AnotherServerFinishesTheJobOnceTheInvisibilityTimeoutHasPassed()
    {
        var takeover = new Complete();
        // A short timeout keeps the test quick; that it is honoured is the point (the default is checked below).
        using var second = Node(_cs, takeover, new Dictionary<string, string?> { ["Jobs:InvisibilityTimeout"] = "00:00:05" });
        var runId = Guid.NewGuid().ToString("N");
        second.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<KillableJob>(job => job.ExecuteAsync(runId, CancellationToken.None));

        var started = Path.Combine(Path.GetTempPath(), $"ops-killed-worker-{runId}");
        var log = new StringBuilder();
        using var first = StartNodeProcess([NodeCommand, _cs, started], log);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!File.Exists(started))
            {
                Assert.False(first.HasExited, $"The worker process ended before the job started:\n{log}");
                Assert.True(DateTime.UtcNow < deadline, $"The worker process did not start the job within three minutes:\n{log}");
                await Task.Delay(200);
            }
            // kill -9: the job's lease is neither released nor requeued.
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();

            await second.StartAsync();
            var finished = await takeover.Done.Task.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(runId, finished);
            await second.StopAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            File.Delete(started);
        }
    }

    /// <summary>
    /// A worker process is killed (kill -9) in the middle of a 50-recipient run, at the worst moment: the mail server
    /// has taken the 20th message but the worker has not heard "250" yet. Another server takes the batch over once the
    /// job's invisibility timeout has passed and the dead worker's claim has expired (its clock is moved past the claim).
    /// Every recipient then has exactly one e-mail, except at most the one that was in flight.
    /// </summary>
    [Fact]
    public async Task WorkerKilledInTheMiddleOfA50RecipientRun_AfterTakeoverEveryRecipientHasOneEmail_ExceptAtMostTheOneInFlight()
    {
        using var smtp = new LocalSmtpServer();
        smtp.HoldAfter(20);
        var afterTheClaim = new FakeTimeProvider(DateTimeOffset.UtcNow + DeliveryLedger.ClaimDuration + TimeSpan.FromMinutes(1));
        using var second = DeliveryDrill.Node(_cs, smtp.Port, afterTheClaim, new Dictionary<string, string?> { ["Jobs:InvisibilityTimeout"] = "00:00:05" });
        var recipients = DeliveryDrill.Recipients(50);
        // A subscription's run, fanned out by the dispatcher as a subscription's run job does (the drill report renders no PDF).
        var subscription = await DeliveryDrill.SubscriptionAsync(_cs, null);
        var run = await DeliveryDrill.StartRunAsync(second.Services, recipients, subscription);

        var log = new StringBuilder();
        using var first = StartNodeProcess([DeliveryNodeCommand, _cs, smtp.Port.ToString(CultureInfo.InvariantCulture)], log);
        try
        {
            var holding = smtp.Holding;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!holding.IsCompleted)
            {
                Assert.False(first.HasExited, $"The worker process ended before it sent the 20th message:\n{log}");
                Assert.True(DateTime.UtcNow < deadline, $"The worker process did not reach the 20th message within three minutes:\n{log}");
                await Task.Delay(200);
            }
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();

            await second.StartAsync();
            await using var db = TestDatabases.CreateDbContext(_cs);
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (await db.ReportDeliveries.CountAsync(d => d.ReportRunId == run.Id && d.Status == DeliveryStatus.Sent) < recipients.Count)
            {
                Assert.True(DateTime.UtcNow < until, "The second server did not finish the run within three minutes.");
                await Task.Delay(200);
            }
            await second.StopAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
        }

        var perRecipient = smtp.Messages.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        var exactlyOne = recipients.Count(r => perRecipient.GetValueOrDefault(r) == 1);
        var notOne = recipients.Where(r => perRecipient.GetValueOrDefault(r) != 1).Select(r => $"{r}: {perRecipient.GetValueOrDefault(r)}").ToList();
        output.WriteLine($"Worker killed with the 20th of 50 messages in flight: {exactlyOne} of {recipients.Count} recipients have exactly one e-mail; "
            + $"{notOne.Count} other{(notOne.Count == 1 ? "" : "s")}{(notOne.Count > 0 ? " (" + string.Join(", ", notOne) + ")" : "")}.");
        Assert.All(recipients, r => Assert.InRange(perRecipient.GetValueOrDefault(r), 1, 2));
        Assert.True(notOne.Count <= 1, $"More than the one delivery in flight was sent twice: {string.Join(", ", notOne)}");
    }

    /// <summary>What the web app and the worker run with by default: a dead worker's job is handed on within five minutes.</summary>
    [Theory]
    [InlineData("web", "OpsIntranet.Web")]
    [InlineData("jobs", "OpsIntranet.Worker")]
    public void DefaultSettings_ADeadWorkersJobIsPickedUpWithinFiveMinutes(string folder, string project)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(RepoPaths.File(folder, project, "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Ops"] = _cs })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOpsJobs(config);
        using var provider = services.BuildServiceProvider();
        var storage = Assert.IsType<PostgreSqlStorage>(provider.GetRequiredService<JobStorage>());
        // The storage's options are internal; it reports them through its own log output.
        var log = new CapturingLog();
        storage.WriteOptionsToLog(log);
        TimeSpan Option(string name) => TimeSpan.Parse(Regex.Match(log.Text, $@"{name}: (?<value>[^\s]+)\.\r?\n").Groups["value"].Value, CultureInfo.InvariantCulture);
        Assert.Contains("Use sliding invisibility timeout: True.", log.Text);
        var (invisibility, poll) = (Option("Invisibility timeout"), Option("Queue poll interval"));
        // The job waits out the timeout, then the next poll of the queue takes it.
        Assert.True(invisibility + poll <= FiveMinutes, $"A dead worker's job waits {invisibility} plus a poll of {poll}.");
    }

    private sealed class CapturingLog : Hangfire.Logging.ILog
    {
        private readonly StringBuilder _text = new();

        public string Text => _text.ToString();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (messageFunc is not null) _text.AppendLine(messageFunc());
            return true;
        }
    }

    /// <summary>This test assembly run as a job node in a process of its own (see <see cref="TestProgram"/>).</summary>
    private static Process StartNodeProcess(string[] args, StringBuilder output)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "exec", typeof(KilledWorkerTests).Assembly.Location }.Concat(args)) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
