using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;

namespace DeliveryBench;

/// <summary>The bench's report: the same words for every recipient but the greeting, as a subscription e-mail is.</summary>
public class BenchMail : IReportMail
{
    public const string ReportName = "delivery-bench";
    public const string Subject = "Department Scorecard — October 2026";

    public string Report => ReportName;

    public static string Html(string recipient) => $"<html><body><h1>{Subject}</h1><p>For {recipient}.</p><p>Meets target: 31. Near target: 9. Misses target: 4.</p></body></html>";

    public static string Text(string recipient) => $"{Subject}\n\nFor {recipient}.\nMeets target: 31\nNear target: 9\nMisses target: 4\n";

    public Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct) =>
        Task.FromResult(new ReportMailContent(Subject, Html(delivery.Recipient), Text(delivery.Recipient)));
}

/// <summary>A job that records how long after its enqueueing it started, and on which node.</summary>
public class PickupProbe(PickupProbe.Log log)
{
    public sealed record Log(string Node);
    public sealed record Sample(string Node, double Milliseconds);

    public static ConcurrentBag<Sample> Samples { get; } = [];

    [AutomaticRetry(Attempts = 0)]
    public Task ExecuteAsync(long enqueuedAt)
    {
        Samples.Add(new(log.Node, Stopwatch.GetElapsedTime(enqueuedAt).TotalMilliseconds));
        return Task.CompletedTask;
    }
}
