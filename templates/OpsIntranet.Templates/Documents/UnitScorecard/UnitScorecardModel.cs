using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.UnitScorecard;

/// <summary>Everything the one-unit monthly scorecard prints.</summary>
public sealed record UnitScorecardModel(DocumentHeaderModel Header, Core.Scorecards.UnitScorecard Scorecard, IReadOnlyList<TrendChartModel> Charts)
{
    public string MonthLabel => DepartmentCalendar.MonthName(Scorecard.Month);

    public string Title => $"{Scorecard.UnitName} — Monthly Scorecard, {MonthLabel}";

    /// <summary>Charts the unit's key metrics (or its first metric when none is marked key).</summary>
    public static UnitScorecardModel From(Core.Scorecards.UnitScorecard scorecard, DateTime generatedAtLocal)
    {
        var charted = scorecard.Trends.Where(t => t.Metric.Direction != MetricDirection.Informational).Take(4).ToList();
        if (charted.Count == 0) charted = scorecard.Trends.Take(1).ToList();
        var header = new DocumentHeaderModel(
            scorecard.UnitName, "Monthly scorecard", DepartmentCalendar.MonthName(scorecard.Month), generatedAtLocal,
            [("Fiscal year", $"FY{scorecard.FiscalYear}"), ("Submission", SubmissionLabel(scorecard.SubmissionStatus))]);
        return new UnitScorecardModel(header, scorecard, charted.Select(t => TrendChart.Build(t, 520, 210)).ToList());
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
