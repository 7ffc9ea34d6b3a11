using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Tests.Infrastructure.Builders;

public sealed record BuiltMetric(int Id, int UnitId, string Code);

/// <summary>A metric of a unit with its fiscal-year targets, saved through the metric-definition form's service (its rules apply).</summary>
public sealed class MetricBuilder(TestData data, BuiltUnit unit, string code)
{
    private string _name = code.Replace('_', ' ');
    private UnitOfMeasure _uom = UnitOfMeasure.Count;
    private MetricDirection _direction = MetricDirection.HigherIsBetter;
    private int _decimals;
    private string? _min;
    private string? _max;
    private bool _key;
    private readonly List<TargetInput> _targets = [];

    public MetricBuilder Named(string name) { _name = name; return this; }
    public MetricBuilder Count() { _uom = UnitOfMeasure.Count; _decimals = 0; return this; }
    public MetricBuilder Percent(int decimals = 1) { _uom = UnitOfMeasure.Percent; _decimals = decimals; _min = "0"; _max = "100"; return this; }
    public MetricBuilder Measured(UnitOfMeasure uom, int decimals) { _uom = uom; _decimals = decimals; return this; }
    public MetricBuilder HigherIsBetter() { _direction = MetricDirection.HigherIsBetter; return this; }
    public MetricBuilder LowerIsBetter() { _direction = MetricDirection.LowerIsBetter; return this; }
    public MetricBuilder Informational() { _direction = MetricDirection.Informational; return this; }
    public MetricBuilder Key() { _key = true; return this; }
    public MetricBuilder Range(decimal? min, decimal? max) { _min = Text(min); _max = Text(max); return this; }

    /// <summary>The target and tolerance for one fiscal year (FY2027 runs October 2026 – September 2027).</summary>
    public MetricBuilder Target(int fiscalYear, decimal target, decimal tolerance = 0)
    {
        _targets.Add(new TargetInput(fiscalYear, Text(target), Text(tolerance)));
        return this;
    }

    public Task<BuiltMetric> BuildAsync() => data.InScopeAsync(async services =>
    {
        var input = new MetricInput(_name, code, null, _uom, _direction, _decimals, _min, _max, _key, _targets);
        var saved = await services.GetRequiredService<MetricDefinitionService>().SaveAsync(Keeper, unit.Id, null, null, input)
            ?? throw new InvalidOperationException($"Building metric {code} failed: the unit {unit.Id} is not there.");
        var (ok, id, errors, error) = saved;
        if (!ok) throw new InvalidOperationException($"Building metric {code} failed: {error} {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))}");
        return new BuiltMetric(id!.Value, unit.Id, code);
    });

    /// <summary>Test data is set up by an administrator who belongs to no unit (metric definitions are theirs to keep).</summary>
    private static readonly Viewer Keeper = new(new Actor(0, "Test data"), null, [Roles.Administrator], [], [], []);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
