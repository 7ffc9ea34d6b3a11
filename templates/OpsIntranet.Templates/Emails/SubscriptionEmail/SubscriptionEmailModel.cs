namespace OpsIntranet.Templates.Emails.SubscriptionEmail;

/// <summary>A headline figure of the report as the e-mail quotes it, e.g. ("Meets target", "31").</summary>
public sealed record EmailFigure(string Label, string Value);

/// <summary>
/// The body of a subscription's e-mail: the subscription's own note, what the report is and covers, its headline
/// figures, the units not yet approved, where to read it on the intranet, the attachment, and how to stop receiving it.
/// The HTML and the plain-text alternative are made from this one model, so they say the same.
/// </summary>
public sealed record SubscriptionEmailModel(
    string Title, string PeriodLabel, string? Message, IReadOnlyList<EmailFigure> Headlines, IReadOnlyList<string> NotApprovedUnits,
    string? ReportUrl, string AttachmentName, string SubscriptionName, string UnsubscribeUrl)
{
    public const string Confidential = "Confidential — City Customer Operations internal use only. Do not forward outside the City.";

    /// <summary>The plain-text alternative: the same content as the HTML, in the same order.</summary>
    public string Text()
    {
        var text = new System.Text.StringBuilder();
        if (!string.IsNullOrWhiteSpace(Message)) text.Append(Message.Trim()).Append("\n\n");
        text.Append(Title).Append('\n').Append(PeriodLabel).Append("\n\n");
        if (Headlines.Count > 0)
        {
            var width = Headlines.Max(h => h.Label.Length);
            foreach (var h in Headlines) text.Append(h.Label.PadRight(width)).Append("  ").Append(h.Value).Append('\n');
            text.Append('\n');
        }
        text.Append(NotApprovedUnits.Count > 0 ? $"Not yet approved: {string.Join(", ", NotApprovedUnits)}.\n\n" : "Every unit's figures in this report are approved.\n\n");
        if (ReportUrl is not null) text.Append("Open it on the intranet: ").Append(ReportUrl).Append('\n');
        text.Append("The report is attached: ").Append(AttachmentName).Append("\n\n");
        text.Append(Confidential).Append("\n\n");
        text.Append("You receive this as a recipient of \"").Append(SubscriptionName).Append("\". To stop receiving it: ").Append(UnsubscribeUrl).Append('\n');
        return text.ToString();
    }
}
