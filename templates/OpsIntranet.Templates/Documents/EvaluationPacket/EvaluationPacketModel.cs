using System.Globalization;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Templates.Documents.EvaluationPacket;

/// <summary>
/// Everything one copy of an evaluation packet prints, worked out from the approved snapshot alone: each section
/// has its own small model, the edition decides which log entries and disciplinary actions are in, and the stamp
/// says whether this is a versioned record or a DRAFT preview. Nothing here reads the clock, so the same snapshot,
/// edition and stamp always give the same text.
/// </summary>
public sealed record EvaluationPacketModel(
    string Title,
    string HeaderNote,
    string FooterStamp,
    bool Draft,
    PacketCoverModel Cover,
    IReadOnlyList<CompetencyRow> Competencies,
    PacketNarrativeModel Narrative,
    UnitResultsModel Results,
    IReadOnlyList<GoalRow>? Goals,
    PerformanceLogModel Log,
    DisciplineModel Discipline,
    IReadOnlyList<StepRow> History,
    SignaturePageModel Signatures,
    PdfMetadata Metadata)
{
    /// <summary>What an empty section says, so a reader knows it was looked at rather than left out.</summary>
    public const string NoneInPeriod = "None in this period.";

    public const string NotRecorded = "Not recorded.";

    public PdfDocumentOptions PdfOptions => new(Title, PdfDocumentOptions.ConfidentialFooter,
        HeaderNote: HeaderNote, FooterStamp: FooterStamp, Author: Metadata.Author, Subject: Metadata.Subject, Keywords: Metadata.Keywords);

    public static string CopyName(PacketEdition edition) => edition switch
    {
        PacketEdition.File => "Personnel file copy",
        PacketEdition.Employee => "Employee copy",
        PacketEdition.Reviewer => "Reviewer copy",
        _ => throw new ArgumentOutOfRangeException(nameof(edition), edition, "Unknown packet edition."),
    };

    private static readonly Dictionary<string, EvaluationStep> StepsByLabel = Enum.GetValues<EvaluationStep>().ToDictionary(EvaluationService.StepLabel, StringComparer.Ordinal);

    public static EvaluationPacketModel From(EvaluationSnapshot snapshot, PacketEdition edition, PacketStamp stamp)
    {
        var employee = snapshot.Employee?.Name ?? "Unnamed employee";
        var cycle = snapshot.CycleName ?? "Evaluation";
        var copy = CopyName(edition);
        var fingerprint = stamp.Draft ? null : stamp.Fingerprint ?? PacketFingerprint.Compute(snapshot, edition);
        var version = stamp.Version is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—";
        var record = stamp.Draft ? "Draft — not a record" : $"Version {version} · {PacketFingerprint.Printed(fingerprint!)}";

        var cover = new PacketCoverModel(
            employee, snapshot.Position, snapshot.UnitName ?? snapshot.Evidence?.UnitName, cycle, CycleKindName(snapshot.CycleKind), Period(snapshot),
            snapshot.DueDate is { } due ? Day(due) : null,
            snapshot.Evaluator?.Name, snapshot.Reviewer?.Name, EvaluationService.StatusLabel(snapshot.Status),
            snapshot.OverallScore?.ToString("0.00", CultureInfo.InvariantCulture), snapshot.OverallLabel,
            copy, record, fingerprint, stamp.Draft, snapshot.ApprovedAt is { } approved ? Moment(approved) : null);

        var competencies = snapshot.Ratings.OrderBy(r => r.SortOrder).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new CompetencyRow(r.Name, r.Description, $"{r.Weight}%", r.Rating?.ToString(CultureInfo.InvariantCulture),
                r.RatingLabel ?? (r.Rating is >= EvaluationScoring.MinRating and <= EvaluationScoring.MaxRating ? EvaluationScoring.RatingLabel(r.Rating.Value) : null),
                r.Comment))
            .ToList();

        // The snapshot keeps each step's label; the employee's copy drops the notes the employee's own page hides.
        var history = snapshot.History.Select(h => new StepRow(h.Step, h.Who, Moment(h.At),
            edition == PacketEdition.Employee && !(StepsByLabel.TryGetValue(h.Step, out var step) && EvaluationQuery.EmployeeSeesNote(step)) ? null : h.Note)).ToList();
        // Older snapshots kept the times but not who: the approver is then the reviewer, the acknowledger the employee.
        var signatures = new SignaturePageModel(
            employee, snapshot.Evaluator?.Name, snapshot.Reviewer?.Name,
            snapshot.ApprovedAt is { } a ? $"{snapshot.ApprovedBy?.Name ?? snapshot.Reviewer?.Name ?? "Approver not recorded"}, {Moment(a)}" : "Not yet approved",
            snapshot.AcknowledgedAt is { } k ? $"{snapshot.AcknowledgedBy?.Name ?? employee}, {Moment(k)}" : "Not yet acknowledged",
            snapshot.EmployeeComment);

        var subject = $"{copy} of the {cycle} evaluation of {employee}" + (stamp.Draft ? ", draft" : $", version {version}");
        var keywords = string.Join("; ", new[] { "evaluation packet", snapshot.UnitName, cycle, copy, stamp.Draft ? "draft" : $"version {version}", fingerprint is null ? null : $"sha256 {fingerprint}" }
            .Where(k => !string.IsNullOrWhiteSpace(k)));

        return new EvaluationPacketModel(
            $"Performance Evaluation — {employee} — {cycle}",
            $"{employee} · {cycle} · {copy}",
            record,
            stamp.Draft,
            cover,
            competencies,
            new PacketNarrativeModel(snapshot.Strengths, snapshot.AreasToImprove, snapshot.DevelopmentPlan),
            UnitResultsModel.From(snapshot),
            snapshot.Evidence?.Goals.Select(g => new GoalRow($"FY{g.FiscalYear}", g.Statement, $"{g.Weight}%", g.Status, g.Attainment, g.Met)).ToList(),
            PerformanceLogModel.From(snapshot, edition),
            DisciplineModel.From(snapshot, edition),
            history,
            signatures,
            new PdfMetadata(snapshot.Evaluator?.Name ?? "City Utilities · Customer Operations Department", subject, keywords));
    }

    private static string? CycleKindName(CycleKind? kind) => kind switch
    {
        CycleKind.Annual => "Annual performance evaluation",
        CycleKind.Probationary => "Probationary performance evaluation",
        CycleKind.Special => "Special performance evaluation",
        _ => null,
    };

    private static string? Period(EvaluationSnapshot s) =>
        (s.PeriodStart, s.PeriodEnd) switch
        {
            ({ } start, { } end) => $"{Day(start)} – {Day(end)}",
            _ when s.Evidence is { } e => $"{DepartmentCalendar.MonthName(e.FirstMonth)} – {DepartmentCalendar.MonthName(e.LastMonth)}",
            _ => null,
        };

    public static string Day(DateOnly day) => day.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>An instant as the department reads it: Eastern time, said so.</summary>
    public static string Moment(DateTimeOffset at) =>
        DepartmentCalendar.ToLocal(at).ToString("MMM d, yyyy h:mm tt", CultureInfo.InvariantCulture) + " ET";
}

