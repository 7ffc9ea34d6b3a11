using Hangfire;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Hangfire;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>
/// Fans a run out to its recipients: the deliveries and their jobs — one <see cref="SendDeliveryJob.ExecuteBatchAsync"/>
/// per <see cref="BatchSize"/> deliveries, by id, each sending its deliveries over one SMTP connection — created in one
/// database transaction (<see cref="UnitOfWork.InAmbientTransactionAsync"/>, with <see cref="TransactionalJobs"/> writing
/// Hangfire's rows on the same connection), so either the deliveries and their jobs all exist or none do: no delivery
/// waits for a job that was never enqueued, and no job looks for a delivery that was rolled back. Called inside a
/// caller's transaction (a page's resend, a "Send now"), it joins it, so what the caller wrote commits with them too.
/// </summary>
public class RunDispatcher(AppDbContext db, DeliveryLedger ledger, TransactionalJobs jobs, TimeProvider clock)
{
    /// <summary>Deliveries per job: one connection to the mail server each, and small enough that a retry of a batch is cheap.</summary>
    public const int BatchSize = 50;

    /// <summary>Adds the run's missing deliveries and enqueues jobs for every delivery still to send; returns the ids of those deliveries.</summary>
    public Task<IReadOnlyList<int>> DispatchAsync(ReportRun run, IEnumerable<string> recipients, string messageIdPrefix, CancellationToken ct,
        Action? beforeCommit = null) =>
        db.InAmbientTransactionAsync(async () =>
        {
            IReadOnlyList<int> deliveryIds = await ledger.AddDeliveriesAsync(run, recipients, messageIdPrefix, ct);
            Enqueue(deliveryIds);
            // The run's deliveries exist and are queued: a run made by a job that does not say so itself reads as dispatched.
            await db.ReportRuns.Where(r => r.Id == run.Id && r.Status == RunStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Dispatched)
                .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), ct);
            beforeCommit?.Invoke();
            return deliveryIds;
        }, _ => true, ct);

    /// <summary>Reopens failed deliveries (a resend: see <see cref="DeliveryLedger.ReopenFailedAsync"/>) and enqueues their job, together; returns the ids reopened.</summary>
    public Task<IReadOnlyList<int>> ResendAsync(IReadOnlyCollection<int> deliveryIds, CancellationToken ct) =>
        db.InAmbientTransactionAsync(async () =>
        {
            IReadOnlyList<int> reopened = await ledger.ReopenFailedAsync(deliveryIds, ct);
            Enqueue(reopened);
            return reopened;
        }, _ => true, ct);

    private void Enqueue(IReadOnlyList<int> deliveryIds)
    {
        if (deliveryIds.Count == 0) return;
        var client = jobs.Client();
        foreach (var batch in deliveryIds.Chunk(BatchSize))
            client.Enqueue<SendDeliveryJob>(job => job.ExecuteBatchAsync(batch, CancellationToken.None));
    }
}
