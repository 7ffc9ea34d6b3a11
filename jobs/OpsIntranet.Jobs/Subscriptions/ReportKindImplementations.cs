using System.Globalization;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Templates.Documents.ContinuousImprovementReport;
using OpsIntranet.Templates.Documents.DepartmentScorecard;
using OpsIntranet.Templates.Documents.UnitScorecard;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Jobs.Subscriptions;

/// <summary>The department scorecard of one month: every unit the owner sees, key metrics only.</summary>
public class DepartmentScorecardKind(ScorecardService scorecards, DocumentRenderer renderer, TimeProvider clock) : IReportKind
{
    public const string KindKey = "department-scorecard";
    public string Key => KindKey;
    public string Label => "Department scorecard";
    public string Description => "Every unit's key metrics for one month against target, with the units not yet approved.";
    public UnitChoice Units => UnitChoice.Department;
    public IReadOnlyList<PeriodRule> PeriodRules { get; } = [PeriodRule.PreviousMonth];

    public async Task<KindReport?> RenderAsync(ReportRequest request, CancellationToken ct)
    {
        var month = request.Period.To;
        var scorecard = await scorecards.DepartmentAsync(month, request.Viewer, keyMetricsOnly: true, ct);
        var model = DepartmentScorecardModel.From(scorecard, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await renderer.RenderPdfAsync<DepartmentScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
        var approved = scorecard.Units.Count(u => u.SubmissionStatus == SubmissionStatus.Approved);
        return new KindReport(pdf, model.Title, $"department-scorecard-{DepartmentCalendar.MonthKey(month)}.pdf",
            scorecard.Units.Any(u => u.Metrics.Any(m => m.Value is not null)),
            StatusHeadlines(scorecard.Count(MetricStatus.Green), scorecard.Count(MetricStatus.Amber), scorecard.Count(MetricStatus.Red))
                .Append(new HeadlineFigure("Units approved", $"{approved} of {scorecard.Units.Count}")).ToList(),
            scorecard.Units.Where(u => u.SubmissionStatus != SubmissionStatus.Approved).Select(u => u.UnitName).ToList());
    }

    public string? PagePath(IReadOnlyList<int> unitIds, ReportPeriod period) => $"/dashboard?month={DepartmentCalendar.MonthKey(period.To)}";

    internal static IEnumerable<HeadlineFigure> StatusHeadlines(int green, int amber, int red) =>
    [
        new(StatusWords.Label(MetricStatus.Green), green.ToString(CultureInfo.InvariantCulture)),
        new(StatusWords.Label(MetricStatus.Amber), amber.ToString(CultureInfo.InvariantCulture)),
        new(StatusWords.Label(MetricStatus.Red), red.ToString(CultureInfo.InvariantCulture)),
    ];
}

/// <summary>One unit's monthly scorecard with its trend charts.</summary>
public class UnitScorecardKind(ScorecardService scorecards, DocumentRenderer renderer, TimeProvider clock) : IReportKind
{
    public const string KindKey = "unit-scorecard";
    public string Key => KindKey;
    public string Label => "Unit scorecard";
    public string Description => "One unit's metrics for one month against target, with two years of trend charts.";
    public UnitChoice Units => UnitChoice.OneUnit;
    public IReadOnlyList<PeriodRule> PeriodRules { get; } = [PeriodRule.PreviousMonth];

    public async Task<KindReport?> RenderAsync(ReportRequest request, CancellationToken ct)
    {
        if (request.UnitIds is not [var unitId] || !request.Viewer.Contains(unitId)) return null;
        if (await scorecards.UnitAsync(unitId, request.Period.To, trendMonths: 24, ct) is not { } scorecard) return null;
        var model = UnitScorecardModel.From(scorecard, DepartmentCalendar.ToLocal(clock.GetUtcNow()));
        var pdf = await renderer.RenderPdfAsync<UnitScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter), ct);
        return new KindReport(pdf, model.Title, $"{scorecard.UnitCode}-scorecard-{DepartmentCalendar.MonthKey(scorecard.Month)}.pdf",
            scorecard.SubmissionStatus == SubmissionStatus.Approved && scorecard.Metrics.Any(m => m.Value is not null),
            DepartmentScorecardKind.StatusHeadlines(scorecard.Count(MetricStatus.Green), scorecard.Count(MetricStatus.Amber), scorecard.Count(MetricStatus.Red)).ToList(),
            scorecard.SubmissionStatus == SubmissionStatus.Approved ? [] : [scorecard.UnitName]);
    }

    public string? PagePath(IReadOnlyList<int> unitIds, ReportPeriod period) =>
        unitIds is [var unitId] ? $"/units/{unitId.ToString(CultureInfo.InvariantCulture)}?month={DepartmentCalendar.MonthKey(period.To)}" : null;
}

/// <summary>The continuous-improvement report (BRIEF.md, Documents) over the owner's units or a choice of them.</summary>
public class ImprovementReportKind(ImprovementReportDocuments documents) : IReportKind
{
    public const string KindKey = "improvement-report";
    public string Key => KindKey;
    public string Label => "Continuous-improvement report";
    public string Description => "Status counts against the period before, trend signals, initiatives and their results, late units.";
    public UnitChoice Units => UnitChoice.Units;
    public IReadOnlyList<PeriodRule> PeriodRules { get; } = [PeriodRule.PreviousMonth, PeriodRule.PreviousQuarter, PeriodRule.FiscalYearToDate];

    public async Task<KindReport?> RenderAsync(ReportRequest request, CancellationToken ct)
    {
        if (await documents.RenderAsync(Core.Reports.ReportKind.ContinuousImprovement, request.UnitIds, request.Period, request.Viewer, ct) is not { } report) return null;
        var f = report.Figures;
        var headlines = DepartmentScorecardKind.StatusHeadlines(f.Counts.Green, f.Counts.Amber, f.Counts.Red)
            .Select(h => h with { Value = h.Value + " " + Was(h.Label, f) })
            .Concat(f.TopMovers.Select((m, i) => new HeadlineFigure(i == 0 ? "Biggest moves" : "", m)))
            .ToList();
        return new KindReport(report.Pdf, report.Title, report.FileName, report.HasData, headlines, f.LateUnits);
    }

    public string? PagePath(IReadOnlyList<int> unitIds, ReportPeriod period)
    {
        // With no units chosen (all of the owner's) the page starts from the reader's own units.
        if (unitIds.Count == 0) return "/reports";
        var when = period.Kind switch
        {
            ReportPeriodKind.Month => $"Kind=Month&Month={period.Key}",
            ReportPeriodKind.Quarter => $"Kind=Quarter&Quarter={period.Key}",
            _ => $"Kind=FiscalYearToDate&Through={DepartmentCalendar.MonthKey(period.To)}",
        };
        return "/reports?" + when + string.Concat(unitIds.Select(u => "&Units=" + u.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Was(string label, Core.Reports.ImprovementReportFigures f)
    {
        var previous = label == StatusWords.Label(MetricStatus.Green) ? f.PreviousCounts.Green
            : label == StatusWords.Label(MetricStatus.Amber) ? f.PreviousCounts.Amber : f.PreviousCounts.Red;
        return $"(was {previous.ToString(CultureInfo.InvariantCulture)})";
    }
}
