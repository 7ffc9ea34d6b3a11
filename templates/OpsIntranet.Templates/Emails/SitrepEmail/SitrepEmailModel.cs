namespace OpsIntranet.Templates.Emails.SitrepEmail;

/// <summary>
/// The body of a situation report's e-mail: the event, as of when, the figures it leads with, the open problems in
/// one line each, where to read more, and the attachment. The HTML and the plain text come from this one model.
/// </summary>
public sealed record SitrepEmailModel(string EventName, string AsOf, IReadOnlyList<(string Label, string Value)> Headlines, IReadOnlyList<string> Problems,
    string? EventUrl, string AttachmentName, string Why)
{
    public string Text()
    {
        var text = new System.Text.StringBuilder();
        text.Append("Situation report: ").Append(EventName).Append('\n').Append("As of ").Append(AsOf).Append("\n\n");
        foreach (var (label, value) in Headlines) text.Append(label).Append(": ").Append(value).Append('\n');
        text.Append('\n');
        text.Append(Problems.Count == 0 ? "No open problems.\n" : "Open problems:\n" + string.Concat(Problems.Select(p => "- " + p + "\n")));
        text.Append('\n');
        if (EventUrl is not null) text.Append("The event on the intranet: ").Append(EventUrl).Append('\n');
        text.Append("The report is attached: ").Append(AttachmentName).Append("\n\n");
        text.Append(Emails.SubscriptionEmail.SubscriptionEmailModel.Confidential).Append("\n\n").Append(Why).Append('\n');
        return text.ToString();
    }
}
