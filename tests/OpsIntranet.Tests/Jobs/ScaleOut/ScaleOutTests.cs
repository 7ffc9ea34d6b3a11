using System.Globalization;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Reminders;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using Xunit.Abstractions;

namespace OpsIntranet.Tests.Jobs.ScaleOut;

/// <summary>
/// Issue 12, scale-out: a web node and two workers at once process every job as one would — no double runs, no double
/// sends. Three Hangfire servers (the web app's and two job nodes') share one database, one clock (Thursday 12 November
/// 2026, 11:00 Eastern: the subscriptions' "monthly on the 12th at 08:00" has fired for October, and October's metrics,
/// due on the 10th, are two business days late) and one real SMTP server that refuses the first four messages. Every
/// job is started on every node at once; whichever server takes it, each run exists once and each person gets one e-mail.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Subscriptions = 3;
    private const int RecipientsEach = 20;
    private const int Refused = 4;
    private static readonly DateOnly October = new(2026, 10, 1);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private string _cs = "";

    public async Task InitializeAsync() => _cs = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_cs);

    private static string Reader(int subscription, int i) => $"reader{subscription}.{i:D2}@cityutility.example";

    [Fact]
    public async Task WebNodeAndTwoWorkers_EveryJobStartedOnEveryNode_OneRunPerPeriodAndOneEmailPerRecipient()
    {
        using var smtp = new LocalSmtpServer();
        smtp.RefuseNext(Refused);
        var clock = new MovableClock();
        clock.SetDay(new DateOnly(2026, 11, 12));
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
            ["Intranet:Url"] = "https://intranet.city.example/",
            ["Jobs:WorkerCount"] = "2",
            // Three nodes print in one process on two busy cores: one PDF at a time each, and time enough for it.
            ["Chromium:MaxConcurrentRenders"] = "1", ["Chromium:RenderTimeoutSeconds"] = "300", ["Chromium:RecycleAfterRenders"] = "50",
        };
        var whoRanWhat = new WhoRanWhat(servers: 3, longest: TimeSpan.FromMinutes(3));
        GlobalJobFilters.Filters.Add(whoRanWhat);
        await using var web = new WebNode(_cs, clock, settings);
        IHost? one = null, two = null;
        try
        {
            _ = web.Server;
            var storage = web.Services.GetRequiredService<JobStorage>();
            var monitor = storage.GetMonitoringApi();
            var nodeOf = new Dictionary<string, string> { [await NewServerAsync(monitor, [])] = "web" };
            one = ScaleOutNodes.Worker(_cs, clock, settings);
            await one.StartAsync();
            nodeOf[await NewServerAsync(monitor, nodeOf.Keys)] = "worker 1";
            two = ScaleOutNodes.Worker(_cs, clock, settings);
            await two.StartAsync();
            nodeOf[await NewServerAsync(monitor, nodeOf.Keys)] = "worker 2";
            var nodes = new (string Name, IServiceProvider Services)[] { ("web", web.Services), ("worker 1", one.Services), ("worker 2", two.Services) };

            // The Walk-In Unit has October approved; the Utility Contact Center and Billing have not submitted it.
            var data = new TestData(web);
            var walkIn = await data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
            var ucc = await data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
            var billing = await data.Unit("BIL").Named("Billing").BuildAsync();
            var mae = await data.User("Mae", "Ross").ManagerOf(walkIn).BuildAsync();
            var maria = await data.User("Maria", "Alvarez").ManagerOf(ucc).BuildAsync();
            var james = await data.User("James", "Whitfield").ManagerOf(billing).BuildAsync();
            var omar = await data.User("Omar", "Haddad").SupervisorOf(walkIn).ReportsTo(mae).BuildAsync();
            await data.User("Dana", "Reyes").SupervisorOf(ucc).ReportsTo(maria).BuildAsync();
            await data.User("Sam", "Ortiz").SupervisorOf(billing).ReportsTo(james).BuildAsync();
            var wait = await data.Metric(walkIn, "avg_wait").Named("Average wait").Measured(UnitOfMeasure.Minutes, 1).LowerIsBetter().Key().Target(2027, 8, 2).BuildAsync();
            await data.Metric(ucc, "asa").Named("Average speed of answer").Measured(UnitOfMeasure.Seconds, 0).LowerIsBetter().Key().Target(2027, 60, 10).BuildAsync();
            await data.Metric(billing, "bills").Named("Bills issued").Count().BuildAsync();
            await data.Month(walkIn, October).Value(wait, 7.5m).EnteredBy(omar).Approved(by: mae).BuildAsync();

            // Three subscriptions of Mae's, saved as the subscription pages save them (each gets its recurring job).
            var subscriptionIds = new List<int>();
            for (var s = 1; s <= Subscriptions; s++)
            {
                var input = new SubscriptionInput
                {
                    Name = $"Walk-In scorecard {s}", ReportKind = UnitScorecardKind.KindKey, UnitIds = [walkIn.Id], PeriodRule = PeriodRule.PreviousMonth,
                    ScheduleKind = ScheduleKind.MonthlyOnDay, Day = 12, TimeOfDay = new TimeOnly(8, 0), TimeZone = "America/New_York",
                    Addresses = string.Join("\n", Enumerable.Range(1, RecipientsEach).Select(i => Reader(s, i))), Subject = $"Walk-In scorecard {s}",
                };
                await using var scope = web.Services.CreateAsyncScope();
                var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(mae.Id);
                subscriptionIds.Add(TestData.Must(await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SaveAsync(viewer, null, 0, input), "a subscription"));
            }

            // Every node, at once: "Trigger now" on each subscription's recurring job, and the daily reminders.
            await Task.WhenAll(nodes.Select(node => Task.Run(() =>
            {
                var recurring = node.Services.GetRequiredService<IRecurringJobManager>();
                foreach (var id in subscriptionIds) recurring.Trigger(ReportSubscription.RecurringJobIdOf(id));
                node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<SendRemindersJob>(job => job.ExecuteAsync(CancellationToken.None));
            })));
            await UntilAsync(monitor, "the triggered runs", retriesMayWait: true, async db =>
                await db.ReportRuns.CountAsync(r => r.SubscriptionId != null && r.Status == RunStatus.Dispatched) == Subscriptions);
            Assert.Equal(Refused, smtp.Refused);

            // Then, again on every node at once, what people and jobs do afterwards: the run dispatched again (a retried
            // run job) and "Resend all failed" on each run, while Hangfire's own retries of the refused batches wait.
            List<int> runIds;
            await using (var db = TestDatabases.CreateDbContext(_cs))
                runIds = await db.ReportRuns.Where(r => r.SubscriptionId != null).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
            {
                foreach (var runId in runIds)
                {
                    await using var scope = node.Services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var run = await db.ReportRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
                    var subscription = subscriptionIds.IndexOf(run.SubscriptionId!.Value) + 1;
                    await scope.ServiceProvider.GetRequiredService<RunDispatcher>().DispatchAsync(run,
                        Enumerable.Range(1, RecipientsEach).Select(i => Reader(subscription, i)), SendSubscriptionJob.MessageIdPrefix, CancellationToken.None);
                    var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(mae.Id);
                    await scope.ServiceProvider.GetRequiredService<RunHistory>().ResendAllFailedAsync(viewer, runId, CancellationToken.None);
                }
            })));
            await UntilAsync(monitor, "every delivery", retriesMayWait: false, async db =>
                !await db.ReportDeliveries.AnyAsync(d => d.Status != DeliveryStatus.Sent));
            await Task.WhenAll(one.StopAsync(), two.StopAsync());

            // Who did what: every node took part (the filter made sure each had started a job before any went on).
            var spread = whoRanWhat.Performed.GroupBy(p => nodeOf.GetValueOrDefault(p.ServerId, p.ServerId))
                .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Job).ToDictionary(j => j.Key, j => j.Count()));
            foreach (var (node, jobs) in spread.OrderBy(n => n.Key, StringComparer.Ordinal))
                output.WriteLine($"{node}: {string.Join(", ", jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j => $"{j.Value} × {j.Key}"))}");
            output.WriteLine($"{smtp.Count} messages accepted, {smtp.Refused} refused with 4xx.");
            Assert.Equal(["web", "worker 1", "worker 2"], spread.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(0, monitor.FailedCount());

            var messages = smtp.Messages;
            // No message went out twice: each Message-ID (one per run and recipient) arrived once.
            var repeated = messages.GroupBy(m => m.MessageId).Where(g => g.Count() > 1).Select(g => $"{g.Key} × {g.Count()}").ToList();
            Assert.True(repeated.Count == 0, "Sent more than once: " + string.Join(", ", repeated));

            await using (var db = TestDatabases.CreateDbContext(_cs))
            {
                // One scheduled run of October per subscription, one document each, one delivery per recipient, all sent once.
                var runs = await db.ReportRuns.Where(r => r.SubscriptionId != null).Include(r => r.Deliveries).ToListAsync();
                Assert.Equal(subscriptionIds.Order(), runs.Select(r => r.SubscriptionId!.Value).Order());
                Assert.All(runs, r => Assert.Equal((RunTrigger.Scheduled, "2026-10", RunStatus.Dispatched), (r.Trigger, r.Period, r.Status)));
                Assert.All(runs, r => Assert.NotNull(r.DocumentId));
                Assert.Equal(Subscriptions, await db.Documents.CountAsync(d => d.Kind == UnitScorecardKind.KindKey));
                foreach (var run in runs)
                {
                    var s = subscriptionIds.IndexOf(run.SubscriptionId!.Value) + 1;
                    var expected = Enumerable.Range(1, RecipientsEach).Select(i => Reader(s, i)).ToList();
                    Assert.Equal(expected, run.Deliveries.Select(d => d.Recipient).Order(StringComparer.Ordinal));
                    var received = messages.Where(m => m.Headers["List-Id"]?.Contains($"<{SubscriptionMailComposer.ListId(run.SubscriptionId.Value)}>", StringComparison.Ordinal) == true).ToList();
                    Assert.Equal(expected, received.Select(To).Order(StringComparer.Ordinal));
                    Assert.Equal(run.Deliveries.Select(d => d.MessageId).Order(StringComparer.Ordinal), received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
                }

                // The reminders: each person once per period and kind, however many nodes ran the job. Worked by hand: the
                // two late units' managers are escalated to; their supervisors get October's "due today" made up.
                var reminders = messages.Where(m => m.Headers["List-Id"]?.Contains(".reminders.opsintranet>", StringComparison.Ordinal) == true)
                    .Select(m => (To: To(m), Kind: m.Headers["List-Id"]!)).ToList();
                var twice = reminders.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => $"{g.Key.To} {g.Key.Kind} × {g.Count()}").ToList();
                Assert.True(twice.Count == 0, "Reminded more than once: " + string.Join(", ", twice));
                Assert.Equal([james.Email, maria.Email],
                    reminders.Where(r => r.Kind.Contains($"<{ReminderKinds.MetricsLateEscalation.Key}.reminders.opsintranet>", StringComparison.Ordinal)).Select(r => r.To).Order(StringComparer.Ordinal));
                var reminderRuns = await db.ReportRuns.Where(r => r.SubscriptionId == null).Include(r => r.Deliveries).ToListAsync();
                Assert.Equal(reminders.Count, reminderRuns.Sum(r => r.Deliveries.Count));
                Assert.Equal(reminderRuns.Count, reminderRuns.Select(r => (r.Report, r.Scope, r.Period)).Distinct().Count());

                Assert.Equal(Subscriptions * RecipientsEach + reminders.Count, messages.Count);
            }
        }
        finally
        {
            GlobalJobFilters.Filters.Remove(whoRanWhat);
            one?.Dispose();
            two?.Dispose();
        }
    }

    private static string To(MimeMessage m) => m.To.Mailboxes.Single().Address;

    /// <summary>The id of the Hangfire server that has just announced itself, beside the ones known.</summary>
    private static async Task<string> NewServerAsync(IMonitoringApi monitor, IEnumerable<string> known)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var fresh = monitor.Servers().Select(s => s.Name).Except(known).ToList();
            if (fresh.Count == 1) return fresh[0];
            Assert.True(fresh.Count == 0, $"Servers announced at once: {string.Join(", ", fresh)}");
            Assert.True(DateTime.UtcNow < until, "A node's job server did not announce itself within two minutes.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits, with a generous deadline, until <paramref name="done"/> holds and no job is queued or running on any node;
    /// and unless <paramref name="retriesMayWait"/>, no retry is scheduled either. It must hold at two looks a second
    /// apart: a job just fetched from the queue is briefly neither queued nor running yet.
    /// </summary>
    private async Task UntilAsync(IMonitoringApi monitor, string what, bool retriesMayWait, Func<AppDbContext, Task<bool>> done)
    {
        var until = DateTime.UtcNow + Deadline;
        var heldBefore = false;
        while (true)
        {
            await using var db = TestDatabases.CreateDbContext(_cs);
            var idle = monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0 && (retriesMayWait || monitor.ScheduledCount() == 0);
            var holds = idle && await done(db);
            if (holds && heldBefore) return;
            heldBefore = holds;
            Assert.True(DateTime.UtcNow < until, $"Waiting for {what}: not done within {Deadline.TotalMinutes} minutes "
                + $"({monitor.EnqueuedCount("default")} jobs queued, {monitor.ProcessingCount()} running, {monitor.ScheduledCount()} retries scheduled, {monitor.FailedCount()} failed).");
            await Task.Delay(1000);
        }
    }
}
