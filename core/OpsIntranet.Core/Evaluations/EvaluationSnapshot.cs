using System.Text.Json;

namespace OpsIntranet.Core.Evaluations;

/// <summary>A person as they were named when the snapshot was taken.</summary>
public sealed record SnapshotPerson(int Id, string Name);

/// <summary>One competency as rated: its name, description and weight as copied onto the evaluation.</summary>
public sealed record SnapshotRating(string Name, string? Description, int Weight, int SortOrder, int? Rating, string? RatingLabel, string? Comment);

/// <summary>
/// An evaluation as it stood at one step (its approval, or just before a reopening): everything its packet shows,
/// copied, so the record never changes when live data does (a rename, a corrected month, a catalog edit).
/// Stored as JSON on the step's history line. Snapshots written before this record had only the status, score,
/// texts and ratings; <see cref="Read"/> reads those too, leaving what they lack empty.
/// </summary>
public sealed record EvaluationSnapshot
{
    /// <summary>2 for snapshots written as this record; 1 for the older, smaller ones.</summary>
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

    public const int CurrentSchemaVersion = 2;

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
