using OpsIntranet.Core.Documents;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Renders and stores an evaluation's packets from its snapshots (the packet job, the cycle batch and a
/// download that finds a copy not yet generated all come here). Safe to run twice: the document store's
/// unique key returns the first copy.
/// </summary>
public class EvaluationPacketGenerator
{
    /// <summary>
    /// The personnel-file copy of the evaluation's newest packet version, rendered and stored now if it is not
    /// stored yet; null when the evaluation has no packet version (never approved). Virtual so a test can make
    /// one evaluation's render fail (a batch must fail only that packet).
    /// </summary>
    public virtual Task<StoredDocument?> EnsureFileCopyAsync(int evaluationId, CancellationToken ct) =>
        throw new NotImplementedException("Helper B implements packet generation.");
}
