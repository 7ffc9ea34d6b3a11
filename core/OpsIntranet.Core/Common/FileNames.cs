using System.Globalization;
using System.Text;

namespace OpsIntranet.Core.Common;

/// <summary>File names every file system, browser download and unzip tool takes.</summary>
public static class FileNames
{
    /// <summary>
    /// Letters (accents dropped) and digits kept; "&amp;" becomes "and"; apostrophes dropped; any other run of
    /// spaces and punctuation one separator: a space where it was only spaces and spaces are kept, else a hyphen.
    /// </summary>
    public static string Safe(string text, bool keepSpaces, int maxLength = 80)
    {
        var sb = new StringBuilder(text.Length);
        var separator = (char?)null;
        foreach (var c in text.Replace("&", " and ", StringComparison.Ordinal).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '\u2019') continue;
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                if (separator is { } s && sb.Length > 0) sb.Append(s);
                separator = null;
                sb.Append(c);
                continue;
            }
            var kind = char.IsWhiteSpace(c) && keepSpaces ? ' ' : '-';
            separator = separator == '-' || kind == '-' ? '-' : ' ';
        }
        var safe = sb.ToString().Normalize(NormalizationForm.FormC);
        if (safe.Length > maxLength) safe = safe[..maxLength].TrimEnd(' ', '-');
        return safe.Length == 0 ? "unnamed" : safe;
    }
}
