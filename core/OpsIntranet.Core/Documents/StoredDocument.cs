namespace OpsIntranet.Core.Documents;

/// <summary>The subject types documents are stored under.</summary>
public static class DocumentSubjects
{
    /// <summary>A report run of the delivery ledger: the document its recipients receive.</summary>
    public const string ReportRun = "report-run";
    /// <summary>An evaluation: its packet, one per approved version.</summary>
    public const string Evaluation = "evaluation";
}

/// <summary>What a document is about, e.g. ("report-run", 12) or ("evaluation", 40).</summary>
public readonly record struct DocumentSubject(string Type, int Id)
{
    public override string ToString() => $"{Type}/{Id}";
}

/// <summary>
/// Which document: its kind, its subject and the version of the subject it shows. Unique in the store,
/// so a job that renders a document and is retried finds the first copy instead of storing a second.
/// </summary>
public readonly record struct DocumentKey(string Kind, DocumentSubject Subject, int Version);

/// <summary>
/// One stored document. The row describes it; the bytes live in <c>document_contents</c> and are
/// written and read as streams, so listing documents never loads a file and a large one is never
/// held whole in memory.
/// </summary>
public class StoredDocument
{
    public int Id { get; set; }
    /// <summary>What sort of document, e.g. "department-scorecard" or "evaluation-packet".</summary>
    public required string Kind { get; set; }
    public required string SubjectType { get; set; }
    public int SubjectId { get; set; }
    public int Version { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    /// <summary>SHA-256 of the content, lower-case hex; computed while the content was written.</summary>
    public string? Sha256 { get; set; }
    public long Size { get; set; }
    /// <summary>The person whose action stored it; null for scheduled work (the system).</summary>
    public int? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the content has been written in full; a row without it is never served.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public DocumentKey Key => new(Kind, new DocumentSubject(SubjectType, SubjectId), Version);
}

/// <summary>The bytes of a stored document. Never loaded through EF: <see cref="DocumentStore"/> streams them.</summary>
public class DocumentContent
{
    public int DocumentId { get; set; }
    public StoredDocument? Document { get; set; }
    public byte[] Content { get; set; } = [];
}
