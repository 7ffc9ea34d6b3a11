namespace OpsIntranet.Core.Evaluations.Packets;

/// <summary>
/// The copies of a packet, named by the document kind each is stored under: the same snapshot printed for
/// different readers (the templates' PacketEdition File, Employee and Reviewer, in that order).
/// </summary>
public static class PacketCopies
{
    /// <summary>The personnel-file copy: the manager chain and administrators.</summary>
    public const string File = "evaluation-packet";
    /// <summary>The employee's own copy: only what was shared with them.</summary>
    public const string Employee = "evaluation-packet-employee";
    /// <summary>The copy of a reviewer who does not keep the employee's file: no log, no discipline.</summary>
    public const string Reviewer = "evaluation-packet-reviewer";

    public static readonly IReadOnlyList<string> All = [File, Employee, Reviewer];

    /// <summary>The word a person reads for the copy.</summary>
    public static string Label(string kind) => kind switch
    {
        File => "Personnel-file copy",
        Employee => "Employee's copy",
        Reviewer => "Reviewer's copy",
        _ => kind,
    };
}

public enum PacketCopyStatus
{
    Pending = 0,
    Ready = 1,
    Failed = 2,
}

/// <summary>
/// One version of an evaluation's packet: a record printed from the snapshot kept on one history line (an
/// approval, or an acknowledgement). Numbered 1, 2, … in the order of those steps; created in the step's own
/// transaction, so a version exists exactly when its step does. Never changed or deleted afterwards.
/// </summary>
public class PacketVersion
{
    public int Id { get; set; }
    public int EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }
    public int Number { get; set; }
    /// <summary>The history line whose snapshot the packet prints.</summary>
    public int EventId { get; set; }
    public EvaluationEvent? Event { get; set; }
    /// <summary>Approved or Acknowledged: the step that made this version.</summary>
    public EvaluationStep Step { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<PacketCopy> Copies { get; } = [];
}

/// <summary>
/// One copy of a packet version: its fingerprint (SHA-256 of the snapshot and the copy, printed in the footer),
/// the stored document once rendered, and where its rendering stands (pending, ready, or failed with the error).
/// </summary>
public class PacketCopy
{
    public int Id { get; set; }
    public int PacketVersionId { get; set; }
    public PacketVersion? PacketVersion { get; set; }
    /// <summary>The document kind of the copy (<see cref="PacketCopies"/>).</summary>
    public required string Kind { get; set; }
    public required string Fingerprint { get; set; }
    public PacketCopyStatus Status { get; set; }
    public int? DocumentId { get; set; }
    public Documents.StoredDocument? Document { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
