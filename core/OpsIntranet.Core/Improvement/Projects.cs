namespace OpsIntranet.Core.Improvement;

public enum ProjectKind
{
    Project = 0,
    Committee = 1,
}

public enum ProjectStatus
{
    Active = 0,
    OnHold = 1,
    Completed = 2,
    Disbanded = 3,
}

/// <summary>A special project or ad-hoc committee a manager leads or sits on: cross-functional work kept on record beside the improvement work.</summary>
public class SpecialProject
{
    public int Id { get; set; }
    public ProjectKind Kind { get; set; }
    public required string Name { get; set; }
    public required string Purpose { get; set; }
    public ProjectStatus Status { get; set; }
    public int? LeadEmployeeId { get; set; }
    public People.Employee? Lead { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public uint Version { get; set; }
    public List<ProjectMember> Members { get; } = [];
    public List<ProjectEntry> Entries { get; } = [];
}

/// <summary>A member: an employee, or someone from another department named as text.</summary>
public class ProjectMember
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public SpecialProject? Project { get; set; }
    public int? EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }
    public string? ExternalName { get; set; }
    public required string Role { get; set; }
}

public enum ProjectEntryKind
{
    Meeting = 0,
    Milestone = 1,
}

/// <summary>A meeting held (with its notes) or a milestone (with its date and whether it was reached).</summary>
public class ProjectEntry
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public SpecialProject? Project { get; set; }
    public ProjectEntryKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public string? Notes { get; set; }
    public bool Done { get; set; }
    public int AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
}
