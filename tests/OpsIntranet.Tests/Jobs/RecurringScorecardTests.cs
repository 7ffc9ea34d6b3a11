using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs;

/// <summary>Hangfire's configuration is process-wide, so the tests that run a real job server run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class HangfireServerCollection
{
    public const string Name = "Hangfire server";
}

[Collection(HangfireServerCollection.Name)]
public class RecurringScorecardTests
{
    [Fact]
    public async Task RecurringJob_IsRegisteredInEasternTime_AndWhenTriggeredMailsLastMonthsScorecard()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        try
        {
            using var smtp = TestSmtpServer.Start();
            await using var app = new OpsWebFactory(cs, settings: new Dictionary<string, string?>
            {
                ["Jobs:RunServer"] = "true",
                ["Jobs:RegisterRecurringJobs"] = "true",
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = smtp.Port.ToString(),
                ["Smtp:Security"] = "None",
                ["Reports:DepartmentScorecard:Recipients:0"] = "leadership@cityutility.example",
            });
            _ = app.Server;

            var storage = app.Services.GetRequiredService<JobStorage>();
            using (var connection = storage.GetConnection())
            {
                var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RecurringJobs.DepartmentScorecardEmail);
                Assert.Equal("America/New_York", job.TimeZoneId);
                Assert.Equal("0 8 12 * *", job.Cron);
            }

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(RecurringJobs.DepartmentScorecardEmail);
            Assert.True(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(90)), "the triggered job sent its e-mail");
            // The test clock says 15 November 2026: last month is October.
            Assert.Equal("Department Scorecard — October 2026", smtp.Messages.Single().Subject);
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
