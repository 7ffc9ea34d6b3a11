namespace OpsIntranet.Core.Metrics;

/// <summary>What a unit measures every month, and how a value of it is judged.</summary>
public class MetricDefinition
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public required string Name { get; set; }
    /// <summary>Stable key for imports and exports, unique within the unit (e.g. "service_level").</summary>
    public required string Code { get; set; }
    public string? Description { get; set; }
    public UnitOfMeasure UnitOfMeasure { get; set; }
    public MetricDirection Direction { get; set; }
    public int Decimals { get; set; }
    public decimal? MinValue { get; set; }
    public decimal? MaxValue { get; set; }
    /// <summary>Shown on the department scorecard (a unit's headline metrics).</summary>
    public bool IsKey { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>PostgreSQL xmin: two administrators editing one definition cannot overwrite each other.</summary>
    public uint Version { get; set; }

    public List<MetricTarget> Targets { get; } = [];

    public MetricTarget? TargetFor(int fiscalYear) => Targets.FirstOrDefault(t => t.FiscalYear == fiscalYear);
}

/// <summary>A metric's target for one fiscal year; the tolerance is in the metric's own unit of measure.</summary>
public class MetricTarget
{
    public int Id { get; set; }
    public int MetricDefinitionId { get; set; }
    public MetricDefinition? MetricDefinition { get; set; }
    public int FiscalYear { get; set; }
    public decimal Target { get; set; }
    public decimal Tolerance { get; set; }
}
