using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

/// <summary>A unit's metric history as CSV or as an Excel workbook: one row per month and metric, with target and status.</summary>
public class MetricExportService(AppDbContext db)
{
    public static readonly string[] Header = ["month", "fiscal_year", "metric_code", "metric", "unit_of_measure", "value", "target", "tolerance", "status", "submission", "explanation"];

    public async Task<List<string?[]>> RowsAsync(int unitId, CancellationToken ct = default)
    {
        // Every stored month, approved or not: the export is the unit's record, and says each row's submission state.
        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(null, null)
        {
            UnitIds = [unitId], Retired = RetiredMetrics.Include, IncludeUnapproved = true,
        }, ct);
        return series.SelectMany(s => s.Stored.Select(p => (s.Metric, Point: p)))
            .OrderBy(r => r.Point.Month).ThenBy(r => r.Metric.SortOrder)
            .Select(r => new string?[]
            {
                DepartmentCalendar.MonthKey(r.Point.Month), $"FY{r.Point.FiscalYear}", r.Metric.Code, r.Metric.Name, MetricFormatting.UnitLabel(r.Metric.UnitOfMeasure),
                Number(r.Point.Value, r.Metric.Decimals), Number(r.Point.Target, r.Metric.Decimals), Number(r.Point.Tolerance, r.Metric.Decimals),
                r.Point.Status == MetricStatus.None ? "" : StatusWords.Colour(r.Point.Status), r.Point.Submission?.ToString().ToLowerInvariant(), r.Point.Explanation,
            }).ToList();
    }

    public static byte[] ToCsv(IEnumerable<string?[]> rows)
    {
        var sb = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Csv.Escape)).Append("\r\n");
        // With a BOM, Excel opens the file as UTF-8 (names with accents stay right).
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>A minimal Office Open XML workbook: one sheet, a bold frozen header, numbers stored as numbers.</summary>
    public static byte[] ToXlsx(IEnumerable<string?[]> rows, string sheetName)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string path, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
            Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Entry("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{SecurityElement.Escape(Clean(SheetName(sheetName)))}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>""");

            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>""");
            var r = 1;
            sheet.Append("<row r=\"1\">");
            foreach (var h in Header) sheet.Append("<c t=\"inlineStr\" s=\"1\"><is><t>").Append(SecurityElement.Escape(h)).Append("</t></is></c>");
            sheet.Append("</row>");
            foreach (var row in rows)
            {
                r++;
                sheet.Append("<row r=\"").Append(r).Append("\">");
                foreach (var cell in row)
                {
                    if (cell is null or "") { sheet.Append("<c/>"); continue; }
                    if (decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                        sheet.Append("<c><v>").Append(cell).Append("</v></c>");
                    else
                        sheet.Append("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">").Append(SecurityElement.Escape(Clean(cell))).Append("</t></is></c>");
                }
                sheet.Append("</row>");
            }
            sheet.Append("</sheetData></worksheet>");
            Entry("xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return buffer.ToArray();
    }

    private static string? Number(decimal? value, int decimals) =>
        value?.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Excel sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? ' ' : c).ToArray()).Trim();
        return clean.Length == 0 ? "History" : clean[..Math.Min(31, clean.Length)];
    }

    /// <summary>
    /// XML 1.0 cannot carry most control characters, U+FFFE, U+FFFF or half a surrogate pair; one of them
    /// would make the whole workbook unreadable, so they are dropped (input refuses them, old data may hold them).
    /// </summary>
    public static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c).Append(s[++i]); continue; }
            if (c is '\t' or '\n' or '\r' || c >= ' ' && c < '\uD800' || c >= '\uE000' && c <= '\uFFFD') sb.Append(c);
        }
        return sb.ToString();
    }
}
