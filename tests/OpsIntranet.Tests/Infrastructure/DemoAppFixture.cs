namespace OpsIntranet.Tests.Infrastructure;

/// <summary>One test class's app: its own clone of the demo database and a web host on it.</summary>
public class DemoAppFixture : IAsyncLifetime
{
    private OpsWebFactory? _factory;

    public OpsWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised.");

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The app's clock when not the pinned test clock.</summary>
    protected virtual TimeProvider? ClockOverride => null;

    public virtual async Task InitializeAsync()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        _factory = new OpsWebFactory(cs, settings: Settings, clock: ClockOverride);
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
