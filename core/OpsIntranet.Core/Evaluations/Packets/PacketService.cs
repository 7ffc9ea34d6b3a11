using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;

namespace OpsIntranet.Core.Evaluations.Packets;

/// <summary>One packet version as a reader sees it: the copy they get and where its rendering stands.</summary>
public sealed record PacketRow(int EvaluationId, int Version, EvaluationStep Step, DateTimeOffset At, string Copy, PacketCopyStatus Status, string? Fingerprint, string? Error)
{
    public string StepLabel => Step == EvaluationStep.Acknowledged ? "Acknowledged" : "Approved";
    public string CopyLabel => PacketCopies.Label(Copy);
    public string? PrintedFingerprint => Fingerprint is { Length: >= 12 } f ? f[..12] : Fingerprint;
    public string DownloadUrl => $"/evaluations/{EvaluationId}/packets/{Version}";
}

/// <summary>The packets of one of a person's evaluations, for their profile.</summary>
public sealed record EvaluationPackets(int EvaluationId, string Cycle, IReadOnlyList<PacketRow> Versions);

/// <summary>A draft as its packet would print now, and the copy the previewer gets.</summary>
public sealed record DraftPreview(EvaluationSnapshot Snapshot, string Copy, string FileName);

/// <summary>What a download may serve: which version of which evaluation, in which copy, for whom.</summary>
public sealed record PacketTicket(int EvaluationId, int EmployeeId, int Version, string Copy);

/// <summary>A stored packet copy that a file or a fingerprint matched.</summary>
public sealed record VerifiedPacket(int EvaluationId, string Employee, string Cycle, int Version, EvaluationStep Step, string Copy, DateTimeOffset? ApprovedAt,
    DateTimeOffset CreatedAt, string Fingerprint, string? Sha256)
{
    public string CopyLabel => PacketCopies.Label(Copy);
}

/// <summary>
/// The packets of evaluations as records: which versions exist, which copy a reader gets, downloads (audited)
/// and verification. The rule for copies: the manager chain and administrators get the personnel-file copy; the
/// employee their own copy once the evaluation is approved; a reviewer who does not keep the employee's file the
/// reviewer's copy; anyone else nothing (the page answers 404).
/// </summary>
public class PacketService(AppDbContext db, AuditLog audit, EvaluationService evaluations, EvidenceService evidence)
{
    /// <summary>
    /// Who previews a packet before it is a record: the evaluator while the evaluation is a draft (returned or
    /// reopened ones included), and the reviewer while it waits for their decision (what they would approve).
    /// </summary>
    public static bool CanPreview(Viewer viewer, Evaluation e) =>
        e.EvaluatorUserId == viewer.UserId && e.Status == EvaluationStatus.Draft
        || e.ReviewerUserId == viewer.UserId && e.Status == EvaluationStatus.Submitted;

    /// <summary>
    /// A snapshot of the evaluation as it stands now (live evidence) and the copy the previewer would get, for a
    /// DRAFT-watermarked preview; null (404) for anyone who may not preview it.
    /// </summary>
    public async Task<DraftPreview?> DraftAsync(Viewer viewer, int evaluationId, CancellationToken ct = default)
    {
        var ev = await db.Evaluations.AsNoTracking().Include(e => e.Ratings).Include(e => e.Cycle).Include(e => e.Employee)
            .SingleOrDefaultAsync(e => e.Id == evaluationId, ct);
        if (ev is null || !viewer.CanRead(ev) || !CanPreview(viewer, ev)) return null;
        var live = await evidence.ForAsync(ev.UnitId, ev.Cycle!.PeriodStart, ev.Cycle.PeriodEnd, ct);
        var snapshot = await evaluations.SnapshotAsync(ev, live, ct);
        await audit.ViewedAsync(viewer, AuditRecords.Evaluation, [(ev.Id, ev.EmployeeId)], "draft packet previewed", ct: ct);
        // A manager previews the file copy, a reviewer the copy they would receive; an evaluator who keeps no file of the
        // person (the evaluation was handed over to them) sees what a reviewer would: no log entries, no discipline.
        var copy = CopyFor(viewer, ev) ?? PacketCopies.Reviewer;
        return new DraftPreview(snapshot, copy, PacketBatches.PacketZipNames.Download(ev.Employee!.LastName, ev.Employee.FirstName, ev.Cycle.Name, null, copy));
    }

    /// <summary>The copy this viewer may read of the evaluation's packets, or null.</summary>
    public static string? CopyFor(Viewer viewer, Evaluation e)
    {
        if (viewer.Manages(e.EmployeeId)) return PacketCopies.File;
        if (viewer.IsSelf(e.EmployeeId)) return e.Status >= EvaluationStatus.Approved ? PacketCopies.Employee : null;
        return e.ReviewerUserId == viewer.UserId ? PacketCopies.Reviewer : null;
    }

    /// <summary>Every packet version of the evaluation in the viewer's copy, oldest first; null when the viewer may have no copy.</summary>
    public async Task<IReadOnlyList<PacketRow>?> ListAsync(Viewer viewer, int evaluationId, CancellationToken ct = default)
    {
        var ev = await AccessColumnsAsync(evaluationId, ct);
        if (ev is null || CopyFor(viewer, ev) is not { } copy) return null;
        return (await RowsAsync([evaluationId], _ => copy, ct)).GetValueOrDefault(evaluationId, []);
    }

