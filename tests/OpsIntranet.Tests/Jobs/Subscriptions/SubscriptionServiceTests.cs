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
public class SubscriptionServiceTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();
    private BuiltUnit _walkIn = null!, _billing = null!;
    private BuiltUser _manager = null!, _otherManager = null!, _admin = null!, _supervisor = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var data = _app.Data;
        _walkIn = await data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        _billing = await data.Unit("BIL").Named("Billing").BuildAsync();
        _manager = await data.User("Maria", "Alvarez").ManagerOf(_walkIn).BuildAsync();
        _otherManager = await data.User("James", "Whitfield").ManagerOf(_billing).BuildAsync();
        _admin = await data.User("Kevin", "Tran").Administrator().BuildAsync();
        _supervisor = await data.User("Omar", "Haddad").SupervisorOf(_walkIn).BuildAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private string Cs => _app.Factory.ConnectionString;

    [Fact]
    public async Task Create_ByAManagerForTheirUnit_SavesAuditsAndSchedulesTheRecurringJobInItsTimeZone()
    {
        var outcome = await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_walkIn.Id) with
        {
            Addresses = "Pat.Odum@CityUtility.example,\n  it.desk@cityutility.example ; pat.odum@cityutility.example", TimeZone = "America/Chicago",
        }));
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.Values));

        await using var db = _app.Factory.CreateDbContext();
        var saved = await db.ReportSubscriptions.SingleAsync();
        Assert.Equal(_manager.Id, saved.OwnerUserId);
        Assert.Equal(["pat.odum@cityutility.example", "it.desk@cityutility.example"], saved.Addresses);
        var audit = await db.AuditEntries.SingleAsync(a => a.RecordType == AuditRecords.Subscription);
        Assert.Equal((AuditAction.Created, saved.Id, _manager.Id), (audit.Action, audit.RecordId, audit.UserId));

        var job = Assert.Single(RecurringJobs(Cs), j => j.Id == saved.RecurringJobId);
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
        var input = Valid(_walkIn.Id);
        input = field switch
        {
            "Addresses" => input with { Addresses = value },
            "Subject" => input with { Subject = value },
            "Cron" => input with { ScheduleKind = ScheduleKind.Cron, Cron = value },
            "UnitIds" => input with { UnitIds = [_walkIn.Id, _billing.Id] },
            "ReportKind" => input with { ReportKind = value, UnitIds = [] },
            "PeriodRule" => input with { ReportKind = value, PeriodRule = PeriodRule.FiscalYearToDate },
            _ => input,
        };
        var outcome = await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, input));

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(message, outcome.Errors[errorField ?? field]);
        await using var db = _app.Factory.CreateDbContext();
        Assert.False(await db.ReportSubscriptions.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.RecordType == AuditRecords.Subscription));
        Assert.DoesNotContain(RecurringJobs(Cs), j => j.Id.StartsWith(SubscriptionRecurringJobs.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ACronThatNeverFires_ByAnAdministrator_IsRefusedWithAClearMessage()
    {
        var outcome = await WithServiceAsync(_app.Factory, _admin, (s, v) => s.SaveAsync(v, null, 0, Valid() with { ScheduleKind = ScheduleKind.Cron, Cron = "0 8 30 2 *" }));
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("\"0 8 30 2 *\" never runs: no date matches it (for example 30 February). Check the day and month fields.", outcome.Errors["Cron"]);
    }

    [Fact]
    public async Task OutsideTheirUnits_ASubscriptionIsNotThere()
    {
        var id = TestData.Must(await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_walkIn.Id))), "a subscription");
        var version = await WithServiceAsync(_app.Factory, _manager, async (s, v) => (await s.GetAsync(v, id))!.Version);

        Assert.Null(await WithServiceAsync(_app.Factory, _otherManager, (s, v) => s.GetAsync(v, id)));
        Assert.Empty((await WithServiceAsync(_app.Factory, _otherManager, (s, v) => s.ListAsync(v)))!);
        Assert.Null(await WithServiceAsync(_app.Factory, _supervisor, (s, v) => s.ListAsync(v)));
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(_app.Factory, _otherManager, (s, v) => s.SaveAsync(v, id, version, Valid(_billing.Id)))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(_app.Factory, _otherManager, (s, v) => s.PauseAsync(v, id, version))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await WithServiceAsync(_app.Factory, _supervisor, (s, v) => s.DeleteAsync(v, id, version))).Kind);
        Assert.NotNull(await WithServiceAsync(_app.Factory, _admin, (s, v) => s.GetAsync(v, id)));
    }

    [Fact]
    public async Task Save_WithAnOldVersion_SaysWhoChangedIt_AndKeepsTheirChange()
    {
        var id = TestData.Must(await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_walkIn.Id))), "a subscription");
        var shown = await WithServiceAsync(_app.Factory, _manager, async (s, v) => (await s.GetAsync(v, id))!.Version);
        Assert.True((await WithServiceAsync(_app.Factory, _admin, (s, v) => s.SaveAsync(v, id, shown, Valid(_walkIn.Id) with { Subject = "Kevin's subject" }))).Succeeded);

        var late = await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, id, shown, Valid(_walkIn.Id) with { Subject = "Maria's subject" }));

        Assert.Equal(OutcomeKind.Conflict, late.Kind);
        Assert.StartsWith("Kevin Tran changed this subscription", late.Message);
        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal("Kevin's subject", (await db.ReportSubscriptions.SingleAsync()).Subject);
    }

    [Fact]
    public async Task PauseResumeDelete_KeepTheRecurringJobInStep_AndAreAudited()
    {
        var id = TestData.Must(await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_walkIn.Id))), "a subscription");
        var jobId = ReportSubscription.RecurringJobIdOf(id);
        async Task<uint> Version() => await WithServiceAsync(_app.Factory, _admin, async (s, v) => (await s.GetAsync(v, id))!.Version);

        Assert.True((await WithServiceAsync(_app.Factory, _manager, async (s, v) => await s.PauseAsync(v, id, await Version()))).Succeeded);
        Assert.DoesNotContain(RecurringJobs(Cs), j => j.Id == jobId);
        Assert.Empty((await WithServiceAsync(_app.Factory, _manager, (s, v) => s.ListAsync(v)))!.Single().NextRuns);

        Assert.True((await WithServiceAsync(_app.Factory, _manager, async (s, v) => await s.ResumeAsync(v, id, await Version()))).Succeeded);
        Assert.Contains(RecurringJobs(Cs), j => j.Id == jobId);
        // Test clock: 15 November 2026, noon Eastern. Next runs on the 12th at 08:00 Eastern.
        Assert.Equal([new DateTime(2026, 12, 12, 8, 0, 0), new DateTime(2027, 1, 12, 8, 0, 0), new DateTime(2027, 2, 12, 8, 0, 0)],
            (await WithServiceAsync(_app.Factory, _manager, (s, v) => s.ListAsync(v)))!.Single().NextRuns.Select(r => r.Local));

        Assert.True((await WithServiceAsync(_app.Factory, _manager, async (s, v) => await s.DeleteAsync(v, id, await Version()))).Succeeded);
        Assert.DoesNotContain(RecurringJobs(Cs), j => j.Id == jobId);
        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(TestClock.Now, (await db.ReportSubscriptions.SingleAsync()).DeletedAt);
        Assert.Null(await WithServiceAsync(_app.Factory, _admin, (s, v) => s.GetAsync(v, id)));
        var trail = await db.AuditEntries.Where(a => a.RecordType == AuditRecords.Subscription).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Created, AuditAction.Changed, AuditAction.Changed, AuditAction.Changed], trail.Select(a => a.Action));
        Assert.Equal(["Paused", "Resumed", "Deleted"], trail.Skip(1).Select(a => a.Detail!.Split(':')[0]));
    }

    [Fact]
    public async Task Reconcile_AddsMissingJobs_AndRemovesOrphans()
    {
        var id = TestData.Must(await WithServiceAsync(_app.Factory, _manager, (s, v) => s.SaveAsync(v, null, 0, Valid(_walkIn.Id))), "a subscription");
        await using (var scope = _app.Factory.Services.CreateAsyncScope())
        {
            var hangfire = scope.ServiceProvider.GetRequiredService<OpsIntranet.Jobs.Hangfire.DatabaseJobStorage>();
            // The job of a subscription that is gone, and the subscription's own job lost (a process stopped before its sync).
            hangfire.RecurringJobs.AddOrUpdate<ScheduledSubscriptionJob>("report-subscription-9999", j => j.ExecuteAsync(9999, CancellationToken.None), "0 8 1 * *", new RecurringJobOptions());
            hangfire.RecurringJobs.RemoveIfExists(ReportSubscription.RecurringJobIdOf(id));
            var (active, removed) = await scope.ServiceProvider.GetRequiredService<SubscriptionRecurringJobs>().ReconcileAsync();
            Assert.Equal((1, 1), (active, removed));
        }
        Assert.Equal([ReportSubscription.RecurringJobIdOf(id)], RecurringJobs(Cs).Select(j => j.Id).Where(j => j.StartsWith(SubscriptionRecurringJobs.Prefix, StringComparison.Ordinal)));
    }
}
