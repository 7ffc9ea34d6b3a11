using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using static OpsIntranet.Tests.Jobs.Subscriptions.SubscriptionTestKit;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>Saving, pausing and deleting subscriptions: access, validation with nothing half-saved, the audit trail, and the Hangfire recurring job kept in step.</summary>
public class SubscriptionServiceTests : SubscriptionTestBase
{
    private SubscriptionWorld _w = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _w = await BuildWorldAsync();
    }

    [Fact]
    public async Task Create_ByAManagerForTheirUnit_SavesAuditsAndSchedulesTheRecurringJobInItsTimeZone()
    {
        var outcome = await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_w.Unit.Id) with
        {
            Addresses = "Pat.Odum@CityUtility.example,\n  it.desk@cityutility.example ; pat.odum@cityutility.example", TimeZone = "America/Chicago",
        }));
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.Values));

        await using var db = App.CreateDbContext();
        var saved = await db.ReportSubscriptions.SingleAsync();
        Assert.Equal(_w.Manager.Id, saved.OwnerUserId);
        Assert.Equal(["pat.odum@cityutility.example", "it.desk@cityutility.example"], saved.Addresses);
        var audit = await db.AuditEntries.SingleAsync(a => a.RecordType == AuditRecords.Subscription);
        Assert.Equal((AuditAction.Created, saved.Id, _w.Manager.Id), (audit.Action, audit.RecordId, audit.UserId));

        var job = Assert.Single(RecurringJobs(App.ConnectionString), j => j.Id == saved.RecurringJobId);
        Assert.Equal("0 8 12 * *", job.Cron);
        Assert.Equal("America/Chicago", job.TimeZoneId);
    }

    [Theory]
    [InlineData("Addresses", "pat.odum@cityutility.example\nnot-an-address", "\"not-an-address\" is not an e-mail address")]
    [InlineData("Addresses", "", "Add at least one recipient")]
    [InlineData("Subject", null, "Write the e-mail's subject")]
    [InlineData("Cron", "0 8 * * *", "Only administrators can write a cron schedule")]
    [InlineData("UnitIds", "billing", "Choose units you manage")]
    [InlineData("ReportKind", "department-scorecard", "administrators keep it", "UnitIds")]
    [InlineData("PeriodRule", "unit-scorecard", "covers previous month")]
    public async Task Create_WithBadInput_SaysWhatIsWrong_AndSavesNothing(string field, string? value, string message, string? errorField = null)
    {
        var input = Valid(_w.Unit.Id);
        input = field switch
        {
            "Addresses" => input with { Addresses = value },
            "Subject" => input with { Subject = value },
            "Cron" => input with { ScheduleKind = ScheduleKind.Cron, Cron = value },
            "UnitIds" => input with { UnitIds = [_w.Unit.Id, _w.Other.Id] },
            "ReportKind" => input with { ReportKind = value, UnitIds = [] },
            "PeriodRule" => input with { ReportKind = value, PeriodRule = PeriodRule.FiscalYearToDate },
            _ => input,
        };
        var outcome = await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, input));

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(message, outcome.Errors[errorField ?? field]);
        await using var db = App.CreateDbContext();
        Assert.False(await db.ReportSubscriptions.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.RecordType == AuditRecords.Subscription));
        Assert.DoesNotContain(RecurringJobs(App.ConnectionString), j => j.Id.StartsWith(SubscriptionRecurringJobs.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ACronThatNeverFires_ByAnAdministrator_IsRefusedWithAClearMessage()
    {
        var outcome = await WithServiceAsync(App, _w.Admin, (s, v) => s.SaveAsync(v, null, 0, Valid() with { ScheduleKind = ScheduleKind.Cron, Cron = "0 8 30 2 *" }));
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("\"0 8 30 2 *\" never runs: no date matches it (for example 30 February). Check the day and month fields.", outcome.Errors["Cron"]);
    }

    [Fact]
    public async Task OutsideTheirUnits_ASubscriptionIsNotThere()
    {
        var id = TestData.Must(await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_w.Unit.Id))), "a subscription");
        var version = await WithServiceAsync(App, _w.Manager, async (s, v) => (await s.GetAsync(v, id))!.Version);

        Assert.Null(await WithServiceAsync(App, _w.OtherManager, (s, v) => s.GetAsync(v, id)));
        Assert.Empty((await WithServiceAsync(App, _w.OtherManager, (s, v) => s.ListAsync(v)))!);
        Assert.Null(await WithServiceAsync(App, _w.Supervisor, (s, v) => s.ListAsync(v)));
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(App, _w.OtherManager, (s, v) => s.SaveAsync(v, id, version, Valid(_w.Other.Id)))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(App, _w.OtherManager, (s, v) => s.PauseAsync(v, id, version))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(App, _w.Supervisor, (s, v) => s.DeleteAsync(v, id, version))).Kind);
        Assert.NotNull(await WithServiceAsync(App, _w.Admin, (s, v) => s.GetAsync(v, id)));
    }

    [Fact]
    public async Task Save_WithAnOldVersion_SaysWhoChangedIt_AndKeepsTheirChange()
    {
        var id = TestData.Must(await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_w.Unit.Id))), "a subscription");
        var shown = await WithServiceAsync(App, _w.Manager, async (s, v) => (await s.GetAsync(v, id))!.Version);
        Assert.True((await WithServiceAsync(App, _w.Admin, (s, v) => s.SaveAsync(v, id, shown, Valid(_w.Unit.Id) with { Subject = "Ada's subject" }))).Succeeded);

        var late = await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, id, shown, Valid(_w.Unit.Id) with { Subject = "Mae's subject" }));

        Assert.Equal(OutcomeKind.Conflict, late.Kind);
        Assert.StartsWith("Ada Admin changed this subscription", late.Message);
        await using var db = App.CreateDbContext();
        Assert.Equal("Ada's subject", (await db.ReportSubscriptions.SingleAsync()).Subject);
    }

    [Fact]
    public async Task PauseResumeDelete_KeepTheRecurringJobInStep_AndAreAudited()
    {
        var id = TestData.Must(await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_w.Unit.Id))), "a subscription");
        var jobId = ReportSubscription.RecurringJobIdOf(id);
        async Task<uint> Version() => await WithServiceAsync(App, _w.Admin, async (s, v) => (await s.GetAsync(v, id))!.Version);

        Assert.True((await WithServiceAsync(App, _w.Manager, async (s, v) => await s.PauseAsync(v, id, await Version()))).Succeeded);
        Assert.DoesNotContain(RecurringJobs(App.ConnectionString), j => j.Id == jobId);
        Assert.Empty((await WithServiceAsync(App, _w.Manager, (s, v) => s.ListAsync(v)))!.Single().NextRuns);

        Assert.True((await WithServiceAsync(App, _w.Manager, async (s, v) => await s.ResumeAsync(v, id, await Version()))).Succeeded);
        Assert.Contains(RecurringJobs(App.ConnectionString), j => j.Id == jobId);
        // Test clock: 15 November 2026, noon Eastern. Next runs on the 12th at 08:00 Eastern.
        Assert.Equal([new DateTime(2026, 12, 12, 8, 0, 0), new DateTime(2027, 1, 12, 8, 0, 0), new DateTime(2027, 2, 12, 8, 0, 0)],
            (await WithServiceAsync(App, _w.Manager, (s, v) => s.ListAsync(v)))!.Single().NextRuns.Select(r => r.Local));

        Assert.True((await WithServiceAsync(App, _w.Manager, async (s, v) => await s.DeleteAsync(v, id, await Version()))).Succeeded);
        Assert.DoesNotContain(RecurringJobs(App.ConnectionString), j => j.Id == jobId);
        await using var db = App.CreateDbContext();
        Assert.Equal(TestClock.Now, (await db.ReportSubscriptions.SingleAsync()).DeletedAt);
        Assert.Null(await WithServiceAsync(App, _w.Admin, (s, v) => s.GetAsync(v, id)));
        var trail = await db.AuditEntries.Where(a => a.RecordType == AuditRecords.Subscription).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Created, AuditAction.Changed, AuditAction.Changed, AuditAction.Changed], trail.Select(a => a.Action));
        Assert.Equal(["Paused", "Resumed", "Deleted"], trail.Skip(1).Select(a => a.Detail!.Split(':')[0]));
    }

    [Fact]
    public async Task Reconcile_AddsMissingJobs_AndRemovesOrphans()
    {
        var id = TestData.Must(await WithServiceAsync(App, _w.Manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_w.Unit.Id))), "a subscription");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var hangfire = scope.ServiceProvider.GetRequiredService<OpsIntranet.Jobs.Hangfire.DatabaseJobStorage>();
            // The job of a subscription that is gone, and the subscription's own job lost (a process stopped before its sync).
            hangfire.RecurringJobs.AddOrUpdate<ScheduledSubscriptionJob>("report-subscription-9999", j => j.ExecuteAsync(9999, CancellationToken.None), "0 8 1 * *", new RecurringJobOptions());
            hangfire.RecurringJobs.RemoveIfExists(ReportSubscription.RecurringJobIdOf(id));
            var (active, removed) = await scope.ServiceProvider.GetRequiredService<SubscriptionRecurringJobs>().ReconcileAsync();
            Assert.Equal((1, 1), (active, removed));
        }
        Assert.Equal([ReportSubscription.RecurringJobIdOf(id)], RecurringJobs(App.ConnectionString).Select(j => j.Id).Where(j => j.StartsWith(SubscriptionRecurringJobs.Prefix, StringComparison.Ordinal)));
    }
}