/// <summary>The cover: who, what, by whom, the result, and which copy of which version this is.</summary>
public sealed record PacketCoverModel(
    string Employee, string? Position, string? Unit, string Cycle, string? CycleKind, string? Period, string? DueDate,
    string? Evaluator, string? Reviewer, string Status, string? Score, string? ScoreLabel,
    string Copy, string Record, string? Fingerprint, bool Draft, string? ApprovedAt);

/// <summary>One competency as rated; <see cref="Rating"/> is null when it was not rated.</summary>
public sealed record CompetencyRow(string Name, string? Description, string Weight, string? Rating, string? RatingLabel, string? Comment);

/// <summary>The evaluator's three texts.</summary>
public sealed record PacketNarrativeModel(string? Strengths, string? AreasToImprove, string? DevelopmentPlan);

/// <summary>One metric over the period: months with an approved value, the average against the target, and how the months fell.</summary>
public sealed record MetricPeriodRow(string Name, string Months, string Average, string Target, MetricStatus Status, string StatusLabel, int Green, int Amber, int Red);

/// <summary>The unit's results over the period, as frozen at approval; <see cref="Recorded"/> is false for a snapshot that kept none.</summary>
public sealed record UnitResultsModel(bool Recorded, string? UnitName, string? Months, IReadOnlyList<MetricPeriodRow> Metrics,
    int Green, int Amber, int Red, int Uncoloured, IReadOnlyList<TrendChartModel> Charts)
{
    public static UnitResultsModel From(EvaluationSnapshot snapshot)
    {
        var charts = snapshot.Trends
            .Where(t => t.Metric.Direction != MetricDirection.Informational && t.Points.Any(p => p.Value is not null))
            .Select(t => TrendChart.Build(t, 520, 190))
            .ToList();
        if (snapshot.Evidence is not { } e) return new UnitResultsModel(false, snapshot.UnitName, null, [], 0, 0, 0, 0, charts);
        var rows = e.Metrics.Select(m => new MetricPeriodRow(m.Name, $"{m.ApprovedMonths} of {m.MonthsInPeriod}", m.Average ?? "—", m.Target ?? "—",
            m.Status, m.StatusLabel, m.Green, m.Amber, m.Red)).ToList();
        // Month-values with no colour: informational metrics, months without a target, and months not approved.
        var uncoloured = e.Metrics.Sum(m => Math.Max(0, m.MonthsInPeriod - m.Green - m.Amber - m.Red));
        return new UnitResultsModel(true, e.UnitName ?? snapshot.UnitName,
            $"{DepartmentCalendar.MonthName(e.FirstMonth)} – {DepartmentCalendar.MonthName(e.LastMonth)}",
            rows, e.GreenMonths, e.AmberMonths, e.RedMonths, uncoloured, charts);
    }
}

