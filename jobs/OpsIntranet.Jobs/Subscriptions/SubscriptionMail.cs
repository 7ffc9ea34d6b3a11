using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Templates.Emails.SubscriptionEmail;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>
/// What a subscription run's e-mail says, stored with the run's document (<see cref="ReportRun.Summary"/>) so every
/// recipient and every retry, days later, gets the words of the PDF they receive, whatever the subscription became since.
/// </summary>
public sealed record SubscriptionRunSummary(
    int SubscriptionId, string SubscriptionName, string Subject, string? Message, string Title, string PeriodLabel,
    IReadOnlyList<HeadlineFigure> Headlines, IReadOnlyList<string> NotApprovedUnits, string AttachmentName, string? PagePath)
{
    public static SubscriptionRunSummary For(ReportSubscription subscription, IReportKind kind, ReportPeriod period, KindReport report) =>
        new(subscription.Id, subscription.Name, subscription.Subject, subscription.Message, report.Title, period.Label,
            report.Headlines, report.NotApprovedUnits, report.FileName, kind.PagePath(subscription.UnitIds, period));

    public string Write() => JsonSerializer.Serialize(this);

    public static SubscriptionRunSummary Read(ReportRun run) =>
        (run.Summary is { } json ? JsonSerializer.Deserialize<SubscriptionRunSummary>(json) : null)
        ?? throw new InvalidOperationException($"Run {run.Id} has no summary to write its e-mail from.");
}

/// <summary>
/// The e-mail of a subscription run for one recipient: HTML and plain text from one model, the list headers
/// (List-Id, and List-Unsubscribe with its one-click POST, RFC 2369 / 2919 / 8058), and no tracking of any kind:
/// no pixels, no redirected links, nothing that tells anyone a message was opened.
/// </summary>
public class SubscriptionMailComposer(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
{
    public const string ListDomain = "opsintranet.cityutility.example";

    public static string ListId(int subscriptionId) => $"subscription-{subscriptionId}.{ListDomain}";

    /// <summary>The link that takes <paramref name="recipient"/> off the subscription, in the body and in List-Unsubscribe.</summary>
    public string UnsubscribeUrl(int subscriptionId, string recipient) =>
        intranet.Value.Link(tokens.Path(new LeaveSubscription(subscriptionId, recipient)));

    public async Task<ReportMailContent> ComposeAsync(SubscriptionRunSummary summary, string recipient)
    {
        var unsubscribe = UnsubscribeUrl(summary.SubscriptionId, recipient);
        var model = new SubscriptionEmailModel(summary.Title, summary.PeriodLabel, summary.Message,
            [.. summary.Headlines.Select(h => new EmailFigure(h.Label, h.Value))], summary.NotApprovedUnits,
            summary.PagePath is { } path ? intranet.Value.Link(path) : null, summary.AttachmentName, summary.SubscriptionName, unsubscribe);
        var html = await renderer.RenderHtmlAsync<SubscriptionEmail>(model);
        return new ReportMailContent(summary.Subject, html, model.Text(),
        [
            new("List-Id", $"{Phrase(summary.SubscriptionName)} <{ListId(summary.SubscriptionId)}>"),
            new("List-Unsubscribe", $"<{unsubscribe}>"),
            new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]);
    }

    /// <summary>The list's name as an RFC 5322 phrase: quoted where it needs to be, encoded words (RFC 2047) for anything beyond ASCII, no line breaks.</summary>
    private static string Phrase(string name)
    {
        var clean = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return System.Text.Encoding.ASCII.GetString(MimeKit.Utils.Rfc2047.EncodePhrase(System.Text.Encoding.UTF8, clean));
    }
}

/// <summary>
/// A report kind's e-mail, registered once per kind by <see cref="ReportKindRegistration.AddReportKind{T}"/>. It is made
/// from the subscription summary its run stored; a run of the same report that belongs to no subscription (the
/// department scorecard's runs made by its job before it became a subscription) has none, so it fails with the reason
/// and <see cref="RunHistory"/> does not offer to resend it.
/// </summary>
public sealed class SubscriptionMail(string report, SubscriptionMailComposer composer) : IReportMail
{
    public string Report => report;

    public Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct) =>
        run.SubscriptionId is null
            ? throw new InvalidOperationException(RunHistory.MadeBeforeSubscriptions)
            : composer.ComposeAsync(SubscriptionRunSummary.Read(run), delivery.Recipient);
}
