namespace OpsIntranet.Core.Units;

/// <summary>A functional unit of the department (e.g. Utility Contact Center), run by one or two supervisors.</summary>
public class Unit
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Short code used in file names and URLs of downloads, e.g. "UCC".</summary>
    public required string Code { get; set; }
    public string? Description { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public List<Metrics.MetricDefinition> Metrics { get; } = [];
}
