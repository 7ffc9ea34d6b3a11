using System.Text;

namespace OpsIntranet.Templates.Emails.ReminderEmail;

/// <summary>One line of a reminder: a unit or an evaluation, what stands, and an absolute link to act on it.</summary>
public sealed record ReminderEmailItem(string Label, string Detail, string Url);

/// <summary>
/// The body of every reminder and notice (metrics due, escalation, evaluation steps): a heading, what is asked,
/// the lines it concerns, one link that acts on it, why the person gets it and, for optional kinds, how to stop it.
/// </summary>
public sealed record ReminderEmailModel(string Title, string Greeting, string Intro, IReadOnlyList<ReminderEmailItem> Items,
    string ActionLabel, string ActionUrl, string Why, string? UnsubscribeUrl, string PreferencesUrl)
{
    /// <summary>The plain-text alternative: the same words, links written out.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Greeting).Append("\n\n").Append(Intro).Append("\n\n");
        foreach (var item in Items) text.Append("- ").Append(item.Label).Append(": ").Append(item.Detail).Append("\n  ").Append(item.Url).Append('\n');
        text.Append('\n').Append(ActionLabel).Append(": ").Append(ActionUrl).Append("\n\n").Append(Why).Append('\n');
        if (UnsubscribeUrl is not null) text.Append("Stop these reminders: ").Append(UnsubscribeUrl).Append('\n');
        text.Append("Your reminder settings: ").Append(PreferencesUrl).Append('\n');
        return text.ToString();
    }
}
