using System.Globalization;
using Microsoft.AspNetCore.Html;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Web.Pages.Storm;

/// <summary>The storm pages' shared pieces: state and level badges (always in words, colours at 4.5:1), and Eastern datetime-local fields.</summary>
public static class StormHtml
{
    public static IHtmlContent StateBadge(StormState state) => Badge(state switch
    {
        StormState.Activated => "status-red",
        StormState.Recovery => "status-amber",
        _ => "status-none",
    }, StormEventService.Describe(state) switch { var s => char.ToUpperInvariant(s[0]) + s[1..] });

    public static IHtmlContent LevelBadge(ActivationLevel level) => Badge(level switch
    {
        ActivationLevel.Full => "status-red",
        ActivationLevel.Partial => "status-amber",
        _ => "status-none",
    }, Level(level));

    public static string Level(ActivationLevel level) => level switch
    {
        ActivationLevel.Full => "Full activation",
        ActivationLevel.Partial => "Partial activation",
        _ => "Monitoring only",
    };

    private static HtmlString Badge(string css, string text) =>
        new($"<span class=\"badge status {css}\">{System.Net.WebUtility.HtmlEncode(text)}</span>");

    private const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>An instant as a datetime-local field's value, in Eastern wall-clock time.</summary>
    public static string ToInput(DateTimeOffset? instant) =>
        instant is { } i ? StormTime.ToEastern(i).ToString(InputFormat, CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// A datetime-local value read as Eastern time. Empty gives null; anything else unreadable gives null and
    /// <paramref name="unreadable"/>, so the page can say so rather than treat it as left empty.
    /// </summary>
    public static DateTimeOffset? FromInput(string? value, out bool unreadable)
    {
        unreadable = false;
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTime.TryParseExact(value.Trim(), [InputFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return StormTime.FromEastern(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        unreadable = true;
        return null;
    }
}
