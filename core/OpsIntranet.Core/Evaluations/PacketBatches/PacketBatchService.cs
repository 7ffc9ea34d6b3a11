using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Documents;

namespace OpsIntranet.Core.Evaluations.PacketBatches;

/// <summary>An evaluation of the cycle as the packet form offers it: ticked or not ticked, or not offered and why.</summary>
public sealed record PacketCandidate(int EvaluationId, string Employee, string? Unit, EvaluationStatus Status, string? WhyNot)
{
    public bool Selectable => WhyNot is null;
}

/// <summary>A packet that could not be generated, and why.</summary>
public sealed record PacketFailure(int EvaluationId, string Employee, string? Unit, string Reason);

/// <summary>Where a batch stands: what the progress bar, the failure list and the download button show.</summary>
public sealed record PacketBatchView(int Id, int CycleId, string RequestedBy, DateTimeOffset RequestedAt, bool WholeCycle, int Total, int Done, int Failed,
    PacketBatchStatus Status, int Round, string? JobError, bool HasZip, IReadOnlyList<PacketFailure> Failures, uint Version)
{
    public int Processed => Done + Failed;
    public bool IsFinished => Status == PacketBatchStatus.Finished;
    public bool CanRetry => IsFinished && Failed > 0;
    public int Percent => Total == 0 ? 100 : (int)Math.Floor(100.0 * Processed / Total);

    /// <summary>Where it stands in words, the same on the page and in the status the page polls.</summary>
    public string Summary => Status switch
    {
        PacketBatchStatus.Queued when Processed == 0 => $"Waiting to start: {Plural(Total)} to generate.",
        PacketBatchStatus.Finished => $"Finished: {Done} of {Plural(Total)} generated{(Failed > 0 ? $", {Failed} failed" : "")}.",
        _ => $"{Processed} of {Plural(Total)} processed: {Done} generated, {Failed} failed.",
    };

    private static string Plural(int n) => n == 1 ? "1 packet" : $"{n} packets";
}

/// <summary>
/// The packet part of a cycle's page: the evaluations of the list's page that could go into a batch (the ticks), how
/// many of the whole cycle and of the list's filter have an approved version whose file the viewer keeps (the
/// whole-cycle and whole-filter buttons), and the viewer's latest batch.
/// </summary>
public sealed record CyclePackets(int CycleId, string CycleName, IReadOnlyList<PacketCandidate> Candidates, int SelectableInCycle, int SelectableInFilter, PacketBatchView? Latest)
{
    public bool AnySelectable => SelectableInCycle > 0;
}

/// <summary>What the cycle's list shows: the evaluations of its page, and those its filter matches on every page.</summary>
public sealed record PacketListing(IReadOnlyCollection<int> Shown, IReadOnlyCollection<int> Matching);

/// <summary>What starting or retrying a batch came to, and whether its job must be enqueued (not for a form sent twice).</summary>
public sealed record PacketBatchCommand(Outcome Outcome, bool Enqueue);

/// <summary>An item as the job works it: the evaluation and whose it is.</summary>
public sealed record PendingPacket(int ItemId, int EvaluationId, int EmployeeId);

/// <summary>One line of the ZIP: a packet stored (with its document) or a failure.</summary>
public sealed record PacketZipEntry(string? Unit, string LastName, string FirstName, string Cycle, PacketBatchItemStatus Status, string? Error, StoredDocument? Document);

/// <summary>
/// The packets of a whole cycle, or a selection, as one background job: who may start one (a manager for the
/// people whose files they keep, an administrator for everyone), which evaluations can go in (those with an
/// approved version), where a batch stands, retrying what failed, and the ZIP. Every read goes through the
/// viewer: a batch is visible to someone who keeps the file of every person in it, otherwise it is not there
/// (404). The job's bookkeeping (<see cref="RecordDoneAsync"/> …) moves each item once, guarded in SQL, so a
/// job run twice or by two workers never counts a packet twice.
/// </summary>
public class PacketBatchService(AppDbContext db, AuditLog audit, DocumentStore documents, TimeProvider clock, ScorecardCache cache)
{
    /// <summary>
    /// Which batches a person started in a cycle, kept per data version: the cycle page asks on every showing, and almost
    /// always the answer is none. A batch's start and removal move the version; its progress (counts, status) does not
    /// (see the PacketBatchesInDataVersion migration), and is read afresh whenever there is a batch to show.
    /// </summary>
    public static readonly CachedRead BatchesRead = new("packet-batches", typeof(PacketBatch));

