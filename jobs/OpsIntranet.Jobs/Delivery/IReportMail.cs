using OpsIntranet.Core.Reports;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>
/// The words of one delivery's e-mail; the envelope (sender, recipient, Message-ID, attachment) is the same for every
/// report. <paramref name="Headers"/> are added as they are (List-Id, List-Unsubscribe, List-Unsubscribe-Post).
/// </summary>
public sealed record ReportMailContent(string Subject, string HtmlBody, string TextBody, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>
/// What a report kind puts in its e-mail. One implementation per <see cref="ReportRun.Report"/>, registered in
/// DI; <see cref="SendDeliveryJob"/> finds it by the run's report name. It reads what the run stored (its
/// summary, its document), never live data, so every recipient and every retry gets the same words.
/// </summary>
public interface IReportMail
{
    string Report { get; }

    Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct);
}
