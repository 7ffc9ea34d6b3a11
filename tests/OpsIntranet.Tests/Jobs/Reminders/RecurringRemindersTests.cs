using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Reminders;

/// <summary>The daily reminder job as a job server runs it: registered with the other recurring jobs, triggered, its e-mail received.</summary>
[Collection(HangfireServerCollection.Name)]
public class RecurringRemindersTests
{
    [Fact]
    public async Task DailyReminders_IsRegisteredAt7InEasternTime_AndWhenTriggeredSendsWhatIsOwed()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            using var smtp = TestSmtpServer.Start();
            var clock = new MovableClock();
            clock.SetDay(new DateOnly(2026, 11, 3));
            await using var app = new OpsWebFactory(cs, clock: clock, settings: new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "true",
                ["Jobs:RegisterRecurringJobs"] = "true",
                ["Reports:DepartmentScorecard:Enabled"] = "false",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp:Security"] = "None",
            });
            var data = new TestData(app);
            var unit = await data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
            var dana = await data.User("Dana", "Reyes").SupervisorOf(unit).BuildAsync();

            using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RecurringJobs.DailyReminders);
                Assert.Equal(("America/New_York", "0 7 * * *"), (job.TimeZoneId, job.Cron));
            }

            // October is due on Tuesday 10 November and the unit has not submitted it.
            clock.SetDay(new DateOnly(2026, 11, 10));
            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(RecurringJobs.DailyReminders);
            Assert.True(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(90)), "the triggered job sent its reminder");
            var message = Assert.Single(smtp.Messages);
            Assert.Equal(dana.Email, message.To.Mailboxes.Single().Address);
            Assert.Contains($"<{ReminderKinds.MetricsDueToday.Key}.reminders.opsintranet>", message.Headers["List-Id"], StringComparison.Ordinal);
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
