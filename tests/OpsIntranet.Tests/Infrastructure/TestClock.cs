using Microsoft.Extensions.Time.Testing;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>Tests run on 15 November 2026, noon Eastern: the demo's last month is October 2026 (FY2027).</summary>
public static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 11, 15, 17, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly LastMonth = new(2026, 10, 1);

    public static FakeTimeProvider Create() => new(Now);
}
