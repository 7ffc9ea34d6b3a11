using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Mail;
using OpsIntranet.Templates.Emails.ReminderEmail;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Reminders;

/// <summary>The words of one kind of reminder, from the facts its run stored.</summary>
public sealed record ReminderWords(string Subject, string Title, string Intro, string ActionLabel, string ActionPath, string Why);

/// <summary>
/// A reminder's e-mail, one subclass per kind: composed only from the run's stored facts (never live data), HTML
/// and plain text, every link absolute through <see cref="IntranetOptions.Link"/>, no attachment. Optional kinds
/// carry an unsubscribe link and the List-Unsubscribe headers (RFC 8058 one-click); mandatory ones do not.
/// </summary>
public abstract class ReminderMail(ReminderKind kind, DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens) : IReportMail
{
    public const string PreferencesPath = "/people/me/reminders";

    public string Report => kind.Key;

    protected abstract ReminderWords Words(ReminderFacts f);

    protected static string Day(DateOnly? day) => day is { } d ? d.ToString("dddd, MMMM d", CultureInfo.InvariantCulture) : "";

    public async Task<ReportMailContent> ComposeAsync(ReportRun run, ReportDelivery delivery, CancellationToken ct)
    {
        var facts = JsonSerializer.Deserialize<ReminderFacts>(run.Summary ?? throw new InvalidOperationException($"Run {run.Id} has no summary."), SendRemindersJob.Json)
                    ?? throw new InvalidOperationException($"Run {run.Id} has an empty summary.");
        var words = Words(facts);
        var links = intranet.Value;
        var unsubscribe = kind.Optional ? links.Link(tokens.Path(new StopReminders(facts.UserId, kind.Key))) : null;
        var model = new ReminderEmailModel(words.Title, $"Hello {facts.Name},", words.Intro,
            facts.Items.Select(i => new ReminderEmailItem(i.Label, i.Detail, links.Link(i.Path))).ToList(),
            words.ActionLabel, links.Link(words.ActionPath),
            words.Why + (kind.Optional ? " This reminder is optional." : " This notice is mandatory and cannot be switched off."),
            unsubscribe, links.Link(PreferencesPath));
        var html = await renderer.RenderHtmlAsync<ReminderEmail>(model);
        var headers = new List<KeyValuePair<string, string>> { new("List-Id", $"{kind.Label} <{kind.Key}.reminders.opsintranet>") };
        if (unsubscribe is not null)
        {
            headers.Add(new("List-Unsubscribe", $"<{unsubscribe}>"));
            headers.Add(new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        }
        return new ReportMailContent(words.Subject, html, model.ToText(), headers);
    }
}

public sealed class MetricsDueSoonMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
    : ReminderMail(ReminderKinds.MetricsDueSoon, renderer, intranet, tokens)
{
    protected override ReminderWords Words(ReminderFacts f) => new(
        $"Metrics for {f.Period} are due {Day(f.DueDate)}",
        $"{f.Period} metrics are due {Day(f.DueDate)}",
        $"The {f.Period} metrics of {Units(f)} are not submitted yet. They are due on {Day(f.DueDate)}.",
        f.Items.Count == 1 ? $"Open the {f.Period} form" : "Open the first form", f.Items[0].Path,
        "You get this because you supervise the unit.");

    internal static string Units(ReminderFacts f) => f.Items.Count == 1 ? f.Items[0].Label : $"{f.Items.Count} of your units";
}

public sealed class MetricsDueTodayMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
    : ReminderMail(ReminderKinds.MetricsDueToday, renderer, intranet, tokens)
{
    protected override ReminderWords Words(ReminderFacts f) => new(
        $"Metrics for {f.Period} are due {Day(f.DueDate)}: not submitted yet",
        $"{f.Period} metrics are due {Day(f.DueDate)}",
        $"The {f.Period} metrics of {MetricsDueSoonMail.Units(f)} are not submitted, and they are due on {Day(f.DueDate)}. After that day the month shows as late and your manager is told.",
        f.Items.Count == 1 ? $"Open the {f.Period} form" : "Open the first form", f.Items[0].Path,
        "You get this because you supervise the unit.");
}

public sealed class MetricsLateEscalationMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
    : ReminderMail(ReminderKinds.MetricsLateEscalation, renderer, intranet, tokens)
{
    protected override ReminderWords Words(ReminderFacts f) => new(
        $"Late metrics for {f.Period}: {f.Items.Count} unit{(f.Items.Count == 1 ? "" : "s")}",
        $"Late metrics for {f.Period}",
        $"These units of yours have not submitted their {f.Period} metrics, which were due on {Day(f.DueDate)}:",
        "Open the submissions board", "/months",
        "You get this because you manage these units.");
}

public sealed class EvaluationStepWaitingMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
    : ReminderMail(ReminderKinds.EvaluationStepWaiting, renderer, intranet, tokens)
{
    protected override ReminderWords Words(ReminderFacts f) => new(
        $"An evaluation is waiting on you: {f.Items[0].Detail}",
        "An evaluation is waiting on you",
        $"Since {Day(f.WaitingSince)}, the next step of this evaluation is yours ({f.Step}){(f.DueDate is { } due ? $"; it is due on {Day(due)}" : "")}.",
        "Open the evaluation", f.Items[0].Path,
        "You get this every week while an evaluation step waits on you.");
}

public sealed class EvaluationReviewOverdueMail(DocumentRenderer renderer, IOptions<IntranetOptions> intranet, UnsubscribeTokens tokens)
    : ReminderMail(ReminderKinds.EvaluationReviewOverdue, renderer, intranet, tokens)
{
    protected override ReminderWords Words(ReminderFacts f) => new(
        $"Evaluation review overdue: {f.Items[0].Label}",
        "An evaluation review is overdue",
        $"This evaluation was submitted for your review and the cycle \"{f.Period}\" was due on {Day(f.DueDate)}. Please review it: approve it, or return it to the evaluator.",
        "Review the evaluation", f.Items[0].Path,
        "You get this once, because you are the evaluation's reviewer.");
}