/// <summary>One goal of the unit for a fiscal year the period touches; <see cref="Met"/> is null while undecided.</summary>
public sealed record GoalRow(string FiscalYear, string Statement, string Weight, string Status, string? Attainment, bool? Met);

public sealed record LogAddendumRow(string At, string Author, string Text);

public sealed record LogRow(string Date, string Type, string Summary, string? Details, string Author, bool Shared, IReadOnlyList<LogAddendumRow> Addenda);

/// <summary>
/// The performance log of the period as this copy shows it: <see cref="ExcludedNote"/> is set when the copy leaves
/// the section out by rule (the reviewer's), and <see cref="ShowSharing"/> when readers need to know which
/// entries the employee has seen (the personnel file's).
/// </summary>
public sealed record PerformanceLogModel(string? ExcludedNote, bool ShowSharing, IReadOnlyList<LogRow> Rows)
{
    public static PerformanceLogModel From(EvaluationSnapshot snapshot, PacketEdition edition)
    {
        if (edition == PacketEdition.Reviewer) return new("Performance-log entries are not part of the reviewer's copy.", false, []);
        var rows = snapshot.LogEntries
            .Where(l => edition == PacketEdition.File || l.SharedWithEmployee)
            .OrderBy(l => l.Date).ThenBy(l => l.Id)
            .Select(l => new LogRow(EvaluationPacketModel.Day(l.Date), l.Type, l.Summary, l.Details, l.Author, l.SharedWithEmployee,
                l.Addenda.OrderBy(a => a.At).Select(a => new LogAddendumRow(EvaluationPacketModel.Moment(a.At), a.Author, a.Text)).ToList()))
            .ToList();
        return new(null, edition == PacketEdition.File, rows);
    }
}

public sealed record GrievanceRow(string FiledOn, string Grounds, string? Outcome, string? Resolution, string? ResolvedOn);

public sealed record DisciplineRow(string Level, string Status, string IncidentDate, string? EffectiveDate, string Policy, string Description,
    string RecommendedBy, bool Shared, IReadOnlyList<GrievanceRow> Grievances);

/// <summary>Disciplinary actions of the period as this copy shows them; the same rules as the performance log.</summary>
public sealed record DisciplineModel(string? ExcludedNote, bool ShowSharing, IReadOnlyList<DisciplineRow> Rows)
{
    public static DisciplineModel From(EvaluationSnapshot snapshot, PacketEdition edition)
    {
        if (edition == PacketEdition.Reviewer) return new("Disciplinary actions are not part of the reviewer's copy.", false, []);
        var rows = snapshot.Discipline
            .Where(d => edition == PacketEdition.File || d.SharedWithEmployee)
            .OrderBy(d => d.IncidentDate).ThenBy(d => d.Id)
            .Select(d => new DisciplineRow(d.Level, d.Status, EvaluationPacketModel.Day(d.IncidentDate), d.EffectiveDate is { } e ? EvaluationPacketModel.Day(e) : null,
                d.Policy, d.Description, d.RecommendedBy, d.SharedWithEmployee,
                d.Grievances.OrderBy(g => g.FiledOn).Select(g => new GrievanceRow(EvaluationPacketModel.Day(g.FiledOn), g.Grounds, g.Outcome, g.Resolution,
                    g.ResolvedOn is { } r ? EvaluationPacketModel.Day(r) : null)).ToList()))
            .ToList();
        return new(null, edition == PacketEdition.File, rows);
    }
}

/// <summary>One step of the evaluation's history.</summary>
public sealed record StepRow(string Step, string Who, string At, string? Note);

/// <summary>The last page: who approved and acknowledged it and when (or that nobody has yet), the employee's comment, and lines to sign.</summary>
public sealed record SignaturePageModel(string Employee, string? Evaluator, string? Reviewer, string Approved, string Acknowledged, string? EmployeeComment)
{
    public const string ReceiptNotAgreement =
        "The employee's acknowledgement means that they have received this evaluation and had the opportunity to discuss it. It does not mean that they agree with it.";
}
