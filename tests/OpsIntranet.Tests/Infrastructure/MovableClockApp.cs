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
public sealed class MovableClockApp : DemoAppFixture
{
    public MovableClock Clock { get; } = new();

    protected override TimeProvider? ClockOverride => Clock;
}
