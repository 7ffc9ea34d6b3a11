using Hangfire;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Evaluations;

/// <summary>
/// Starts a cycle's packet batch, or retries its failed packets, and enqueues <see cref="GeneratePacketBatchJob"/> in the
/// same database transaction (as <see cref="Delivery.RunDispatcher"/> does for deliveries): the batch's rows and its job
/// exist together or not at all, so no batch waits for a job that was never enqueued.
/// </summary>
public class PacketBatchDispatcher(AppDbContext db, PacketBatchService batches, TransactionalJobs jobs)
{
    public Task<Outcome> StartAsync(Viewer viewer, int cycleId, bool wholeCycle, IReadOnlyCollection<int> selected, CancellationToken ct) =>
        WithJobAsync(() => batches.StartAsync(viewer, cycleId, wholeCycle, selected, ct), ct);

    public Task<Outcome> StartMatchingAsync(Viewer viewer, int cycleId, IReadOnlyCollection<int> matching, CancellationToken ct) =>
        WithJobAsync(() => batches.StartMatchingAsync(viewer, cycleId, matching, ct), ct);

    public Task<Outcome> RetryFailedAsync(Viewer viewer, int cycleId, int? batchId, uint version, CancellationToken ct) =>
        WithJobAsync(() => batches.RetryFailedAsync(viewer, cycleId, batchId, version, ct), ct);

    private async Task<Outcome> WithJobAsync(Func<Task<PacketBatchCommand>> write, CancellationToken ct) =>
        (await db.InAmbientTransactionAsync(async () =>
        {
            var command = await write();
            if (command.Enqueue && command.Outcome.Id is { } batchId)
                jobs.Client().Enqueue<GeneratePacketBatchJob>(job => job.ExecuteAsync(batchId, CancellationToken.None));
            return command;
        },
        // Refused, or a form sent again: nothing to keep (the scope rolls back whatever was claimed).
        command => command.Enqueue && command.Outcome.Id is not null, ct)).Outcome;
}
