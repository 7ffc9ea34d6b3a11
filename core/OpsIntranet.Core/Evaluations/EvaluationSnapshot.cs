using System.Text.Json;

namespace OpsIntranet.Core.Evaluations;

/// <summary>A person as they were named when the snapshot was taken.</summary>
public sealed record SnapshotPerson(int Id, string Name);

/// <summary>One competency as rated: its name, description and weight as copied onto the evaluation.</summary>
public sealed record SnapshotRating(string Name, string? Description, int Weight, int SortOrder, int? Rating, string? RatingLabel, string? Comment);

/// <summary>An addendum to a performance-log entry, as written.</summary>
public sealed record SnapshotAddendum(DateTimeOffset At, string Author, string Text);

/// <summary>A performance-log entry dated in the period, with its addenda; <see cref="SharedWithEmployee"/> decides the employee's copy.</summary>
public sealed record SnapshotLogEntry(int Id, DateOnly Date, string Type, string Summary, string? Details, string Author, bool SharedWithEmployee, IReadOnlyList<SnapshotAddendum> Addenda);

/// <summary>A grievance filed against a disciplinary action, and its outcome once resolved.</summary>
public sealed record SnapshotGrievance(DateOnly FiledOn, string Grounds, string? Outcome, string? Resolution, DateOnly? ResolvedOn);

/// <summary>A disciplinary action of the period (incident or effective date in it), not withdrawn; levels and statuses as words.</summary>
public sealed record SnapshotDiscipline(int Id, string Level, string Status, DateOnly IncidentDate, DateOnly? EffectiveDate, string Policy, string Description,
    string RecommendedBy, bool SharedWithEmployee, IReadOnlyList<SnapshotGrievance> Grievances);

/// <summary>One line of the evaluation's history: the step as a word, who took it, when, and the note they left.</summary>
public sealed record SnapshotStep(string Step, string Who, DateTimeOffset At, string? Note);

/// <summary>
/// An evaluation as it stood at one step (its approval, or just before a reopening): everything its packet shows,
/// copied, so the record never changes when live data does (a rename, a corrected month, a catalog edit).
/// Stored as JSON on the step's history line. Snapshots written before this record had only the status, score,
/// texts and ratings; <see cref="Read"/> reads those too, leaving what they lack empty.
/// </summary>
public sealed record EvaluationSnapshot
{
    /// <summary>3 for snapshots written as this record; 2 and 1 for older ones, which lack the later fields.</summary>
    public int SchemaVersion { get; init; } = 1;
    public int EvaluationId { get; init; }
    public EvaluationStatus Status { get; init; }
    public string? CycleName { get; init; }
    public CycleKind? CycleKind { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public DateOnly? DueDate { get; init; }
    public SnapshotPerson? Employee { get; init; }
    public string? Position { get; init; }
    public string? UnitName { get; init; }
    public SnapshotPerson? Evaluator { get; init; }
    public SnapshotPerson? Reviewer { get; init; }
    public decimal? OverallScore { get; init; }
    public string? OverallLabel { get; init; }
    public string? Strengths { get; init; }
    public string? AreasToImprove { get; init; }
    public string? DevelopmentPlan { get; init; }
    public string? EmployeeComment { get; init; }
    public IReadOnlyList<SnapshotRating> Ratings { get; init; } = [];
    /// <summary>The unit's results over the period, as frozen at approval.</summary>
    public EvaluationEvidence? Evidence { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset? TakenAt { get; init; }

    // Schema 3: everything else the packet prints, so a packet never reads live data.
    /// <summary>Who approved it (the reviewer acting), and who acknowledged it (the employee), once they have.</summary>
    public SnapshotPerson? ApprovedBy { get; init; }
    public SnapshotPerson? AcknowledgedBy { get; init; }
    /// <summary>The unit's metrics month by month over the period (approved months only), for the packet's trend charts.</summary>
    public IReadOnlyList<Scorecards.MetricTrend> Trends { get; init; } = [];
    /// <summary>Every performance-log entry dated in the period; each copy of the packet shows those its readers may see.</summary>
    public IReadOnlyList<SnapshotLogEntry> LogEntries { get; init; } = [];
    /// <summary>Disciplinary actions of the period; each copy of the packet shows those its readers may see.</summary>
    public IReadOnlyList<SnapshotDiscipline> Discipline { get; init; } = [];
    /// <summary>The evaluation's history up to and including this step.</summary>
    public IReadOnlyList<SnapshotStep> History { get; init; } = [];

    public const int CurrentSchemaVersion = 3;

    public string ToJson() => JsonSerializer.Serialize(this, EvaluationService.Json);

    /// <summary>
    /// Reads a stored snapshot of any age: this record's JSON, the first snapshots (the same names, fewer of them),
    /// and a reopening's first form, which wrapped them as { evaluation, evidence }.
    /// </summary>
    public static EvaluationSnapshot Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("evaluation", out var wrapped))
        {
            var inner = wrapped.Deserialize<EvaluationSnapshot>(EvaluationService.Json)!;
            return root.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Object
                ? inner with { Evidence = evidence.Deserialize<EvaluationEvidence>(EvaluationService.Json) }
                : inner;
        }
        return root.Deserialize<EvaluationSnapshot>(EvaluationService.Json)!;
    }
}

/// <summary>An approved version of an evaluation: the history line it is kept on, its number (1 for the first approval) and what was approved.</summary>
public sealed record ApprovedVersion(int EventId, int Number, DateTimeOffset ApprovedAt, string ApprovedBy, EvaluationSnapshot Snapshot);