    public const int MaxError = 1000;
    /// <summary>The document kind and subject type of a batch's ZIP.</summary>
    public const string ZipKind = "evaluation-packet-batch";
    public const string ZipSubject = "evaluation-packet-batch";
    /// <summary>What the form token is claimed as (<see cref="FormSubmissions"/>).</summary>
    public const string FormKind = "PacketBatch";

    private static bool MakesPackets(Viewer viewer) => viewer.IsManager || viewer.IsAdministrator;

    /// <summary>
    /// The packet part of the cycle's page for the evaluations the list shows (none without a listing); null when the
    /// cycle is missing or the viewer keeps the file of nobody in it (or may not make packets).
    /// </summary>
    public async Task<CyclePackets?> CyclePacketsAsync(Viewer viewer, int cycleId, PacketListing? listing = null, CancellationToken ct = default) =>
        await CandidatesOfCycleAsync(viewer, cycleId, listing, ct) is { } packets ? packets with { Latest = await LatestAsync(viewer, cycleId, null, ct) } : null;

    /// <summary>
    /// <see cref="CyclePacketsAsync"/> without the viewer's latest batch (Latest is null): what depends on the evaluations
    /// alone, which the cycle page keeps, while a batch's progress is read on every showing.
    /// </summary>
    public async Task<CyclePackets?> CandidatesOfCycleAsync(Viewer viewer, int cycleId, PacketListing? listing = null, CancellationToken ct = default)
    {
        if (!MakesPackets(viewer)) return null;
        var cycle = await db.EvaluationCycles.AsNoTracking().Where(c => c.Id == cycleId).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(ct);
        if (cycle is null) return null;
        // The whole cycle in three columns for the counts; names and the reopened check only for the page's rows.
        var kept = (await db.Evaluations.AsNoTracking().Where(e => e.CycleId == cycleId).Select(e => new { e.Id, e.EmployeeId, e.Status }).ToListAsync(ct))
            .Where(e => viewer.Manages(e.EmployeeId)).ToList();
        if (kept.Count == 0) return null;
        var matching = listing?.Matching as IReadOnlySet<int> ?? (listing?.Matching ?? []).ToHashSet();
        var selectable = kept.Where(e => e.Status >= EvaluationStatus.Approved).ToList();
        var shown = listing?.Shown ?? [];
        var candidates = shown.Count == 0 ? [] : await CandidatesAsync(viewer, cycleId, ct, [.. shown]);
        var order = shown.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return new CyclePackets(cycle.Id, cycle.Name, [.. candidates.OrderBy(c => order[c.EvaluationId])], selectable.Count, selectable.Count(e => matching.Contains(e.Id)), null);
    }

    private async Task<List<PacketCandidate>> CandidatesAsync(Viewer viewer, int cycleId, CancellationToken ct, int[]? only = null)
    {
        var rows = await db.Evaluations.AsNoTracking().Where(e => e.CycleId == cycleId && (only == null || only.Contains(e.Id)))
            .Select(e => new
            {
                e.Id, e.EmployeeId, e.Employee!.FirstName, e.Employee.LastName, Unit = e.Unit != null ? e.Unit.Name : null, e.Status,
                Reopened = e.Events.Any(x => x.Step == EvaluationStep.Reopened),
            })
            .ToListAsync(ct);
        return rows.Where(r => viewer.Manages(r.EmployeeId))
            .OrderBy(r => r.Unit ?? "\uffff").ThenBy(r => r.LastName).ThenBy(r => r.FirstName)
            .Select(r => new PacketCandidate(r.Id, $"{r.FirstName} {r.LastName}", r.Unit, r.Status, r.Status switch
            {
                >= EvaluationStatus.Approved => null,
                EvaluationStatus.Submitted => "Waiting for the reviewer's approval: no approved version yet.",
                _ when r.Reopened => "Reopened and not approved again yet: no current approved version.",
                _ => "Still a draft: no approved version yet.",
            }))
            .ToList();
    }

