using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Core.Reports;

/// <summary>The reports that can be asked for by kind (the reports page, and scheduled delivery by name).</summary>
public enum ReportKind
{
    /// <summary>The continuous-improvement report senior leadership reads (BRIEF.md, Documents).</summary>
    ContinuousImprovement = 0,
}

public sealed record ReportUnit(int Id, string Name, string Code);

/// <summary>How many metric results are green, amber, red, or neither (informational, no approved value or no target).</summary>
public sealed record StatusCounts(int Green, int Amber, int Red, int None)
{
    public int Of(MetricStatus status) => status switch
    {
        MetricStatus.Green => Green,
        MetricStatus.Amber => Amber,
        MetricStatus.Red => Red,
        _ => None,
    };

    public static StatusCounts Count(IEnumerable<MetricStatus> statuses)
    {
        var list = statuses.ToList();
        return new StatusCounts(list.Count(s => s == MetricStatus.Green), list.Count(s => s == MetricStatus.Amber), list.Count(s => s == MetricStatus.Red), list.Count(s => s == MetricStatus.None));
    }
}

/// <summary>
/// A metric over a period: the average of its approved months (a month's own value for a one-month
/// period), judged against the period's fiscal-year target by the one status rule, beside the same for
/// the period before.
/// </summary>
public sealed record MetricPeriodResult(
    int MetricId, int UnitId, string Name, UnitOfMeasure UnitOfMeasure, MetricDirection Direction, int Decimals, bool IsKey,
    decimal? Value, int Months, decimal? PreviousValue, decimal? Target, MetricStatus Status, MetricStatus PreviousStatus, decimal? PreviousTarget)
{
    public string ValueText => MetricFormatting.Format(Value, UnitOfMeasure, Decimals);
    public string PreviousText => MetricFormatting.Format(PreviousValue, UnitOfMeasure, Decimals);
    public string TargetText => StatusWords.TargetText(Direction, Target, UnitOfMeasure, Decimals);
    public string StatusLabel => StatusWords.Label(Status, Direction, Value is not null, Target is not null);
    /// <summary>The previous period judged against its own year's target (October's previous month is September, of the year before).</summary>
    public string PreviousStatusLabel => StatusWords.Label(PreviousStatus, Direction, PreviousValue is not null, PreviousTarget is not null);
}

/// <summary>One of the biggest changes from the previous period, measured against the target, with the words that say which way it went.</summary>
public sealed record Mover(string UnitName, MetricPeriodResult Metric, decimal Change, bool Better, string Words)
{
    /// <summary>The change in the metric's own unit, signed: "+4.5%", "−12 s".</summary>
    public string ChangeText => ChangeWords.Format(Change, Metric.UnitOfMeasure, Metric.Decimals);
}

/// <summary>A signed change in a metric's unit: "+11 s", "−0.5 min"; a change of a percentage is in points ("+12.0 pts"), not a percent of itself.</summary>
public static class ChangeWords
{
    public static string Format(decimal change, UnitOfMeasure unit, int decimals)
    {
        var sign = change > 0 ? "+" : change < 0 ? "−" : "";
        return unit == UnitOfMeasure.Percent
            ? sign + MetricFormatting.Format(Math.Abs(change), UnitOfMeasure.Count, decimals) + " pts"
            : sign + MetricFormatting.Format(Math.Abs(change), unit, decimals);
    }
}

/// <summary>A month of a unit that was submitted after its due day, or not submitted by it at all.</summary>
public sealed record LateMonth(DateOnly Month, DateOnly DueDate, DateOnly? FirstSubmittedOn)
{
    public bool NotSubmitted => FirstSubmittedOn is null;

    public string Words => FirstSubmittedOn is { } on
        ? $"{DepartmentCalendar.MonthName(Month)}: submitted {on:MMM d, yyyy}, {on.DayNumber - DueDate.DayNumber} day{(on.DayNumber - DueDate.DayNumber == 1 ? "" : "s")} after the due date ({DueDate:MMM d})"
        : $"{DepartmentCalendar.MonthName(Month)}: not submitted (due {DueDate:MMM d, yyyy})";
}

public sealed record LateUnit(int UnitId, string UnitName, IReadOnlyList<LateMonth> Months);

public sealed record ExecutiveSummary(StatusCounts Current, StatusCounts Previous, IReadOnlyList<Mover> Movers, IReadOnlyList<LateUnit> LateUnits)
{
    /// <summary>The change of a count from the previous period, written "+3", "−2" or "no change".</summary>
    public string ChangeText(MetricStatus status)
    {
        var d = Current.Of(status) - Previous.Of(status);
        return d == 0 ? "no change" : d > 0 ? $"+{d}" : $"−{-d}";
    }
}

