using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Reports;

namespace OpsIntranet.Core.Subscriptions;

/// <summary>The period a run covers, from the local date of the scheduled occurrence it belongs to (never from "now": see the run job).</summary>
public static class PeriodRules
{
    public static ReportPeriod For(PeriodRule rule, DateOnly occurrenceLocalDate)
    {
        var previousMonth = DepartmentCalendar.MonthOf(occurrenceLocalDate).AddMonths(-1);
        return rule switch
        {
            PeriodRule.PreviousMonth => ReportPeriod.Month(previousMonth),
            // The quarter the last ended month belongs to has ended only if that month closes it; otherwise the one before.
            PeriodRule.PreviousQuarter => LastEndedQuarter(previousMonth),
            PeriodRule.FiscalYearToDate => ReportPeriod.FiscalYearToDate(previousMonth),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a period rule."),
        };
    }

    public static string Label(PeriodRule rule) => rule switch
    {
        PeriodRule.PreviousMonth => "Previous month",
        PeriodRule.PreviousQuarter => "Previous quarter",
        PeriodRule.FiscalYearToDate => "Fiscal year to date",
        _ => rule.ToString(),
    };

    private static ReportPeriod LastEndedQuarter(DateOnly lastEndedMonth)
    {
        var quarter = ReportPeriod.QuarterOf(lastEndedMonth);
        return quarter.To == lastEndedMonth ? quarter : ReportPeriod.QuarterOf(quarter.From.AddMonths(-1));
    }
}
