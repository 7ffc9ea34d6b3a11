using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
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

    /// <summary>
    /// The history as an Excel workbook: one sheet, a frozen header with filters, numbers stored as numbers. Written by
    /// MiniExcel rather than DocumentFormat.OpenXml: it streams the rows into the sheet, and it escapes a character XML
    /// cannot carry (a control character, U+FFFE) the way Office does (_x0001_, which Excel turns back into the
    /// character), so one odd character in an old explanation is kept instead of breaking the whole workbook; the
    /// Open XML SDK leaves that to the caller.
    /// </summary>
    public static byte[] ToXlsx(IEnumerable<string?[]> rows, string sheetName)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows.Select(Cells), sheetName: SheetName(sheetName), configuration: new OpenXmlConfiguration { FreezeRowCount = 1 });
        return buffer.ToArray();
    }

    private static readonly int[] NumberColumns = [Array.IndexOf(Header, "value"), Array.IndexOf(Header, "target"), Array.IndexOf(Header, "tolerance")];

    /// <summary>One row as the sheet's cells: value, target and tolerance as numbers, the rest as text (a metric code "2024" stays text).</summary>
    private static Dictionary<string, object?> Cells(string?[] row)
    {
        var cells = new Dictionary<string, object?>(Header.Length);
        for (var i = 0; i < Header.Length; i++)
            cells[Header[i]] = NumberColumns.Contains(i) && decimal.TryParse(row[i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? number
                : string.IsNullOrEmpty(row[i]) ? null : row[i];
        return cells;
    }

    private static string? Number(decimal? value, int decimals) =>
        value?.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Excel sheet names: at most 31 characters, none of []:*?/\. A character XML cannot carry shows as U+FFFD (a sheet
    /// name has no escape for it).
    /// </summary>
    private static string SheetName(string name)
    {
        var sb = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) sb.Append(c).Append(name[++i]);
            else sb.Append("[]:*?/\\".Contains(c, StringComparison.Ordinal) ? ' ' : XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
        }
        var clean = sb.ToString().Trim();
        if (clean.Length > 31) clean = clean[..(char.IsHighSurrogate(clean[30]) ? 30 : 31)].TrimEnd();
        return clean.Length == 0 ? "History" : clean;
    }
}
