using OpsIntranet.Core.Reports;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// One run of a subscription for one period, as a run of the delivery ledger. CONTRACT for helper D (issue 12):
/// the scheduled entry (S) enqueues <see cref="ExecuteAsync(int, string, CancellationToken)"/> with the period
/// fixed from the schedule's occurrence; "Send now", "Send to me" and resends call the other overload.
/// </summary>
public class SendSubscriptionJob
{
    /// <summary>What this execution did: the run, its status, deliveries enqueued now and sent before, and a sentence for the page.</summary>
    public sealed record Outcome(int? RunId, RunStatus Status, int Enqueued, int AlreadySent, string Message);

    /// <summary>The scheduled run of <paramref name="periodKey"/> (a <see cref="ReportPeriod"/> key): one per (subscription, period), however often it runs.</summary>
    public Task<Outcome> ExecuteAsync(int subscriptionId, string periodKey, CancellationToken ct) =>
        ExecuteAsync(subscriptionId, periodKey, RunTrigger.Scheduled, "", null, null, ct);

    /// <summary>
    /// A run with another trigger: <paramref name="triggerKey"/> names the request (its retries reuse the run);
    /// <paramref name="onlyTo"/> sends to that one address instead of the recipients (a test send to oneself).
    /// </summary>
    public Task<Outcome> ExecuteAsync(int subscriptionId, string periodKey, RunTrigger trigger, string triggerKey, int? requestedByUserId, string? onlyTo, CancellationToken ct) =>
        throw new NotImplementedException("Issue 12, helper D implements the subscription run.");
}
