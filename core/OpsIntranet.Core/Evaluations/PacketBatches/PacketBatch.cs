namespace OpsIntranet.Core.Evaluations.PacketBatches;

public enum PacketBatchStatus
{
    /// <summary>Created with its job enqueued; no worker has picked it up yet.</summary>
    Queued = 0,
    Running = 1,
    /// <summary>Every item is done or failed and the ZIP of this round is stored.</summary>
    Finished = 2,
}

public enum PacketBatchItemStatus
{
    Pending = 0,
    Done = 1,
    Failed = 2,
}

/// <summary>
/// The packets of a cycle (or of a selection of its evaluations) generated as one background job, for the
/// person who asked: its items, its progress (kept in <see cref="Done"/> and <see cref="Failed"/> as the job goes)
/// and the ZIP of every packet with its manifest. "Retry failed" starts a new <see cref="Round"/>: the failed
/// items go back to pending and the round's ZIP replaces the last one (each round's ZIP is its own stored
/// document, so a retried job finds the copy it stored).
/// </summary>
public class PacketBatch
{
    public int Id { get; set; }
    public int CycleId { get; set; }
    public EvaluationCycle? Cycle { get; set; }
    public int RequestedByUserId { get; set; }
    public required string RequestedByName { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>The whole cycle (as the person saw it) or the evaluations they ticked.</summary>
    public bool WholeCycle { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public int Failed { get; set; }
    public PacketBatchStatus Status { get; set; }
    /// <summary>1 for the first run; each "Retry failed" adds one. The ZIP is stored as this version.</summary>
    public int Round { get; set; } = 1;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Why the job itself stopped (not a packet: those fail on their item); cleared when it runs again.</summary>
    public string? JobError { get; set; }
    /// <summary>The ZIP of the round that finished last, in the document store.</summary>
    public int? ZipDocumentId { get; set; }
    public Documents.StoredDocument? ZipDocument { get; set; }
    public uint Version { get; set; }
    public List<PacketBatchItem> Items { get; } = [];
}

/// <summary>One evaluation of a batch. Unique per (batch, evaluation); moved from pending only once, so a job run twice never counts it twice.</summary>
public class PacketBatchItem
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public PacketBatch? Batch { get; set; }
    public int EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }
    public PacketBatchItemStatus Status { get; set; }
    /// <summary>Why the packet could not be generated (the error's message), while failed.</summary>
    public string? Error { get; set; }
    /// <summary>The personnel-file copy of the packet that went into the ZIP.</summary>
    public int? DocumentId { get; set; }
    public Documents.StoredDocument? Document { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