    /// <summary>The packets of a person's evaluations that the viewer may have, newest cycle first (the profile shows them).</summary>
    public async Task<IReadOnlyList<EvaluationPackets>> ForPersonAsync(Viewer viewer, int employeeId, CancellationToken ct = default)
    {
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.EmployeeId == employeeId)
            .OrderByDescending(e => e.Cycle!.PeriodEnd).ThenByDescending(e => e.Id)
            .Select(e => new { Access = new Evaluation { Id = e.Id, EmployeeId = e.EmployeeId, EvaluatorUserId = e.EvaluatorUserId, ReviewerUserId = e.ReviewerUserId, Status = e.Status }, Cycle = e.Cycle!.Name })
            .ToListAsync(ct);
        var copies = evaluations.Select(e => (e.Access.Id, Copy: CopyFor(viewer, e.Access), e.Cycle)).Where(e => e.Copy is not null).ToList();
        var rows = await RowsAsync([.. copies.Select(c => c.Id)], id => copies.First(c => c.Id == id).Copy!, ct);
        return [.. copies.Where(c => rows.ContainsKey(c.Id)).Select(c => new EvaluationPackets(c.Id, c.Cycle, rows[c.Id]))];
    }

    /// <summary>The version to serve and the copy this viewer gets; null (404) when the version or the evaluation is not there for them.</summary>
    public async Task<PacketTicket?> TicketAsync(Viewer viewer, int evaluationId, int version, CancellationToken ct = default)
    {
        var ev = await AccessColumnsAsync(evaluationId, ct);
        if (ev is null || CopyFor(viewer, ev) is not { } copy) return null;
        var exists = await db.Set<PacketVersion>().AnyAsync(v => v.EvaluationId == evaluationId && v.Number == version, ct);
        return exists ? new PacketTicket(evaluationId, ev.EmployeeId, version, copy) : null;
    }

    /// <summary>Writes the download to the audit trail: every download, the employee's of their own copy included (a copy left the system).</summary>
    public async Task RecordDownloadAsync(Viewer viewer, PacketTicket ticket, StoredDocument document, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        audit.Add(viewer, AuditAction.Downloaded, AuditRecords.Evaluation, ticket.EvaluationId, ticket.EmployeeId,
            $"Packet v{ticket.Version}, {PacketCopies.Label(ticket.Copy).ToLowerInvariant()} (SHA-256 {document.Sha256})");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The stored packet copies a hash identifies: a file's full SHA-256 (64 hex digits), a copy's full fingerprint, or the
    /// first characters of a fingerprint as printed in the footer (at least 12). Empty when nothing matches.
    /// </summary>
    public async Task<IReadOnlyList<VerifiedPacket>> VerifyAsync(Viewer viewer, string hash, CancellationToken ct = default)
    {
        var key = hash.Trim().ToLowerInvariant();
        if (key.Length < 12 || key.Length > 64 || !key.All(Uri.IsHexDigit)) return [];
        var copies = db.Set<PacketCopy>().AsNoTracking();
        copies = key.Length == 64
            ? copies.Where(c => c.Fingerprint == key || c.Document!.Sha256 == key)
            : copies.Where(c => c.Fingerprint.StartsWith(key));
        var found = await copies.Where(c => c.Status == PacketCopyStatus.Ready)
            .OrderBy(c => c.Id).Take(20)
            .Select(c => new
            {
                c.PacketVersion!.EvaluationId, c.PacketVersion.Evaluation!.EmployeeId, Employee = c.PacketVersion.Evaluation.Employee!.FirstName + " " + c.PacketVersion.Evaluation.Employee.LastName,
                Cycle = c.PacketVersion.Evaluation.Cycle!.Name, c.PacketVersion.Number, c.PacketVersion.Step, c.Kind, c.PacketVersion.CreatedAt, c.Fingerprint, c.Document!.Sha256,
                c.PacketVersion.Event!.Snapshot,
            })
            .ToListAsync(ct);
        await audit.ViewedAsync(viewer, AuditRecords.Evaluation, found.Select(f => (f.EvaluationId, (int?)f.EmployeeId)).Distinct(), "packet verified", ct: ct);
        return [.. found.Select(f => new VerifiedPacket(f.EvaluationId, f.Employee, f.Cycle, f.Number, f.Step, f.Kind,
            f.Snapshot is null ? null : EvaluationSnapshot.Read(f.Snapshot).ApprovedAt, f.CreatedAt, f.Fingerprint, f.Sha256))];
    }

    /// <summary>Only the columns the access rule needs, not the evaluation's texts.</summary>
    private Task<Evaluation?> AccessColumnsAsync(int evaluationId, CancellationToken ct) =>
        db.Evaluations.AsNoTracking().Where(e => e.Id == evaluationId)
            .Select(e => new Evaluation { Id = e.Id, EmployeeId = e.EmployeeId, EvaluatorUserId = e.EvaluatorUserId, ReviewerUserId = e.ReviewerUserId, Status = e.Status })
            .SingleOrDefaultAsync(ct);

    private async Task<Dictionary<int, IReadOnlyList<PacketRow>>> RowsAsync(IReadOnlyCollection<int> evaluationIds, Func<int, string> copyOf, CancellationToken ct)
    {
        if (evaluationIds.Count == 0) return [];
        var versions = await db.Set<PacketVersion>().AsNoTracking().Include(v => v.Copies)
            .Where(v => evaluationIds.Contains(v.EvaluationId)).OrderBy(v => v.EvaluationId).ThenBy(v => v.Number).ToListAsync(ct);
        return versions.GroupBy(v => v.EvaluationId).ToDictionary(g => g.Key, g => (IReadOnlyList<PacketRow>)[.. g.Select(v =>
        {
            var kind = copyOf(v.EvaluationId);
            // A copy without a row has not been rendered yet: the job (or the first download) makes it.
            var copy = v.Copies.FirstOrDefault(c => c.Kind == kind);
            return new PacketRow(v.EvaluationId, v.Number, v.Step, v.CreatedAt, kind, copy?.Status ?? PacketCopyStatus.Pending, copy?.Fingerprint, copy?.Error);
        })]);
    }
}