    /// <summary>
    /// One of the viewer's own batches of the cycle (the given one, or the newest) while they still keep the file of
    /// every person in it. Another manager's batch is theirs: its retries run with its starter's rights, so nobody else
    /// sees, retries or downloads it. Null when there is none, which the status endpoint answers as "no batch yet" and
    /// the download as 404.
    /// </summary>
    public async Task<PacketBatchView?> LatestAsync(Viewer viewer, int cycleId, int? batchId, CancellationToken ct = default)
    {
        if (!MakesPackets(viewer)) return null;
        Task<List<int>> Ids() => db.Set<PacketBatch>().AsNoTracking()
            .Where(b => b.CycleId == cycleId && b.RequestedByUserId == viewer.UserId && (batchId == null || b.Id == batchId))
            .OrderByDescending(b => b.Id).Select(b => b.Id).Take(20).ToListAsync(ct);
        // The newest (the page) is kept; a batch asked for by id (progress polls, the ZIP) is looked up as it is.
        var ids = batchId is null ? await cache.GetOrCreateAsync(BatchesRead, $"{cycleId}|{viewer.UserId}", Ids, ct) : await Ids();
        foreach (var id in ids)
        {
            var people = await db.Set<PacketBatchItem>().AsNoTracking().Where(i => i.BatchId == id).Select(i => i.Evaluation!.EmployeeId).Distinct().ToListAsync(ct);
            if (people.All(viewer.Manages)) return await ViewAsync(id, ct);
        }
        return null;
    }

    private async Task<PacketBatchView> ViewAsync(int id, CancellationToken ct)
    {
        var b = await db.Set<PacketBatch>().AsNoTracking().SingleAsync(x => x.Id == id, ct);
        var failures = await db.Set<PacketBatchItem>().AsNoTracking().Where(i => i.BatchId == id && i.Status == PacketBatchItemStatus.Failed)
            .Select(i => new { i.EvaluationId, i.Evaluation!.Employee!.FirstName, i.Evaluation.Employee.LastName, Unit = i.Evaluation.Unit != null ? i.Evaluation.Unit.Name : null, i.Error })
            .ToListAsync(ct);
        return new PacketBatchView(b.Id, b.CycleId, b.RequestedByName, b.RequestedAt, b.WholeCycle, b.Total, b.Done, b.Failed, b.Status, b.Round, b.JobError,
            b.ZipDocumentId is not null,
            [.. failures.OrderBy(f => f.Unit ?? "\uffff").ThenBy(f => f.LastName).ThenBy(f => f.FirstName)
                .Select(f => new PacketFailure(f.EvaluationId, $"{f.FirstName} {f.LastName}", f.Unit, f.Error ?? "Unknown error."))],
            b.Version);
    }

