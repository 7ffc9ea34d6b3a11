namespace OpsIntranet.Core.People;

public class Employee
{
    public int Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Position { get; set; }
    public required string Email { get; set; }
    public int? UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int? ReportsToId { get; set; }
    public Employee? ReportsTo { get; set; }
    public DateOnly HireDate { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>The day a person who left stopped working here; kept with the record, which is never deleted.</summary>
    public DateOnly? LeftOn { get; set; }
    /// <summary>PostgreSQL xmin: two administrators editing one person cannot overwrite each other.</summary>
    public uint Version { get; set; }

    public string FullName => $"{FirstName} {LastName}";
}
