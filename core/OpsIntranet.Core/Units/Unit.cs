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
    /// <summary>A deactivated unit takes no new data and drops out of pickers; its history and reports stay (nothing with data is deleted).</summary>
    public bool IsActive { get; set; } = true;
    /// <summary>PostgreSQL xmin: two administrators renaming or deactivating one unit cannot overwrite each other.</summary>
    public uint Version { get; set; }

    public List<Metrics.MetricDefinition> Metrics { get; } = [];
}
