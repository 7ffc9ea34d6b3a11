using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>
/// The web app over a migrated database with no data, for a test that builds its own state with
/// <see cref="TestData"/>. Used per test (a field of a test class that is itself IAsyncLifetime), each
/// test gets its own clone, so no test sees another's writes.
/// </summary>
/// <param name="clock">The app's clock when not the pinned test clock (e.g. a <see cref="MovableClock"/>).</param>
public sealed class EmptyApp(TimeProvider? clock = null) : IAsyncLifetime
{
    private OpsWebFactory? _factory;

    public OpsWebFactory Factory => _factory ?? throw new InvalidOperationException("App not initialised.");

    public TestData Data => new(Factory);

    public async Task InitializeAsync()
    {
        _factory = new OpsWebFactory(await TestDatabases.CreateEmptyAsync(), clock: clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is null) return;
        var cs = _factory.ConnectionString;
        await _factory.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }
}
