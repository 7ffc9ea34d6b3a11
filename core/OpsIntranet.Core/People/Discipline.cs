namespace OpsIntranet.Core.People;

/// <summary>Progressive discipline, from the mildest step to the most severe.</summary>
public enum DisciplineLevel
{
    DocumentedCounseling = 0,
    WrittenReprimand = 1,
    Suspension = 2,
    Demotion = 3,
    Dismissal = 4,
}

public enum DisciplineStatus
{
    Recommended = 0,
    Approved = 1,
    Administered = 2,
    Withdrawn = 3,
    /// <summary>Undone by the resolution of a grievance.</summary>
    Rescinded = 4,
}

public class DisciplinaryAction
{
    public int Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DisciplineLevel Level { get; set; }
    public DateOnly IncidentDate { get; set; }
    /// <summary>The rule, policy or reason the action rests on.</summary>
    public required string Policy { get; set; }
    public required string Description { get; set; }
    public DisciplineStatus Status { get; set; }
    public bool SharedWithEmployee { get; set; }
    public int RecommendedByUserId { get; set; }
    public required string RecommendedByName { get; set; }
    public DateTimeOffset RecommendedAt { get; set; }
    /// <summary>The day the action took effect (served, suspension started), set when administered.</summary>
    public DateOnly? EffectiveDate { get; set; }
    public uint Version { get; set; }
    public List<DisciplineEvent> Events { get; } = [];
    public List<Grievance> Grievances { get; } = [];
}

public enum DisciplineStep
{
    Recommended = 0,
    Approved = 1,
    Administered = 2,
    Withdrawn = 3,
    GrievanceFiled = 4,
    GrievanceResolved = 5,
}

/// <summary>Who took each step of a disciplinary action, and when.</summary>
public class DisciplineEvent
{
    public int Id { get; set; }
    public int ActionId { get; set; }
    public DisciplinaryAction? Action { get; set; }
    public DisciplineStep Step { get; set; }
    public int UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
}

public enum GrievanceOutcome
{
    /// <summary>The action stands as administered.</summary>
    Upheld = 0,
    /// <summary>The action stands at a lesser level.</summary>
    Reduced = 1,
    /// <summary>The action is withdrawn from the record.</summary>
    Rescinded = 2,
}

/// <summary>A grievance filed against a disciplinary action, and how it was resolved.</summary>
public class Grievance
{
    public int Id { get; set; }
    public int ActionId { get; set; }
    public DisciplinaryAction? Action { get; set; }
    public DateOnly FiledOn { get; set; }
    public required string Grounds { get; set; }
    public GrievanceOutcome? Outcome { get; set; }
    public string? Resolution { get; set; }
    public DateOnly? ResolvedOn { get; set; }
    public int? ResolvedByUserId { get; set; }
    public string? ResolvedByName { get; set; }
}
