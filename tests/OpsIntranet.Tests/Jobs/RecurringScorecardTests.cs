using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Jobs;

/// <summary>Hangfire's configuration is process-wide, so the tests that run a real job server run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class HangfireServerCollection
{
    public const string Name = "Hangfire server";
}

/// <summary>
/// The configured department scorecard (Reports:DepartmentScorecard) becomes a report subscription on first start,
/// with its own recurring job in Eastern time; the old configured job is removed; later starts never overwrite what
/// people changed in the intranet.
/// </summary>
[Collection(HangfireServerCollection.Name)]
public class RecurringScorecardTests
{
    private static OpsWebFactory App(string cs, string cron = "0 8 12 * *", bool register = true) => new(cs, settings: new Dictionary<string, string?>
    {
        ["Jobs:RegisterRecurringJobs"] = register ? "true" : "false",
        ["Reports:DepartmentScorecard:Cron"] = cron,
        ["Reports:DepartmentScorecard:Recipients:0"] = "Leadership@cityutility.example",
        ["Reports:DepartmentScorecard:Recipients:1"] = "city.manager.office@cityutility.example",
    });

    [Fact]
    public async Task FirstStart_SeedsTheConfiguredScorecardAsASubscription_Once_AndRemovesTheOldJob()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using (var first = App(cs, register: false))
            {
                _ = first.Server;
                await new TestData(first).User("Kevin", "Tran").Administrator().BuildAsync();
                await new TestData(first).User("Second", "Admin").Administrator().BuildAsync();
                // The app's job storage prepares Hangfire's schema in this database.
                _ = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Hangfire.JobStorage>(first.Services);
            }
            // The job the configuration used to register, left from before the upgrade: its class is gone, so it is written as Hangfire stored it.
            LeaveOldScorecardJob(cs);
            Assert.Contains(SubscriptionTestKit.RecurringJobs(cs), j => j.Id == RecurringJobs.DepartmentScorecardEmail);

            await using (var second = App(cs))
            {
                _ = second.Server;
                await using var db = second.CreateDbContext();
                var s = await db.ReportSubscriptions.SingleAsync();
                Assert.Equal((DepartmentScorecardSeed.SeedKey, DepartmentScorecardKind.KindKey, PeriodRule.PreviousMonth), (s.SeedKey, s.ReportKind, s.PeriodRule));
                Assert.Equal((ScheduleKind.MonthlyOnDay, (int?)12, new TimeOnly(8, 0), "America/New_York"), (s.ScheduleKind, s.Day, s.TimeOfDay, s.TimeZone));
                Assert.Equal(["leadership@cityutility.example", "city.manager.office@cityutility.example"], s.Addresses);
                Assert.False(s.Paused);
                // The first administrator keeps it.
                Assert.Equal(await db.Users.Where(u => u.Email!.StartsWith("kevin")).Select(u => (int?)u.Id).SingleAsync(), s.OwnerUserId);

                var jobs = SubscriptionTestKit.RecurringJobs(cs);
                var job = Assert.Single(jobs, j => j.Id == s.RecurringJobId);
                Assert.Equal(("0 8 12 * *", "America/New_York"), (job.Cron, job.TimeZoneId));
                Assert.DoesNotContain(jobs, j => j.Id == RecurringJobs.DepartmentScorecardEmail);

                // Someone changes it in the intranet.
                s.Name = "Scorecard for the City Manager";
                s.Day = 14;
                await db.SaveChangesAsync();
            }

            // A later start with other settings changes nothing.
            await using (var third = App(cs, cron: "0 7 1 * *"))
            {
                _ = third.Server;
                await using var db = third.CreateDbContext();
                var s = await db.ReportSubscriptions.SingleAsync();
                Assert.Equal(("Scorecard for the City Manager", (int?)14), (s.Name, s.Day));
                Assert.Equal("0 8 14 * *", Assert.Single(SubscriptionTestKit.RecurringJobs(cs), j => j.Id == s.RecurringJobId).Cron);
            }
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    /// <summary>The recurring job of the retired ScheduleDepartmentScorecardJob, as Hangfire 1.8 keeps one: a hash of its fields and an entry in the set of recurring jobs.</summary>
    private static void LeaveOldScorecardJob(string cs)
    {
        using var connection = DeliveryQueue.Storage(cs).GetConnection();
        using var write = connection.CreateWriteTransaction();
        write.SetRangeInHash($"recurring-job:{RecurringJobs.DepartmentScorecardEmail}", new Dictionary<string, string>
        {
            ["Job"] = """{"Type":"OpsIntranet.Jobs.Scorecards.ScheduleDepartmentScorecardJob, OpsIntranet.Jobs","Method":"ExecuteAsync","ParameterTypes":"[\"System.Threading.CancellationToken, System.Private.CoreLib\"]","Arguments":"[null]"}""",
            ["Cron"] = "0 8 12 * *",
            ["TimeZoneId"] = "America/New_York",
            ["Queue"] = "default",
            ["CreatedAt"] = "2026-01-05T13:00:00.0000000Z",
            ["NextExecution"] = "2026-12-12T13:00:00.0000000Z",
            ["V"] = "2",
        });
        write.AddToSet("recurring-jobs", RecurringJobs.DepartmentScorecardEmail, 1796994000);
        write.Commit();
    }

    [Theory]
    [InlineData("0 8 12 * *", ScheduleKind.MonthlyOnDay, 12, "08:00", null)]
    [InlineData("30 6 1 * *", ScheduleKind.MonthlyOnDay, 1, "06:30", null)]
    [InlineData("0 8 * * 1", ScheduleKind.Cron, null, "00:00", "0 8 * * 1")]
    [InlineData("0 8 L * *", ScheduleKind.Cron, null, "00:00", "0 8 L * *")]
    [InlineData("0 8 12 1,4,7,10 *", ScheduleKind.Cron, null, "00:00", "0 8 12 1,4,7,10 *")]
    public void ConfiguredCron_BecomesTheFriendlyMonthlyScheduleWhenItIsOne(string cron, ScheduleKind kind, int? day, string time, string? keptCron)
    {
        var s = new ReportSubscription { Name = "x", ReportKind = "department-scorecard", Subject = "x" };
        DepartmentScorecardSeed.SetSchedule(s, cron);
        Assert.Equal((kind, day, TimeOnly.Parse(time), keptCron), (s.ScheduleKind, s.Day, s.TimeOfDay, s.Cron));
    }
}
