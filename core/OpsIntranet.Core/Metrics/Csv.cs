using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace OpsIntranet.Core.Metrics;

/// <summary>RFC 4180 CSV, read by Sylvan.Data.Csv (quoted fields, doubled quotes, commas and line breaks inside quotes; CRLF or LF).</summary>
public static class Csv
{
    /// <summary>The longest row read: a metric row is four short fields, so a longer one is a quote that never closed.</summary>
    public const int MaxRowChars = 64 * 1024;

    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    /// <summary>The rows of a small text, and the line of the row that is not CSV (a quote never closed, text after a closing quote).</summary>
    public static (List<Row> Rows, int? MalformedRow) Parse(string text)
    {
        var rows = new List<Row>();
        using var records = new CsvRecords(new StringReader(text));
        try
        {
            while (records.Read()) rows.Add(new Row(records.Line, records.Fields()));
        }
        catch (MalformedCsvException e)
        {
            return (rows, e.Line);
        }
        return (rows, null);
    }

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A leading =, +, - or @ would be run as a formula by a spreadsheet: prefix it with a quote.
        if (value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>A row that is not CSV, on the line where it starts; the message says what to fix.</summary>
public sealed class MalformedCsvException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Streams the records of a CSV text one at a time (memory stays at one buffer of <see cref="Csv.MaxRowChars"/>
/// whatever the file's size) and keeps the line each record starts on, counting line breaks inside
/// quoted fields, so messages point at the line a person sees in a text editor.
/// </summary>
public sealed class CsvRecords : IDisposable, IAsyncDisposable
{
    private readonly TextReader text;
    private CsvDataReader? reader;
    private int nextLine = 1;

    public CsvRecords(TextReader text) => this.text = text;

    /// <summary>The line the current record starts on (1 is the first line of the file).</summary>
    public int Line { get; private set; }

    public int FieldCount => reader!.RowFieldCount;

    /// <summary>Field <paramref name="i"/> of the current record; "" past its last field.</summary>
    public string this[int i] => i < reader!.RowFieldCount ? reader.GetString(i) : "";

    public IReadOnlyList<string> Fields() => Enumerable.Range(0, FieldCount).Select(i => this[i]).ToList();

    /// <summary>Whether every field of the current record is empty or white space (a blank line).</summary>
    public bool IsBlank
    {
        get
        {
            for (var i = 0; i < reader!.RowFieldCount; i++)
                if (!reader.GetFieldSpan(i).IsWhiteSpace()) return false;
            return true;
        }
    }

    /// <summary>Whether the current record holds a NUL character: a binary file (a workbook, a PDF), not text.</summary>
    public bool HasNul
    {
        get
        {
            for (var i = 0; i < reader!.RowFieldCount; i++)
                if (reader.GetFieldSpan(i).Contains('\0')) return true;
            return false;
        }
    }

    private static readonly CsvDataReaderOptions Options = new()
    {
        // The importer checks the header itself (its message names the columns), so every record is data here.
        HasHeaders = false,
        Delimiter = ',', // never guessed from the first line
        Quote = '"',
        CsvStyle = CsvStyle.Standard,
        BufferSize = Csv.MaxRowChars,
    };

    public bool Read()
    {
        Line = nextLine;
        try
        {
            reader ??= CsvDataReader.Create(text, Options);
            return Advance(reader.Read());
        }
        catch (CsvFormatException e)
        {
            throw Malformed(e);
        }
    }

    public async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        Line = nextLine;
        try
        {
            reader ??= await CsvDataReader.CreateAsync(text, Options, ct);
            return Advance(await reader.ReadAsync(ct));
        }
        catch (CsvFormatException e)
        {
            throw Malformed(e);
        }
    }

    private bool Advance(bool read)
    {
        if (!read) return false;
        var lines = 1;
        for (var i = 0; i < reader!.RowFieldCount; i++) lines += reader.GetFieldSpan(i).Count('\n');
        nextLine = Line + lines;
        return true;
    }

    private MalformedCsvException Malformed(CsvFormatException e) => new(Line, e switch
    {
        CsvRecordTooLargeException =>
            $"This row is longer than {Csv.MaxRowChars:N0} characters, far more than four fields hold: most likely a quoted field starts here and its closing quote (\") is missing, so the rest of the file would be read as one value. Close the quote, or double a quote that belongs in the text (\"\").",
        // Sylvan raises the same exception for a quote that never closes and for text after a closing quote.
        _ => "A quoted field starts on this row and does not end where it should: its closing quote (\") is missing, or text follows the closing quote before the next comma, so the rest of the file would be read wrongly. Close the quote, or double a quote that belongs in the text (\"\").",
    });

    public void Dispose()
    {
        reader?.Dispose();
        text.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (reader is not null) await reader.DisposeAsync();
        text.Dispose();
    }
}
