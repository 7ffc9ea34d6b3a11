using System.Globalization;
using System.Text;

namespace OpsIntranet.Templates.Rendering;

/// <summary>
/// Names the product as the PDF's Creator and Producer. Chromium writes its user agent and Skia there
/// and offers no option to change them, so the Info dictionary is rewritten afterwards as an
/// incremental update: the new Info object, a one-entry cross-reference section and a trailer are
/// appended, and every original byte (the tagged structure included) stays as Chromium wrote it.
/// The same update writes the Author, Subject and Keywords a document asks for (Chromium has no option for them
/// either; its Title comes from the HTML's title element).
/// A file whose layout is not the classic cross-reference table Chromium writes is returned unchanged.
/// </summary>
public static class PdfInfo
{
    public const string Product = "OpsIntranet";

    public static byte[] Brand(byte[] pdf, PdfMetadata? metadata = null)
    {
        // Latin-1 maps each byte to one char, so string offsets are byte offsets.
        var text = Encoding.Latin1.GetString(pdf);
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (startxref < 0) return pdf;
        var p = startxref + "startxref".Length;
        if (!TryReadInt(text, ref p, out var xrefOffset)) return pdf;

        var trailer = ReadTrailer(text, xrefOffset);
        if (trailer is null || Value(trailer, "Info") is not { } infoRef || ParseRef(infoRef) is not { } info) return pdf;
        var infoOffset = FindObject(text, xrefOffset, info.Number);
        if (infoOffset is null) return pdf;

        p = infoOffset.Value;
        if (!TryReadInt(text, ref p, out var number) || number != info.Number || !TryReadInt(text, ref p, out var generation) || !TryKeyword(text, ref p, "obj")) return pdf;
        var entries = ReadDictionary(text, ref p);
        if (entries is null) return pdf;
        Set(entries, "Creator", $"({Product})");
        Set(entries, "Producer", $"({Product})");
        if (metadata?.Author is { Length: > 0 } author) Set(entries, "Author", TextString(author));
        if (metadata?.Subject is { Length: > 0 } subject) Set(entries, "Subject", TextString(subject));
        if (metadata?.Keywords is { Length: > 0 } keywords) Set(entries, "Keywords", TextString(keywords));

        var update = new StringBuilder("\n");
        var objectOffset = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"{number} {generation} obj\n{Write(entries)}\nendobj\n");
        var newXref = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"xref\n{number} 1\n{objectOffset:D10} {generation:D5} n\r\n");
        var newTrailer = trailer.Where(e => e.Key is not ("Prev" or "XRefStm")).ToList();
        newTrailer.Add(new("Prev", xrefOffset.ToString(CultureInfo.InvariantCulture)));
        update.Append(CultureInfo.InvariantCulture, $"trailer\n{Write(newTrailer)}\nstartxref\n{newXref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    /// <summary>
    /// A PDF text string that holds any text: UTF-16BE with its byte-order mark, written in hex, so names with
    /// accents, parentheses or backslashes need no escaping and cannot end the string early.
    /// </summary>
    internal static string TextString(string value) =>
        "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    private sealed record Ref(int Number, int Generation);

    /// <summary>The trailer dictionary of the cross-reference section at the offset, or null when it is not a classic table.</summary>
    private static List<KeyValuePair<string, string>>? ReadTrailer(string text, int xrefOffset)
    {
        if (xrefOffset < 0 || xrefOffset >= text.Length || string.CompareOrdinal(text, xrefOffset, "xref", 0, 4) != 0) return null;
        var trailer = text.IndexOf("trailer", xrefOffset, StringComparison.Ordinal);
        if (trailer < 0) return null;
        var p = trailer + "trailer".Length;
        return ReadDictionary(text, ref p);
    }

    /// <summary>The offset of an object's "n g obj", looked up in the cross-reference sections from the newest back.</summary>
    private static int? FindObject(string text, int xrefOffset, int number)
    {
        for (var guard = 0; guard < 100 && xrefOffset >= 0; guard++)
        {
            var p = xrefOffset;
            if (!TryKeyword(text, ref p, "xref")) return null;
            while (true)
            {
                var save = p;
                if (!TryReadInt(text, ref p, out var first) || !TryReadInt(text, ref p, out var count)) { p = save; break; }
                SkipWhitespace(text, ref p);
                for (var i = 0; i < count; i++, p += 20)
                {
                    if (first + i != number || p + 18 > text.Length) continue;
                    if (text[p + 17] == 'n' && int.TryParse(text.AsSpan(p, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)) return offset;
                }
            }
            var trailer = ReadTrailer(text, xrefOffset);
            if (trailer is null || Value(trailer, "Prev") is not { } prev || !int.TryParse(prev, NumberStyles.None, CultureInfo.InvariantCulture, out xrefOffset)) return null;
        }
        return null;
    }

    private static string? Value(List<KeyValuePair<string, string>> dictionary, string key) =>
        dictionary.FirstOrDefault(e => e.Key == key).Value;

    private static void Set(List<KeyValuePair<string, string>> dictionary, string key, string value)
    {
        var i = dictionary.FindIndex(e => e.Key == key);
        if (i >= 0) dictionary[i] = new(key, value);
        else dictionary.Add(new(key, value));
    }

    private static Ref? ParseRef(string value)
    {
        var parts = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[2] == "R" && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var n) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var g) ? new Ref(n, g) : null;
    }

    private static string Write(List<KeyValuePair<string, string>> dictionary) =>
        "<<" + string.Join("\n", dictionary.Select(e => $"/{e.Key} {e.Value}")) + ">>";

    /// <summary>A dictionary's entries in order, each value kept as its exact source text; null if it cannot be read.</summary>
    private static List<KeyValuePair<string, string>>? ReadDictionary(string text, ref int p)
    {
        SkipWhitespace(text, ref p);
        if (!text.AsSpan(p).StartsWith("<<")) return null;
        p += 2;
        var entries = new List<KeyValuePair<string, string>>();
        while (true)
        {
            SkipWhitespace(text, ref p);
            if (p >= text.Length) return null;
            if (text.AsSpan(p).StartsWith(">>")) { p += 2; return entries; }
            if (text[p] != '/') return null;
            var key = ReadName(text, ref p);
            SkipWhitespace(text, ref p);
            var start = p;
            if (!SkipValue(text, ref p)) return null;
            // An indirect reference is three tokens: "12 0 R".
            var afterValue = p;
            if (TryReadInt(text, ref p, out _) && TryKeyword(text, ref p, "R")) { }
            else p = afterValue;
            entries.Add(new(key, text[start..p].Trim()));
        }
    }

    private static bool SkipValue(string text, ref int p)
    {
        if (p >= text.Length) return false;
        switch (text[p])
        {
            case '(':
                for (int depth = 0; p < text.Length; p++)
                {
                    if (text[p] == '\\') { p++; continue; }
                    if (text[p] == '(') depth++;
                    else if (text[p] == ')' && --depth == 0) { p++; return true; }
                }
                return false;
            case '<' when p + 1 < text.Length && text[p + 1] == '<':
                return ReadDictionary(text, ref p) is not null;
            case '<':
                p = text.IndexOf('>', p);
                if (p < 0) return false;
                p++;
                return true;
            case '[':
                p++;
                while (true)
                {
                    SkipWhitespace(text, ref p);
                    if (p >= text.Length) return false;
                    if (text[p] == ']') { p++; return true; }
                    if (!SkipValue(text, ref p)) return false;
                }
            case '/':
                ReadName(text, ref p);
                return true;
            default:
                var start = p;
                while (p < text.Length && !IsWhitespace(text[p]) && !IsDelimiter(text[p])) p++;
                return p > start;
        }
    }

    private static string ReadName(string text, ref int p)
    {
        var start = ++p;
        while (p < text.Length && !IsWhitespace(text[p]) && !IsDelimiter(text[p])) p++;
        return text[start..p];
    }

    private static bool TryReadInt(string text, ref int p, out int value)
    {
        SkipWhitespace(text, ref p);
        var start = p;
        while (p < text.Length && char.IsAsciiDigit(text[p])) p++;
        return int.TryParse(text.AsSpan(start, p - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryKeyword(string text, ref int p, string keyword)
    {
        var save = p;
        SkipWhitespace(text, ref p);
        if (string.CompareOrdinal(text, p, keyword, 0, keyword.Length) == 0 && (p + keyword.Length == text.Length || IsWhitespace(text[p + keyword.Length]) || IsDelimiter(text[p + keyword.Length])))
        {
            p += keyword.Length;
            return true;
        }
        p = save;
        return false;
    }

    private static void SkipWhitespace(string text, ref int p)
    {
        while (p < text.Length)
        {
            if (IsWhitespace(text[p])) p++;
            else if (text[p] == '%') { while (p < text.Length && text[p] is not ('\r' or '\n')) p++; }
            else break;
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\0';

    private static bool IsDelimiter(char c) => c is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';
}

/// <summary>What a PDF's Info dictionary says about it besides its title; an absent value is left as it is.</summary>
public sealed record PdfMetadata(string? Author, string? Subject, string? Keywords);
