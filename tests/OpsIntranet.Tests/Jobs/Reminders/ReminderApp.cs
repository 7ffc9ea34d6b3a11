using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Jobs.Reminders;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Reminders;

/// <summary>
/// An empty app on a clock the test moves, with a real SMTP server: the reminder job is run on a chosen day and the
/// delivery jobs it queued are worked as a job server would, so each test reads what people actually received.
/// </summary>
public sealed class ReminderApp : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private OpsWebFactory? _factory;

    public ReminderApp(params (string Key, string Value)[] settings)
    {
        Smtp = TestSmtpServer.Start();
        _settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
            ["Intranet:Url"] = "https://intranet.city.example/",
        };
        foreach (var (key, value) in settings) _settings[key] = value;
    }

    public MovableClock Clock { get; } = new();
    public TestSmtpServer Smtp { get; }
    public OpsWebFactory Factory => _factory ?? throw new InvalidOperationException("App not initialised.");
    public TestData Data => new(Factory);

    public async Task InitializeAsync()
    {
        _factory = new OpsWebFactory(await TestDatabases.CreateEmptyAsync(), settings: _settings, clock: Clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        Smtp.Dispose();
        if (_factory is null) return;
        var cs = _factory.ConnectionString;
        await _factory.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    /// <summary>The reminder job as the recurring schedule runs it on <paramref name="day"/>, then every delivery it queued; fails if a delivery failed.</summary>
    public async Task<SendRemindersJob.Outcome> RunOnAsync(DateOnly day)
    {
        Clock.SetDay(day);
        SendRemindersJob.Outcome outcome;
        using (var scope = Factory.Services.CreateScope())
            outcome = await scope.ServiceProvider.GetRequiredService<SendRemindersJob>().ExecuteAsync(CancellationToken.None);
        Assert.Equal(day, outcome.Day);
        var performed = await DeliveryQueue.PerformAsync(Factory.Services, Factory.ConnectionString);
        Assert.All(performed, p => Assert.Null(p.Error));
        return outcome;
    }

    /// <summary>The messages of one reminder kind (by their List-Id), as received.</summary>
    public List<MimeMessage> Received(string kind) =>
        Smtp.Messages.Where(m => m.Headers["List-Id"]?.Contains($"<{kind}.reminders.opsintranet>", StringComparison.Ordinal) == true).ToList();

    public async Task AddHolidayAsync(DateOnly day, string name)
    {
        await using var db = Factory.CreateDbContext();
        db.CityHolidays.Add(new CityHoliday { Date = day, Name = name });
        await db.SaveChangesAsync();
    }

    public static string To(MimeMessage m) => m.To.Mailboxes.Single().Address;
}
