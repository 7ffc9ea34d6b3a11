using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.UnitScorecard;

/// <summary>Everything the one-unit monthly scorecard prints.</summary>
public sealed record UnitScorecardModel(DocumentHeaderModel Header, Core.Scorecards.UnitScorecard Scorecard, IReadOnlyList<TrendChartModel> Charts, int ChartColumns = 2)
{
    public string MonthLabel => DepartmentCalendar.MonthName(Scorecard.Month);

    public string Title => $"{Scorecard.UnitName} — Monthly Scorecard, {MonthLabel}";

    /// <summary>Charts every metric that has a target in the charted months (or the first metric when none has).</summary>
    public static UnitScorecardModel From(Core.Scorecards.UnitScorecard scorecard, DateTime generatedAtLocal)
    {
        var charted = scorecard.Trends.Where(t => t.Metric.Direction != MetricDirection.Informational && (t.Metric.Target is not null || t.Points.Any(p => p.Target is not null))).ToList();
        if (charted.Count == 0) charted = scorecard.Trends.Take(1).ToList();
        var header = new DocumentHeaderModel(
            scorecard.UnitName, "Monthly scorecard", DepartmentCalendar.MonthName(scorecard.Month), generatedAtLocal,
            [("Fiscal year", $"FY{scorecard.FiscalYear}"), ("Submission", SubmissionLabel(scorecard.SubmissionStatus))]);
        // Two rows of charts fit under the metric table on the first page. Five or six charts take three
        // columns to stay there rather than push one row onto a nearly empty second page; seven and more
        // need that page anyway and print larger in two columns.
        var columns = charted.Count is 5 or 6 ? 3 : 2;
        var (width, height) = columns == 3 ? (360, 170) : (520, 180);
        return new UnitScorecardModel(header, scorecard, charted.Select(t => TrendChart.Build(t, width, height)).ToList(), columns);
    }

    public static string SubmissionLabel(SubmissionStatus? status) => status switch
    {
        SubmissionStatus.Approved => "Approved",
        SubmissionStatus.Submitted => "Awaiting approval",
        SubmissionStatus.Returned => "Returned for correction",
        SubmissionStatus.Draft => "Draft, not submitted",
        _ => "Not started",
    };
}
