namespace OpsIntranet.Core.People;

public enum RecommendationType
{
    Hire = 0,
    Transfer = 1,
    Promotion = 2,
    Discipline = 3,
    GrievanceResolution = 4,
    Discharge = 5,
}

public enum RecommendationStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    Withdrawn = 3,
}

/// <summary>
/// A manager's recommendation on a personnel matter and its decision. A hire concerns a candidate
/// who is not an employee yet, so it names the candidate and the unit instead.
/// </summary>
public class PersonnelRecommendation
{
    public int Id { get; set; }
    public RecommendationType Type { get; set; }
    public int? EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public string? CandidateName { get; set; }
    /// <summary>The unit the matter belongs to (the hiring unit, the destination of a transfer, the employee's unit otherwise).</summary>
    public int? UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public required string Justification { get; set; }
    public DateOnly? EffectiveDate { get; set; }
    public bool SharedWithEmployee { get; set; }
    public RecommendationStatus Status { get; set; }
    public int RecommendedByUserId { get; set; }
    public required string RecommendedByName { get; set; }
    public DateTimeOffset RecommendedAt { get; set; }
    public int? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public uint Version { get; set; }
}
