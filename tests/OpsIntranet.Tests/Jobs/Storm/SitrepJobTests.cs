using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Jobs.Storm;

/// <summary>
/// The situation-report job of a storm event: its recurring job created on activation with the cadence in Eastern
/// time, changed with the schedule, removed on close (and by the start-up reconcile); a scheduled time fired twice
/// makes one run and one mail per recipient; "Send a sitrep now" mails the PDF, whose content is read back.
/// </summary>
public class SitrepJobTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly TestSmtpServer smtp = TestSmtpServer.Start();
    private SubscriptionApp app = default!;

    public async Task InitializeAsync()
    {
        app = new SubscriptionApp(await TestDatabases.CreateEmptyAsync(), smtp.Port, clock);
        _ = app.Server;
        // The app's storage prepares Hangfire's schema in this database.
        _ = app.Services.GetRequiredService<Hangfire.JobStorage>();
    }

    public async Task DisposeAsync()
    {
        var cs = app.ConnectionString;
        await app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
        smtp.Dispose();
    }

    private async Task<ScheduledSitrepJob.Outcome> FireAsync(int eventId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledSitrepJob>().ExecuteAsync(eventId, CancellationToken.None);
    }

    [Fact]
    public async Task RecurringJob_CreatedOnActivationInEasternTime_UpdatedWithTheCadence_RemovedOnClose()
    {
        var s = await SitrepWorld.BuildAsync(app, clock, withShifts: false);

        // Activated without a schedule of its own: the default, every 6 hours from 00:00 Eastern.
        var job = SitrepQueue.RecurringJob(app.ConnectionString, s.EventId);
        Assert.NotNull(job);
        Assert.Equal(("0 0,6,12,18 * * *", "America/New_York"), (job.Cron, job.TimeZoneId));
        Assert.Equal(typeof(ScheduledSitrepJob), job.Job.Type);
        Assert.Equal(s.EventId, (int)job.Job.Args[0]);

        var saved = await s.SaveAsync(app, SitrepWorld.Times("06:00, 18:00,12:00", "eoc@cityutility.example"));
        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal("Saved: situation reports at 06:00, 12:00 and 18:00 Eastern.", saved.Message);
        Assert.Equal("0 6,12,18 * * *", SitrepQueue.RecurringJob(app.ConnectionString, s.EventId)!.Cron);

        saved = await s.SaveAsync(app, new SitrepInput { Cadence = SitrepCadence.EveryHours, EveryHours = 4, StartTime = "02:30", UnitManagers = true, Subject = "Ines" });
        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(("30 2,6,10,14,18,22 * * *", "America/New_York"), (SitrepQueue.RecurringJob(app.ConnectionString, s.EventId)!.Cron, SitrepQueue.RecurringJob(app.ConnectionString, s.EventId)!.TimeZoneId));

        Assert.True((await s.MoveAsync(app, StormState.Recovery)).Succeeded);
        Assert.NotNull(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));
        Assert.True((await s.MoveAsync(app, StormState.Closed)).Succeeded);
        Assert.Null(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));

        // Closed: the schedule cannot be saved again, and a stray firing sends nothing.
        var refused = await s.SaveAsync(app, SitrepWorld.Times("06:00"));
        Assert.Equal(SitrepOperations.Closed, refused.Message);
        Assert.Null(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));
        Assert.Null((await FireAsync(s.EventId)).PeriodKey);
        Assert.Empty(SitrepQueue.Enqueued(app.ConnectionString));
    }

    [Fact]
    public async Task Reconcile_RemovesTheJobOfAClosedEvent_AndTheJobRefusesToSendForIt()
    {
        var s = await SitrepWorld.BuildAsync(app, clock, withShifts: false);
        Assert.NotNull(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));
        // Closed in the table while its job stayed behind (a process stopped between them, or a job from an older version).
        await using (var db = app.CreateDbContext())
            await db.StormEvents.Where(e => e.Id == s.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.State, StormState.Closed));
        Assert.NotNull(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));

        var fired = await FireAsync(s.EventId);
        Assert.Null(fired.PeriodKey);
        Assert.Contains("closed", fired.Message);
        Assert.Empty(SitrepQueue.Enqueued(app.ConnectionString));

        // Put back, then reconciled at start-up.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await using (var db = app.CreateDbContext())
                await db.StormEvents.Where(e => e.Id == s.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.State, StormState.Activated));
            Assert.Equal((1, 0), await scope.ServiceProvider.GetRequiredService<SitrepScheduling>().ReconcileAsync());
            Assert.NotNull(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));
            await using (var db = app.CreateDbContext())
                await db.StormEvents.Where(e => e.Id == s.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.State, StormState.Closed));
            Assert.Equal((0, 0), await scope.ServiceProvider.GetRequiredService<SitrepScheduling>().ReconcileAsync());
        }
        Assert.Null(SitrepQueue.RecurringJob(app.ConnectionString, s.EventId));
    }

    [Fact]
    public async Task ScheduledTime_FiredTwice_OneRunAndEachRecipientGetsOneMail()
    {
        var s = await SitrepWorld.BuildAsync(app, clock);
        Assert.True((await s.SaveAsync(app, SitrepWorld.Times("06:00, 12:00, 18:00", "eoc@cityutility.example"))).Succeeded);

        // The 12:00 firing, and a second one a few minutes later (another server, or "Trigger now").
        var first = await FireAsync(s.EventId);
        clock.Now = clock.Now.AddMinutes(7);
        var second = await FireAsync(s.EventId);
        Assert.Equal(("2026-11-15T17:00Z", "2026-11-15T17:00Z"), (first.PeriodKey, second.PeriodKey));
        var outcomes = await SitrepQueue.PerformAsync(app);
        Assert.Equal([(RunStatus.Dispatched, 3), (RunStatus.Dispatched, 0)], outcomes.Select(o => (o.Status, o.Enqueued)));
        // A retry of the send job itself changes nothing either.
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<SendSitrepJob>().ExecuteAsync(s.EventId, "2026-11-15T17:00Z", CancellationToken.None)).Enqueued);
        await SubscriptionTestKit.DeliverAsync(app);

        // eoc, leadership (Ruth) and the manager of the event's units (Mae): one each.
        Assert.Equal(["eoc@cityutility.example", s.World.Manager.Email.ToLowerInvariant(), s.World.Leadership.Email.ToLowerInvariant()],
            smtp.Messages.Select(m => m.To.Mailboxes.Single().Address.ToLowerInvariant()).Order());
        Assert.All(smtp.Messages, m => Assert.Equal("Ines sitrep", m.Subject));
        await using var db = app.CreateDbContext();
        var run = await db.ReportRuns.SingleAsync();
        Assert.Equal((SitrepRuns.Report, $"event:{s.EventId}", "2026-11-15T17:00Z", RunTrigger.Scheduled), (run.Report, run.Scope, run.Period, run.Trigger));
        Assert.All(await db.ReportDeliveries.ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task SendNow_MailsThePdf_WhoseContentReadsBack()
    {
        var s = await SitrepWorld.BuildAsync(app, clock);
        Assert.True((await s.SaveAsync(app, SitrepWorld.Times("06:00, 18:00", "eoc@cityutility.example"))).Succeeded);

        var sent = await SitrepQueue.SendNowAsync(app, s.World.Manager, s.EventId);
        Assert.True(sent.Succeeded, sent.Message);
        Assert.Equal("Sending a situation report to 3 recipients now. Its run is in the history below.", sent.Message);
        Assert.Equal(RunStatus.Dispatched, Assert.Single(await SitrepQueue.PerformAsync(app)).Status);
        await SubscriptionTestKit.DeliverAsync(app);
        Assert.Equal(3, smtp.Count);

        var message = smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == "eoc@cityutility.example");
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("sitrep-hurricane-ines-2026-11-15-1230.pdf", attachment.FileName);
        Assert.Contains("Situation report: Hurricane Ines", message.TextBody);
        using var stream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(stream);
        var pdf = PdfText.Read(stream.ToArray()).All;

        Assert.Contains("Hurricane Ines", pdf);
        Assert.Contains("Sun Nov 15, 12:30 EST", pdf);
        // Coverage now (Sunday's A shift), worked by hand (required, assigned, out, covering): call takers 2, 1, 0, 1 → 1 short
        // (the one assigned has not checked in and counts until they say otherwise); the lead 1, 1, 0, 1 covered; the
        // Walk-In clerk 1 required, nobody → 1 short.
        Assert.Contains("Shift A: Sun Nov 15, 07:00 EST – Sun Nov 15, 19:00 EST", pdf);
        Assert.Contains("Contact Center Call taker 2 1 0 1 1 short", pdf);
        Assert.Contains("Contact Center Lead 1 1 0 1 Covered", pdf);
        Assert.Contains("Walk-In Walk-in 1 0 0 0 1 short", pdf);
        // The Contact Center's latest figures are Saturday's B shift: 240 offered, 200 answered, 30 abandoned (12.5%), ASA 95 s.
        Assert.Contains("B · Sat 14, 19:00 240 200 30 12.5% 1 min 35 s 57 12 Closed", pdf);
        Assert.Contains("Walk-In No report filed yet", pdf);
        // Open problems: the staffing problem reported, the shifts short of staff, and the Walk-In's missing reports.
        Assert.Contains("Two call takers evacuated from zone B", pdf);
        Assert.Contains("Walk-In, shift A of Sat Nov 14, 07:00 EST: report missing", pdf);
        Assert.Contains("Shift B of Sun Nov 15, 19:00 EST: 4 short", pdf);

        // The manual run is its own, in the ledger with the trigger of its form.
        await using var db = app.CreateDbContext();
        var run = await db.ReportRuns.SingleAsync();
        Assert.Equal((RunTrigger.Manual, RunStatus.Dispatched, "2026-11-15T17:30Z"), (run.Trigger, run.Status, run.Period));
        Assert.StartsWith("form:", run.TriggerKey);
    }
}
