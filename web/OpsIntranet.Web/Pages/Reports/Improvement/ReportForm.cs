using System.Globalization;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reports;

namespace OpsIntranet.Web.Pages.Reports.Improvement;

/// <summary>
/// What the reports form sends, read as text so that anything malformed gets a message next to its field
/// rather than a model-binding error: the kind of period, the month, quarter or month "through", and the units.
/// </summary>
public sealed record ReportForm(string? Kind, string? Month, string? Quarter, string? Through, IReadOnlyList<string> Units)
{
    public const string MonthFormat = "Enter a month as yyyy-mm, for example 2026-10.";

    /// <summary>The last month that has ended: no report covers a month still under way.</summary>
    public static DateOnly LastEndedMonth(DateOnly today) => DepartmentCalendar.MonthOf(today).AddMonths(-1);

    /// <summary>The latest fiscal quarter whose three months have all ended by <paramref name="month"/>.</summary>
    public static ReportPeriod LatestQuarterBy(DateOnly month)
    {
        var q = ReportPeriod.QuarterOf(month);
        return q.To <= month ? q : ReportPeriod.QuarterOf(q.From.AddMonths(-1));
    }

    /// <summary>
    /// The period and units, or the messages by field name (Kind, Month, Quarter, Through, Units). Units must
    /// be among <paramref name="allowed"/>: an id outside the viewer's scope gets the same message as one that
    /// does not exist, so nothing about other units can be learnt from it.
    /// </summary>
    public (ReportPeriod? Period, IReadOnlyList<int> UnitIds, Dictionary<string, string> Errors) Check(IReadOnlySet<int> allowed, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        var last = LastEndedMonth(today);
        ReportPeriod? period = null;
        switch (Kind)
        {
            case nameof(ReportPeriodKind.Month):
                if (!DepartmentCalendar.TryParseMonthKey(Month?.Trim(), out var month)) errors["Month"] = MonthFormat;
                else if (month > last) errors["Month"] = $"{DepartmentCalendar.MonthName(month)} has not ended yet; choose {DepartmentCalendar.MonthName(last)} or earlier.";
                else period = ReportPeriod.Month(month);
                break;
            case nameof(ReportPeriodKind.Quarter):
                if (!ReportPeriod.TryParse(Quarter, out var quarter) || quarter.Kind != ReportPeriodKind.Quarter) errors["Quarter"] = "Choose a quarter from the list.";
                else if (quarter.To > last) errors["Quarter"] = $"Q{quarter.QuarterNumber} FY{quarter.FiscalYear} has not ended yet; choose an earlier quarter, or the fiscal year to date.";
                else period = quarter;
                break;
            case nameof(ReportPeriodKind.FiscalYearToDate):
                if (!DepartmentCalendar.TryParseMonthKey(Through?.Trim(), out var through)) errors["Through"] = MonthFormat;
                else if (through > last) errors["Through"] = $"{DepartmentCalendar.MonthName(through)} has not ended yet; choose {DepartmentCalendar.MonthName(last)} or earlier.";
                else period = ReportPeriod.FiscalYearToDate(through);
                break;
            default:
                errors["Kind"] = "Choose a month, a quarter or the fiscal year to date.";
                break;
        }

        var ids = new List<int>();
        if (Units.Count == 0) errors["Units"] = "Choose at least one unit.";
        else
        {
            foreach (var raw in Units)
            {
                if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && allowed.Contains(id)) ids.Add(id);
                else
                {
                    errors["Units"] = "Choose units from the list.";
                    break;
                }
            }
        }
        return (errors.Count == 0 ? period : null, ids.Distinct().ToList(), errors);
    }
}
