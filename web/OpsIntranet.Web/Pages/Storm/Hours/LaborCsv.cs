using System.Globalization;
using System.Text;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Web.Pages.Storm.Hours;

/// <summary>
/// The payroll CSV of an event's hours: one line per recorded row, as payroll keys them in. UTF-8 with a BOM so Excel
/// reads names with accents right; every text field goes through <see cref="Csv.Escape"/>, which also defuses a cell a
/// spreadsheet would run as a formula. The employee number is the person's number in the intranet's directory.
/// </summary>
public static class LaborCsv
{
    public static readonly string[] Header = ["Employee number", "Name", "Position", "Unit", "Date", "Start", "End", "Regular hours", "Overtime hours", "Total hours"];

    public static byte[] Build(LaborSummary summary)
    {
        var sb = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var r in summary.Rows)
        {
            var start = StormTime.ToEastern(r.StartsAt);
            var end = StormTime.ToEastern(r.EndsAt);
            string?[] fields =
            [
                r.EmployeeId.ToString(CultureInfo.InvariantCulture), r.Name, r.Position, r.Unit, r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                start.ToString("HH:mm", CultureInfo.InvariantCulture), end.TimeOfDay == TimeSpan.Zero && end.Date > start.Date ? "24:00" : end.ToString("HH:mm", CultureInfo.InvariantCulture),
                N(r.Regular), N(r.Overtime), N(r.Hours),
            ];
            sb.AppendJoin(',', fields.Select(Csv.Escape)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string N(decimal h) => h.ToString("0.00", CultureInfo.InvariantCulture);

    public static string FileName(LaborSummary summary) => $"{Core.Common.FileNames.Safe(summary.EventName, keepSpaces: false).ToLowerInvariant()}-hours-for-payroll.csv";
}