/// <summary>A unit's part of the report: every metric over the period and its trend up to the period's last month.</summary>
public sealed record UnitSection(ReportUnit Unit, IReadOnlyList<MetricPeriodResult> Metrics, IReadOnlyList<MetricTrend> Trends);

public enum SignalResponse
{
    InitiativeStarted = 0,
    Dismissed = 1,
    InitiativeUnderWay = 2,
    NoActionYet = 3,
}

/// <summary>A trend signal that fired in the period and what was done about it.</summary>
public sealed record ReportSignal(
    string UnitName, string MetricName, SignalKind Kind, DateOnly Month, string Description, SignalResponse Response,
    string? InitiativeTitle, string? DismissalReason, string? DismissedBy, DateOnly? DismissedOn)
{
    public string ResponseLabel => Response switch
    {
        SignalResponse.InitiativeStarted => "Initiative started",
        SignalResponse.Dismissed => "Dismissed",
        SignalResponse.InitiativeUnderWay => "Initiative already under way",
        _ => "No action yet",
    };
}

/// <summary>An initiative of the period's units with its baseline and result computed from approved months up to the period's end.</summary>
public sealed record ReportInitiative(
    int Id, string Title, string Units, string? Owner, string? MetricName, InitiativeStage Stage, InitiativeStatus Status, DateOnly StartDate, DateOnly DueDate,
    string BaselineText, string ResultText, string ChangeText, string TargetText, bool? TargetMet, bool? Better)
{
    public string MetLabel => TargetMet switch
    {
        true => "Target met",
        false => "Target not met",
        null => MetricName is null ? "No linked metric" : "Not measured yet",
    };
}

public sealed record ReportMilestone(DateOnly Date, string Title, bool Done, bool Overdue)
{
    public string StatusLabel => Done ? "Reached" : Overdue ? "Overdue" : "Due";
}

public sealed record ReportProject(
    string Name, ProjectKind Kind, ProjectStatus Status, string? Lead, string Purpose, DateOnly StartDate, DateOnly? EndDate, IReadOnlyList<ReportMilestone> Milestones)
{
    public string KindLabel => Kind == ProjectKind.Committee ? "Committee" : "Special project";
    public string StatusLabel => Status == ProjectStatus.OnHold ? "On hold" : Status.ToString();
}

/// <summary>
/// The continuous-improvement report of a period for a set of units, everything in it computed from
/// approved data by the product's own rules (metric series, status words, signals, goal attainment,
/// initiative results).
/// </summary>
public sealed record ImprovementReport(
    ReportPeriod Period, IReadOnlyList<ReportUnit> Units, bool AllUnits, DateTimeOffset GeneratedAt,
    ExecutiveSummary Summary, IReadOnlyList<UnitSection> Sections, IReadOnlyList<ReportSignal> Signals,
    IReadOnlyList<GoalRow> Goals, IReadOnlyList<ReportInitiative> Initiatives, IReadOnlyList<ReportProject> Projects)
{
    public const string Title = "Continuous-Improvement Report";

    /// <summary>The units filter as printed on the report: "All units (9)" or the units by name.</summary>
    public string UnitsLabel => AllUnits ? $"All units ({Units.Count})" : string.Join(", ", Units.Select(u => u.Name));

    /// <summary>Whether any approved value falls in the period (scheduled delivery sends nothing without one).</summary>
    public bool HasData => Sections.Any(s => s.Metrics.Any(m => m.Value is not null));
}

/// <summary>The figures an e-mail about the report quotes, taken from the report itself so the message and the PDF agree.</summary>
public sealed record ImprovementReportFigures(
    string Period, string Units, StatusCounts Counts, StatusCounts PreviousCounts, IReadOnlyList<string> LateUnits, IReadOnlyList<string> TopMovers)
{
    public static ImprovementReportFigures From(ImprovementReport report, int movers = 3) => new(
        report.Period.Label, report.UnitsLabel, report.Summary.Current, report.Summary.Previous,
        report.Summary.LateUnits.Select(u => u.UnitName).ToList(),
        report.Summary.Movers.Take(movers).Select(m => $"{m.UnitName} — {m.Metric.Name}: {m.Metric.PreviousText} → {m.Metric.ValueText} ({m.Words.ToLowerInvariant()})").ToList());
}