    /// <summary>
    /// Creates a batch of the whole cycle (every evaluation with an approved version whose file the viewer keeps) or of
    /// the ticked ones, with one pending item each. Runs inside the caller's transaction, in which the caller also
    /// enqueues the job when <see cref="PacketBatchCommand.Enqueue"/> says so; otherwise the caller rolls back.
    /// </summary>
    public async Task<PacketBatchCommand> StartAsync(Viewer viewer, int cycleId, bool wholeCycle, IReadOnlyCollection<int> selected, CancellationToken ct = default)
    {
        if (!MakesPackets(viewer)) return new(Outcome.NotFound, false);
        if (!await db.EvaluationCycles.AnyAsync(c => c.Id == cycleId, ct)) return new(Outcome.NotFound, false);
        var candidates = await CandidatesAsync(viewer, cycleId, ct);
        if (candidates.Count == 0) return new(Outcome.NotFound, false);
        var byId = candidates.ToDictionary(c => c.EvaluationId);
        // An id that is not one of the viewer's evaluations in this cycle was not on their form.
        if (selected.Any(id => !byId.ContainsKey(id))) return new(Outcome.NotFound, false);

        var errors = new Dictionary<string, string>();
        List<PacketCandidate> chosen;
        if (wholeCycle) chosen = candidates.Where(c => c.Selectable).ToList();
        else chosen = selected.Distinct().Select(id => byId[id]).ToList();
        if (!wholeCycle && chosen.Count == 0) errors["Selection"] = "Tick at least one evaluation, or generate the packets of the whole cycle.";
        else if (chosen.Count == 0) errors["Selection"] = "No evaluation of this cycle has an approved version yet, so there is no packet to generate.";
        else if (chosen.FirstOrDefault(c => !c.Selectable) is { } notYet) errors["Selection"] = $"{notYet.Employee}: {notYet.WhyNot} Untick it.";
        if (errors.Count > 0) return new(Outcome.Invalid(errors), false);
        return await CreateAsync(viewer, cycleId, wholeCycle, chosen, ct);
    }

    /// <summary>
    /// A batch of the evaluations a filter of the cycle's list matches, on every page (<paramref name="matching"/>, from
    /// <see cref="EvaluationService.CycleMatchesAsync"/>): those with an approved version whose file the viewer keeps;
    /// the others the filter shows (drafts, files kept by someone else) are left out, as for the whole cycle.
    /// </summary>
    public async Task<PacketBatchCommand> StartMatchingAsync(Viewer viewer, int cycleId, IReadOnlyCollection<int> matching, CancellationToken ct = default)
    {
        if (!MakesPackets(viewer)) return new(Outcome.NotFound, false);
        if (!await db.EvaluationCycles.AnyAsync(c => c.Id == cycleId, ct)) return new(Outcome.NotFound, false);
        var candidates = await CandidatesAsync(viewer, cycleId, ct);
        if (candidates.Count == 0) return new(Outcome.NotFound, false);
        var wanted = matching.ToHashSet();
        var chosen = candidates.Where(c => c.Selectable && wanted.Contains(c.EvaluationId)).ToList();
        if (chosen.Count == 0)
            return new(Outcome.Invalid(new Dictionary<string, string> { ["Selection"] = "None of the evaluations the filter shows has an approved version in a file you keep, so there is no packet to generate." }), false);
        return await CreateAsync(viewer, cycleId, false, chosen, ct);
    }

    private async Task<PacketBatchCommand> CreateAsync(Viewer viewer, int cycleId, bool wholeCycle, List<PacketCandidate> chosen, CancellationToken ct)
    {
        if (await db.ClaimFormAsync(FormKind, ct) is { } earlier) return new(earlier, false);
        if (await RunningAsync(viewer, cycleId, ct) is { } running) return new(running, false);
        var now = clock.GetUtcNow();
        var batch = new PacketBatch
        {
            CycleId = cycleId, RequestedByUserId = viewer.UserId, RequestedByName = viewer.Actor.Name, RequestedAt = now, WholeCycle = wholeCycle,
            Total = chosen.Count, Status = PacketBatchStatus.Queued,
        };
        batch.Items.AddRange(chosen.Select(c => new PacketBatchItem { EvaluationId = c.EvaluationId, Status = PacketBatchItemStatus.Pending }));
        db.Add(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another post of this person for this cycle won the race a moment ago.
            db.ChangeTracker.Clear();
            return new(Outcome.Conflict(StillRunning), false);
        }
        await db.RecordFormAsync(batch.Id, ct);
        return new(Outcome.Ok(batch.Id), true);
    }

    private const string StillRunning = "The packets you started for this cycle are still being generated; wait until they are finished before starting another batch.";

