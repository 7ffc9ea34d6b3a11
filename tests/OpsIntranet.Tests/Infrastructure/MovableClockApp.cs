using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>A clock a test can move in either direction (FakeTimeProvider only goes forward).</summary>
public sealed class MovableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = TestClock.Now;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>16:00 UTC on the given day: 11:00 or noon Eastern, the same day in the department's time zone.</summary>
    public void SetDay(DateOnly day) => Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero);
}

/// <summary>The demo department (loaded as of <see cref="TestClock.Now"/>) on a web host whose clock the test sets.</summary>
public sealed class MovableClockApp : IAsyncLifetime
{
    private OpsWebFactory? _factory;

    public MovableClock Clock { get; } = new();
    public OpsWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync()
    {
        _factory = new ClockFactory(await TestDatabases.CreateDemoAsync(), Clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is null) return;
        var cs = _factory.ConnectionString;
        await _factory.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    private sealed class ClockFactory(string connectionString, TimeProvider clock) : OpsWebFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
