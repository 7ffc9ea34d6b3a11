using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Infrastructure;

/// <summary>
/// A bad setting stops the app at start-up with a message that names it, before the database is
/// touched: one case per setting that has a rule (every options class the web app and the worker bind).
/// </summary>
public class OptionsValidationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Smtp:Port", "0", "Smtp:Port must be between 1 and 65535, was 0." },
        { "Smtp:Port", "70000", "Smtp:Port must be between 1 and 65535, was 70000." },
        { "Smtp:Port", "twenty-five", "Smtp:Port" },
        { "Smtp:Host", " ", "Smtp:Host must be set." },
        { "Smtp:Security", "Sometimes", "Smtp:Security" },
        { "Smtp:Security", "9", "Smtp:Security must be one of" },
        { "Smtp:FromAddress", "opsintranet", "Smtp:FromAddress must be an e-mail address, was \"opsintranet\"." },
        { "Smtp:TimeoutSeconds", "0", "Smtp:TimeoutSeconds must be between 1 and 600, was 0." },
        { "Jobs:WorkerCount", "0", "Jobs:WorkerCount must be between 1 and 64, was 0." },
        { "Jobs:InvisibilityTimeout", "00:00:00", "Jobs:InvisibilityTimeout must be between 00:00:05 and 1.00:00:00, was 00:00:00." },
        { "Jobs:RunServer", "sometimes", "Jobs:RunServer" },
        { "Chromium:ExecutablePath", " ", "Chromium:ExecutablePath must be set." },
        { "Chromium:MaxConcurrentRenders", "-1", "Chromium:MaxConcurrentRenders must be between 0 and 64, was -1." },
        { "Chromium:RecycleAfterRenders", "0", "Chromium:RecycleAfterRenders must be between 1 and 100000, was 0." },
        { "Chromium:RenderTimeoutSeconds", "0", "Chromium:RenderTimeoutSeconds must be between 1 and 3600, was 0." },
        { "Metrics:DueDay", "31", "Metrics:DueDay must be between 1 and 28, was 31." },
        { "People:LogEditWindowHours", "-1", "People:LogEditWindowHours must be between 0 and 8760, was -1." },
        { "People:AcknowledgeWithinDays", "0", "People:AcknowledgeWithinDays must be between 1 and 365, was 0." },
        { "Reports:DepartmentScorecard:Cron", "every month", "Reports:DepartmentScorecard:Cron must be a cron expression (minute hour day month weekday), was \"every month\"." },
        { "Reports:DepartmentScorecard:Cron", "0 25 12 * *", "Reports:DepartmentScorecard:Cron must be a cron expression" },
        { "Reports:DepartmentScorecard:Recipients:0", "leadership", "Reports:DepartmentScorecard:Recipients:0 must be an e-mail address, was \"leadership\"." },
        { "Reminders:Cron", "daily", "Reminders:Cron must be a cron expression (minute hour day month weekday), was \"daily\"." },
        { "Reminders:StepCadenceDays", "0", "Reminders:StepCadenceDays must be between 1 and 90, was 0." },
        { "Reminders:EscalationBusinessDays", "0", "Reminders:EscalationBusinessDays must be between 1 and 15, was 0." },
        { "Database:Migrate", "perhaps", "Database:Migrate" },
        { "SingleSignOn:Authority", "https://login.city.example/", "SingleSignOn:ClientId must be set." },
        { "SingleSignOn:Authority", "http://login.city.example/", "SingleSignOn:Authority must use https (plain http only for a provider on this machine), was \"http://login.city.example/\"." },
        { "SingleSignOn:Authority", "login.city.example", "SingleSignOn:Authority must be the provider's https address (its issuer), was \"login.city.example\"." },
        { "SingleSignOn:LocalAccountsEnabled", "false", "SingleSignOn:LocalAccountsEnabled is false but SingleSignOn:Authority is empty" },
        { "SingleSignOn:GroupRoles:ops-admins", "Admin", "SingleSignOn:GroupRoles:ops-admins must be one of Supervisor, Manager, Leadership, Administrator, was \"Admin\"." },
        { "SingleSignOn:GroupUnits:ops-ucc", " ", "SingleSignOn:GroupUnits:ops-ucc must be a unit code" },
        { "SingleSignOn:BreakGlassAdministrator", "kevin", "SingleSignOn:BreakGlassAdministrator must be an e-mail address, was \"kevin\"." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsTheStart_NamingTheSetting_BeforeTheDatabaseIsTouched(string setting, string value, string message)
    {
        var cs = await TestDatabases.CreateBlankAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, settings: new Dictionary<string, string?> { [setting] = value });
            var error = Record.Exception(() => factory.Server);
            Assert.NotNull(error);
            // The message may sit in an inner exception; ToString carries them all.
            Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
            await using var db = TestDatabases.CreateDbContext(cs);
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task DemoDataSwitchThatIsNotABoolean_StopsTheStart_NamingTheSetting()
    {
        var cs = await TestDatabases.CreateBlankAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, settings: new Dictionary<string, string?> { ["DemoData:Load"] = "maybe" });
            var error = Record.Exception(() => factory.Server);
            Assert.NotNull(error);
            Assert.Contains("DemoData:Load", error.ToString(), StringComparison.Ordinal);
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task GoodSettings_Start()
    {
        var cs = await TestDatabases.CreateBlankAsync();
        try
        {
            await using var factory = new OpsWebFactory(cs, settings: new Dictionary<string, string?>
            {
                ["Smtp:Port"] = "587", ["Reports:DepartmentScorecard:Cron"] = "0 30 7 1-5,12 JAN-DEC MON-FRI", ["Reports:DepartmentScorecard:Recipients:0"] = "leadership@cityutility.example",
                ["Intranet:Url"] = "https://opsintranet.city.example/", ["People:LogEditWindowHours"] = "0", ["Metrics:DueDay"] = "28",
            });
            var response = await factory.CreateClient().GetAsync("/health");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally { await TestDatabases.DropAsync(cs); }
    }
}