    private async Task<Outcome?> RunningAsync(Viewer viewer, int cycleId, CancellationToken ct) =>
        await db.Set<PacketBatch>().AnyAsync(b => b.CycleId == cycleId && b.RequestedByUserId == viewer.UserId && b.Status != PacketBatchStatus.Finished, ct)
            ? Outcome.Conflict(StillRunning) : null;

    /// <summary>
    /// "Retry failed": the failed items of a finished batch go back to pending and a new round starts, whose job
    /// generates only those and builds the ZIP again. Runs inside the caller's transaction, like <see cref="StartAsync"/>.
    /// </summary>
    public async Task<PacketBatchCommand> RetryFailedAsync(Viewer viewer, int cycleId, int? batchId, uint version, CancellationToken ct = default)
    {
        if (await LatestAsync(viewer, cycleId, batchId, ct) is not { } view) return new(Outcome.NotFound, false);
        if (view.Version != version) return new(Outcome.Stale, false);
        if (!view.IsFinished) return new(Outcome.Conflict("These packets are still being generated; failed ones can be retried when the batch has finished."), false);
        if (view.Failed == 0) return new(Outcome.Conflict("No packet of this batch failed; there is nothing to retry."), false);
        var reset = await db.Set<PacketBatchItem>().Where(i => i.BatchId == view.Id && i.Status == PacketBatchItemStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, PacketBatchItemStatus.Pending).SetProperty(i => i.Error, (string?)null).SetProperty(i => i.CompletedAt, (DateTimeOffset?)null), ct);
        // Guarded by the version read above, so two retries sent at once start one round.
        var moved = await db.Set<PacketBatch>().Where(b => b.Id == view.Id && b.Status == PacketBatchStatus.Finished && b.Round == view.Round)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, PacketBatchStatus.Queued).SetProperty(b => b.Round, b => b.Round + 1)
                .SetProperty(b => b.Failed, b => b.Failed - reset).SetProperty(b => b.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(b => b.ZipDocumentId, (int?)null).SetProperty(b => b.JobError, (string?)null), ct);
        if (moved == 0) return new(Outcome.Stale, false);
        return new(new Outcome(OutcomeKind.Ok, view.Id, new Dictionary<string, string>(), $"Retrying {reset} failed packet{(reset == 1 ? "" : "s")}."), true);
    }

    /// <summary>
    /// The batch's ZIP opened for download, or null (404) when the viewer may not see the batch or it has no ZIP yet.
    /// Every evaluation whose packet is in it is written to the audit trail as downloaded.
    /// </summary>
    public async Task<OpenedDocument?> OpenZipAsync(Viewer viewer, int cycleId, int? batchId, CancellationToken ct = default)
    {
        if (await LatestAsync(viewer, cycleId, batchId, ct) is not { HasZip: true } view) return null;
        var zipId = await db.Set<PacketBatch>().Where(b => b.Id == view.Id).Select(b => b.ZipDocumentId).SingleAsync(ct);
        if (zipId is null) return null;
        var inZip = await db.Set<PacketBatchItem>().AsNoTracking().Where(i => i.BatchId == view.Id && i.Status == PacketBatchItemStatus.Done)
            .Select(i => new { i.EvaluationId, i.Evaluation!.EmployeeId, i.Document!.Version }).ToListAsync(ct);
        var opened = await documents.OpenReadAsync(zipId.Value, ct);
        if (opened is null) return null;
        foreach (var item in inZip)
            audit.Add(viewer, AuditAction.Downloaded, AuditRecords.Evaluation, item.EvaluationId, item.EmployeeId, $"packet v{item.Version} in the cycle's packet ZIP (batch {view.Id})");
        await db.SaveChangesAsync(ct);
        return opened;
    }

    // ---- The job's bookkeeping: each step a guarded update, so running twice changes nothing the first run did ----

    /// <summary>The batch as the job starts a run: marked running (unless finished), the job's last error cleared.</summary>
    public async Task<PacketBatch?> BeginRunAsync(int batchId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await db.Set<PacketBatch>().Where(b => b.Id == batchId && b.Status != PacketBatchStatus.Finished)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, PacketBatchStatus.Running).SetProperty(b => b.JobError, (string?)null)
                .SetProperty(b => b.StartedAt, b => b.StartedAt ?? now), ct);
        return await db.Set<PacketBatch>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
    }

    public Task<List<PendingPacket>> PendingAsync(int batchId, CancellationToken ct = default) =>
        db.Set<PacketBatchItem>().AsNoTracking().Where(i => i.BatchId == batchId && i.Status == PacketBatchItemStatus.Pending).OrderBy(i => i.Id)
            .Select(i => new PendingPacket(i.Id, i.EvaluationId, i.Evaluation!.EmployeeId)).ToListAsync(ct);

    /// <summary>The item done with its stored packet, and the batch's count moved with it (once: only a pending item moves).</summary>
    public Task RecordDoneAsync(int itemId, int documentId, CancellationToken ct = default) =>
        RecordAsync(itemId, PacketBatchItemStatus.Done, null, documentId, ct);

    /// <summary>The item failed with the reason shown on the page and in the manifest.</summary>
    public Task RecordFailedAsync(int itemId, string reason, CancellationToken ct = default) =>
        RecordAsync(itemId, PacketBatchItemStatus.Failed, reason.Length > MaxError ? reason[..(MaxError - 1)] + "…" : reason, null, ct);

    private Task<int> RecordAsync(int itemId, PacketBatchItemStatus status, string? error, int? documentId, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var moved = await db.Set<PacketBatchItem>().Where(i => i.Id == itemId && i.Status == PacketBatchItemStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.Error, error).SetProperty(i => i.DocumentId, documentId)
                    .SetProperty(i => i.CompletedAt, now).SetProperty(i => i.Attempts, i => i.Attempts + 1), ct);
            if (moved == 0) return 0;
            var batchId = await db.Set<PacketBatchItem>().Where(i => i.Id == itemId).Select(i => i.BatchId).SingleAsync(ct);
            return status == PacketBatchItemStatus.Done
                ? await db.Set<PacketBatch>().Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Done, b => b.Done + 1), ct)
                : await db.Set<PacketBatch>().Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.Failed, b => b.Failed + 1), ct);
        }, ct);

    /// <summary>What the ZIP of the batch holds, in its order (unit, then last and first name).</summary>
    public async Task<List<PacketZipEntry>> ZipEntriesAsync(int batchId, CancellationToken ct = default)
    {
        var rows = await db.Set<PacketBatchItem>().AsNoTracking().Where(i => i.BatchId == batchId)
            .Select(i => new
            {
                Unit = i.Evaluation!.Unit != null ? i.Evaluation.Unit.Name : null, i.Evaluation.Employee!.LastName, i.Evaluation.Employee.FirstName,
                Cycle = i.Evaluation.Cycle!.Name, i.Status, i.Error, i.Document, i.Id,
            })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Unit ?? "\uffff", StringComparer.Ordinal).ThenBy(r => r.LastName, StringComparer.Ordinal).ThenBy(r => r.FirstName, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => new PacketZipEntry(r.Unit, r.LastName, r.FirstName, r.Cycle, r.Status, r.Error, r.Document))];
    }

    /// <summary>The round's ZIP stored: the batch is finished (only the round that built it finishes it, so a late retried run cannot undo a newer round).</summary>
    public Task FinishAsync(int batchId, int round, int zipDocumentId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.Set<PacketBatch>().Where(b => b.Id == batchId && b.Round == round && !b.Items.Any(i => i.Status == PacketBatchItemStatus.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, PacketBatchStatus.Finished).SetProperty(b => b.ZipDocumentId, zipDocumentId)
                .SetProperty(b => b.FinishedAt, now), ct);
    }

    /// <summary>Why the job stopped, for the page; the job fails and Hangfire tries it again.</summary>
    public Task RecordJobErrorAsync(int batchId, string error) =>
        db.Set<PacketBatch>().Where(b => b.Id == batchId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.JobError, error.Length > MaxError ? error[..(MaxError - 1)] + "…" : error), CancellationToken.None);
}
