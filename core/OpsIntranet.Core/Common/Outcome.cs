namespace OpsIntranet.Core.Common;

public enum OutcomeKind
{
    Ok = 0,
    /// <summary>Fields need attention; the messages are keyed by field.</summary>
    Invalid = 1,
    /// <summary>The record moved on (someone else saved, or the step no longer applies); nothing changed.</summary>
    Conflict = 2,
    /// <summary>Not there, or not for this person: answered as 404.</summary>
    NotFound = 3,
}

/// <summary>The answer of a command: done (with the record's id), or why nothing was saved.</summary>
public sealed record Outcome(OutcomeKind Kind, int? Id, IReadOnlyDictionary<string, string> Errors, string? Message)
{
    public bool Succeeded => Kind == OutcomeKind.Ok;
    public static Outcome Ok(int id) => new(OutcomeKind.Ok, id, new Dictionary<string, string>(), null);
    public static Outcome Invalid(IReadOnlyDictionary<string, string> errors) => new(OutcomeKind.Invalid, null, errors, "Some fields need attention; nothing was saved.");
    public static Outcome Conflict(string message) => new(OutcomeKind.Conflict, null, new Dictionary<string, string>(), message);
    public static Outcome NotFound { get; } = new(OutcomeKind.NotFound, null, new Dictionary<string, string>(), null);
    public static Outcome Stale { get; } = Conflict("Someone else changed this record while you had it open; nothing was saved. Reload to see their changes.");
}

/// <summary>
/// Shared checks for free text: trimmed, required or not, a limit stated in the message, and no
/// character that cannot be stored or exported (PostgreSQL refuses NUL in text; XML, and so an Excel
/// export, refuses the other control characters, U+FFFE and U+FFFF).
/// </summary>
public static class TextRules
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);

    public static string? Required(Dictionary<string, string> errors, string field, string? value, int max, string whenEmpty)
    {
        var text = Clean(value);
        if (text is null) errors[field] = whenEmpty;
        else if (Problem(text, max) is { } problem) errors[field] = problem;
        return text;
    }

    public static string? Optional(Dictionary<string, string> errors, string field, string? value, int max)
    {
        var text = Clean(value);
        if (text is not null && Problem(text, max) is { } problem) errors[field] = problem;
        return text;
    }

    /// <summary>What is wrong with a text that is present: a character it cannot hold, or its length.</summary>
    public static string? Problem(string text, int max) =>
        Unstorable(text) ?? (text.Length > max ? $"Keep this under {max:N0} characters (it has {text.Length:N0})." : null);

    /// <summary>The message for the first character that cannot be stored, or null. Tabs and line breaks are fine.</summary>
    public static string? Unstorable(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (c is '\t' or '\n' or '\r') continue;
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                return $"Remove the invisible control character (U+{(int)c:X4}) at position {i + 1}; it cannot be stored. Tabs and line breaks are fine.";
        }
        return null;
    }
}
