using System.Globalization;
using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Charts;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.SituationReport;

/// <summary>The situation report of a storm event as of one moment; each part is a small component with its own model.</summary>
public sealed record SituationReportModel(
    DocumentHeaderModel Header, string Title, SitrepStatusModel Status, SitrepCoverageModel Now, SitrepCoverageModel Next,
    SitrepFiguresModel Figures, TrendChartModel? Chart, SitrepProblemsModel Problems)
{
    public static SituationReportModel From(SitrepData data)
    {
        var e = data.Event;
        var asOf = StormTime.Describe(data.AsOf);
        var title = $"Situation report — {e.Name}";
        var header = new DocumentHeaderModel("Situation report", e.Name, asOf, StormTime.ToEastern(data.AsOf),
            [("Event", $"{StormTime.Label(e.Kind)}, {Word(e.State)}"), ("Units", string.Join(", ", data.Units))]);
        var status = new SitrepStatusModel(e.Name, StormTime.Label(e.Kind), Word(e.State), Word(e.Level), string.Join(", ", data.Units), asOf);
        return new SituationReportModel(header, title, status,
            SitrepCoverageModel.From("Coverage now", data.Now, "No shift is running now."),
            SitrepCoverageModel.From("Next shift", data.Next, "No later shift is laid out."),
            SitrepFiguresModel.From(data.Latest),
            data.Series.Count == 0 ? null : ShiftCallsChart.Build(data.Series),
            new SitrepProblemsModel(data.StaffingProblems, data.UncoveredShifts, data.LateReports));
    }

    private static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant() switch
    {
        var w => char.ToUpperInvariant(w[0]) + w[1..],
    };
}

public sealed record SitrepStatusModel(string Name, string Kind, string State, string Level, string Units, string AsOf);

/// <summary>A unit and role on a shift: Out checked in unavailable or evacuated; Covering is everyone else assigned (the coverage board's rule).</summary>
public sealed record SitrepCoverageRow(string Unit, string Role, int Required, int Assigned, int Out, int Covering, int Gap);

/// <summary>One shift's coverage by unit and role: assigned, available (checked in) and required, gaps marked.</summary>
public sealed record SitrepCoverageModel(string Heading, string? Shift, string WhenNone, IReadOnlyList<SitrepCoverageRow> Rows, int Gap)
{
    public static SitrepCoverageModel From(string heading, ShiftCoverage? shift, string whenNone) => shift is null
        ? new(heading, null, whenNone, [], 0)
        : new(heading, $"Shift {shift.Label}: {StormTime.Describe(shift.StartsAt)} – {StormTime.Describe(shift.EndsAt)}", whenNone,
            [.. shift.Lines.Select(l => new SitrepCoverageRow(l.UnitName, StormTime.Label(l.Role), l.Required, l.Assigned, l.Out, l.Covering, l.Gap))], shift.Gap);
}

public sealed record SitrepFiguresRow(string Unit, string Shift, string Offered, string Answered, string Abandoned, string AbandonRate, string Asa,
    string Outages, string Callbacks, string Lobby);

/// <summary>Each unit's latest shift report.</summary>
public sealed record SitrepFiguresModel(IReadOnlyList<SitrepFiguresRow> Rows)
{
    public static SitrepFiguresModel From(IReadOnlyList<SitrepUnitFigures> latest) => new([.. latest.Select(l => l.Report is not { } r
        ? new SitrepFiguresRow(l.UnitName, "No report filed yet", "—", "—", "—", "—", "—", "—", "—", "—")
        : new SitrepFiguresRow(l.UnitName, $"{l.ShiftLabel} · {StormTime.ToEastern(l.ShiftStartsAt!.Value).ToString("ddd d, HH:mm", CultureInfo.InvariantCulture)}", N(r.CallsOffered), N(r.CallsAnswered), N(r.CallsAbandoned),
            r.AbandonRate is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—", Seconds(r.AverageSpeedOfAnswerSeconds),
            N(r.OutageReportsTaken), N(r.CallbacksPending), r.LobbyOpen ? "Open" : "Closed"))]);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>ASA as people say it: "45 s", "2 min 5 s".</summary>
    public static string Seconds(int s) => s < 60 ? $"{s} s" : s % 60 == 0 ? $"{s / 60} min" : $"{s / 60} min {s % 60} s";
}

public sealed record SitrepProblemsModel(IReadOnlyList<string> StaffingProblems, IReadOnlyList<string> UncoveredShifts, IReadOnlyList<string> LateReports)
{
    public bool None => StaffingProblems.Count == 0 && UncoveredShifts.Count == 0 && LateReports.Count == 0;
}
