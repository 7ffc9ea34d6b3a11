using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Templates.Documents.EvaluationPacket;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Renders and stores an evaluation's packets from its snapshots (the packet job, the cycle batch and a
/// download that finds a copy not yet generated all come here). Safe to run twice: the document store's
/// unique key returns the first copy.
/// </summary>
public class EvaluationPacketGenerator(AppDbContext db, DocumentStore store, EvaluationPacketRenderer renderer, Viewers viewers, TimeProvider clock)
{
    /// <summary>
    /// The personnel-file copy of the evaluation's newest packet version, rendered and stored now if it is not
    /// stored yet; null when the evaluation has no packet version (never approved). Virtual so a test can make
    /// one evaluation's render fail (a batch must fail only that packet).
    /// </summary>
    public virtual async Task<StoredDocument?> EnsureFileCopyAsync(int evaluationId, CancellationToken ct)
    {
        var newest = await db.Set<PacketVersion>().AsNoTracking().Where(v => v.EvaluationId == evaluationId).MaxAsync(v => (int?)v.Number, ct);
        return newest is { } number ? await EnsureCopyAsync(evaluationId, number, PacketEdition.File, ct) : null;
    }

    /// <summary>
    /// Every copy a version needs: the personnel file's, the employee's, and the reviewer's when the reviewer does
    /// not keep the employee's file. Each copy is tried even when another fails; the first failure is thrown after
    /// all were tried (recorded on its copy), so the job is retried for what is missing only.
    /// </summary>
    public async Task GenerateVersionAsync(int evaluationId, int version, CancellationToken ct)
    {
        var evaluation = await db.Evaluations.AsNoTracking().Where(e => e.Id == evaluationId)
            .Select(e => new { e.EmployeeId, e.ReviewerUserId }).SingleOrDefaultAsync(ct);
        // An id that was never committed (the step rolled back after all): nothing to print.
        if (evaluation is null) return;
        var editions = new List<PacketEdition> { PacketEdition.File, PacketEdition.Employee };
        var reviewer = await viewers.ForUserAsync(evaluation.ReviewerUserId, ct);
        if (!reviewer.Manages(evaluation.EmployeeId)) editions.Add(PacketEdition.Reviewer);
        Exception? first = null;
        foreach (var edition in editions)
        {
            try
            {
                await EnsureCopyAsync(evaluationId, version, edition, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                first ??= e;
            }
        }
        if (first is not null) throw new InvalidOperationException($"Packet v{version} of evaluation {evaluationId}: {first.Message}", first);
    }

    /// <summary>
    /// One copy of one version, stored: the stored document when it exists, otherwise rendered from the version's
    /// snapshot now, stored and marked ready. A failed render is recorded on the copy (with its error) and thrown.
    /// </summary>
    public async Task<StoredDocument> EnsureCopyAsync(int evaluationId, int version, PacketEdition edition, CancellationToken ct)
    {
        var packet = await db.Set<PacketVersion>().AsNoTracking().Where(v => v.EvaluationId == evaluationId && v.Number == version)
            .Select(v => new { v.Id, v.CreatedAt, v.Event!.Snapshot }).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Evaluation {evaluationId} has no packet version {version}.");
        var json = packet.Snapshot ?? throw new InvalidOperationException($"Packet v{version} of evaluation {evaluationId} has no snapshot.");
        var snapshot = EvaluationSnapshot.Read(json);
        var kind = KindOf(edition);
        // The copy's row keeps the fingerprint it was first given; that one is printed, so a copy rendered again (after a
        // failed render, or on download) always carries the fingerprint the verify page knows.
        var (copyId, fingerprint) = await CopyRowAsync(packet.Id, kind, PacketFingerprint.Compute(json, edition), ct);
        var key = new DocumentKey(kind, new DocumentSubject(DocumentSubjects.Evaluation, evaluationId), version);
        if (await store.FindAsync(key, ct) is { } stored)
        {
            await MarkReadyAsync(copyId, stored.Id, ct);
            return stored;
        }
        try
        {
            var pdf = await renderer.RenderPdfAsync(snapshot, edition, new PacketStamp(version, fingerprint, false), ct);
            using var content = new MemoryStream(pdf, writable: false);
            var names = await db.Evaluations.AsNoTracking().Where(e => e.Id == evaluationId).Select(e => new { e.Employee!.LastName, e.Employee.FirstName, Cycle = e.Cycle!.Name }).SingleAsync(ct);
            var fileName = PacketZipNames.Download(names.LastName, names.FirstName, names.Cycle, version, kind);
            var saved = await store.SaveAsync(key, fileName, "application/pdf", content, null, ct);
            await MarkReadyAsync(copyId, saved.Document.Id, ct);
            return saved.Document;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = $"{e.GetType().Name}: {e.Message}";
            await db.Set<PacketCopy>().Where(c => c.Id == copyId && c.Status != PacketCopyStatus.Ready).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, PacketCopyStatus.Failed)
                .SetProperty(c => c.Error, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(c => c.Attempts, c => c.Attempts + 1)
                .SetProperty(c => c.UpdatedAt, clock.GetUtcNow()), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The document kind a copy is stored under.</summary>
    public static string KindOf(PacketEdition edition) => edition switch
    {
        PacketEdition.File => PacketCopies.File,
        PacketEdition.Employee => PacketCopies.Employee,
        PacketEdition.Reviewer => PacketCopies.Reviewer,
        _ => throw new ArgumentOutOfRangeException(nameof(edition), edition, null),
    };

    public static PacketEdition EditionOf(string kind) => kind switch
    {
        PacketCopies.File => PacketEdition.File,
        PacketCopies.Employee => PacketEdition.Employee,
        PacketCopies.Reviewer => PacketEdition.Reviewer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The copy's row, created the first time (two workers at once: the unique key keeps one).</summary>
    private async Task<(int Id, string Fingerprint)> CopyRowAsync(int versionId, string kind, string fingerprint, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO packet_copies (packet_version_id, kind, fingerprint, status, attempts, updated_at)
            VALUES ({versionId}, {kind}, {fingerprint}, {nameof(PacketCopyStatus.Pending)}, 0, {now})
            ON CONFLICT (packet_version_id, kind) DO NOTHING
            """, ct);
        var row = await db.Set<PacketCopy>().AsNoTracking().Where(c => c.PacketVersionId == versionId && c.Kind == kind).Select(c => new { c.Id, c.Fingerprint }).SingleAsync(ct);
        return (row.Id, row.Fingerprint);
    }

    private async Task MarkReadyAsync(int copyId, int documentId, CancellationToken ct) =>
        await db.Set<PacketCopy>().Where(c => c.Id == copyId && (c.Status != PacketCopyStatus.Ready || c.DocumentId != documentId)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, PacketCopyStatus.Ready)
            .SetProperty(c => c.DocumentId, documentId)
            .SetProperty(c => c.Error, (string?)null)
            .SetProperty(c => c.UpdatedAt, clock.GetUtcNow()), ct);
}
