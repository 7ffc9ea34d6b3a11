using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.ContinuousImprovementReport;

/// <summary>A unit's section as printed: its results and the charts of its metrics that have a target.</summary>
public sealed record UnitReportModel(UnitSection Section, IReadOnlyList<TrendChartModel> Charts, ReportColumns Columns);

/// <summary>The headings of the value columns: a month is named, a longer period is an average of its months.</summary>
public sealed record ReportColumns(string Current, string Previous, bool IsAverage)
{
    public static ReportColumns For(ReportPeriod period) => period.Kind == ReportPeriodKind.Month
        ? new ReportColumns(DepartmentCalendar.MonthName(period.From), DepartmentCalendar.MonthName(period.Previous.From), false)
        : new ReportColumns("This period", "Previous period", true);
}

/// <summary>Everything the continuous-improvement report prints; each section's component takes its own part.</summary>
public sealed record ContinuousImprovementReportModel(DocumentHeaderModel Header, ImprovementReport Report, ReportColumns Columns, IReadOnlyList<UnitReportModel> Units)
{
    public string Title => $"{ImprovementReport.Title} — {Report.Period.ShortLabel}";

    /// <summary>"continuous-improvement-fy2027-q1-all-units.pdf"; a few units are named by code, more are counted.</summary>
    public string FileName
    {
        get
        {
            var units = Report.AllUnits ? "all-units"
                : Report.Units.Count <= 3 ? string.Join("-", Report.Units.Select(u => Core.Common.FileNames.Safe(u.Code, keepSpaces: false).ToLowerInvariant()))
                : $"{Report.Units.Count}-units";
            return $"continuous-improvement-{Report.Period.Key.ToLowerInvariant()}-{units}.pdf";
        }
    }

    public static ContinuousImprovementReportModel From(ImprovementReport report)
    {
        var period = report.Period;
        var header = new DocumentHeaderModel(ImprovementReport.Title, "Results against target, trend signals and improvement work", period.Label,
            DepartmentCalendar.ToLocal(report.GeneratedAt),
            [("Units", report.UnitsLabel), ("Compared with", period.Previous.Span), ("Targets", $"FY{period.FiscalYear}"), ("Values", "Approved months only")]);
        var columns = ReportColumns.For(period);
        var units = report.Sections.Select(s => new UnitReportModel(s,
            s.Trends.Where(t => t.Metric.Direction != MetricDirection.Informational && t.Points.Any(p => p.Target is not null))
                .Select(t => TrendChart.Build(t, 360, 170)).ToList(), columns)).ToList();
        return new ContinuousImprovementReportModel(header, report, columns, units);
    }
}
