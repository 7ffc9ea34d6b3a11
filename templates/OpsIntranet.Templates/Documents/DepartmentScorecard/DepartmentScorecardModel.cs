using OpsIntranet.Core.Calendar;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.DepartmentScorecard;

/// <summary>The department scorecard: every unit's key metrics for one month.</summary>
public sealed record DepartmentScorecardModel(DocumentHeaderModel Header, Core.Scorecards.DepartmentScorecard Scorecard)
{
    public string Title => $"Department Scorecard — {DepartmentCalendar.MonthName(Scorecard.Month)}";

    public static DepartmentScorecardModel From(Core.Scorecards.DepartmentScorecard scorecard, DateTime generatedAtLocal, string unitsFilter = "All units")
    {
        var header = new DocumentHeaderModel("Department Scorecard", "Key metrics of every unit against target",
            DepartmentCalendar.MonthName(scorecard.Month), generatedAtLocal,
            [("Fiscal year", $"FY{scorecard.FiscalYear}"), ("Units", unitsFilter), ("Metrics", "Key metrics, approved values")]);
        return new DepartmentScorecardModel(header, scorecard);
    }
}
