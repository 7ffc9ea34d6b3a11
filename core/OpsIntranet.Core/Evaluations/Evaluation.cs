namespace OpsIntranet.Core.Evaluations;

public enum CycleKind
{
    Annual = 0,
    Probationary = 1,
    Special = 2,
}

/// <summary>A round of evaluations over one period, with one due date, for a chosen set of employees.</summary>
public class EvaluationCycle
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public CycleKind Kind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>When evaluations should be approved by the reviewer.</summary>
    public DateOnly DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public List<Evaluation> Evaluations { get; } = [];
}

/// <summary>A competency rated on every evaluation; administrators keep the list and its weights.</summary>
public class Competency
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    /// <summary>Percent of the overall score; the active competencies' weights add up to 100.</summary>
    public int Weight { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

public enum EvaluationStatus
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Acknowledged = 3,
    Closed = 4,
}

public class Evaluation
{
    public int Id { get; set; }
    public int CycleId { get; set; }
    public EvaluationCycle? Cycle { get; set; }
    public int EmployeeId { get; set; }
    public People.Employee? Employee { get; set; }
    /// <summary>The unit whose results are the evidence: the employee's unit when the evaluation was created.</summary>
    public int? UnitId { get; set; }
    public Units.Unit? Unit { get; set; }
    public int EvaluatorUserId { get; set; }
    public Identity.AppUser? Evaluator { get; set; }
    public int ReviewerUserId { get; set; }
    public Identity.AppUser? Reviewer { get; set; }
    public EvaluationStatus Status { get; set; }
    public string? Strengths { get; set; }
    public string? AreasToImprove { get; set; }
    public string? DevelopmentPlan { get; set; }
    public string? EmployeeComment { get; set; }
    /// <summary>Weighted average of the ratings (1–5), set when every competency is rated.</summary>
    public decimal? OverallScore { get; set; }
    /// <summary>The evidence as it stood when the reviewer approved (JSON); shown instead of live figures from then on.</summary>
    public string? FrozenEvidence { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Counts saves and steps so that every change moves the row's xmin.</summary>
    public int Revision { get; set; }
    public uint Version { get; set; }
    public List<EvaluationRating> Ratings { get; } = [];
    public List<EvaluationEvent> Events { get; } = [];
}

/// <summary>One competency on one evaluation. Name and weight are copied in, so later catalog edits never change a signed evaluation.</summary>
public class EvaluationRating
{
    public int Id { get; set; }
    public int EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }
    public int? CompetencyId { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public int Weight { get; set; }
    public int SortOrder { get; set; }
    public int? Rating { get; set; }
    public string? Comment { get; set; }
}

public enum EvaluationStep
{
    Created = 0,
    Saved = 1,
    Submitted = 2,
    Returned = 3,
    Approved = 4,
    Acknowledged = 5,
    Closed = 6,
    Reopened = 7,
    Reassigned = 8,
}

/// <summary>The evaluation's history. An approval keeps a snapshot of what was approved, so a reopening never erases it.</summary>
public class EvaluationEvent
{
    public int Id { get; set; }
    public int EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }
    public EvaluationStep Step { get; set; }
    public int UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
    public string? Snapshot { get; set; }
}
