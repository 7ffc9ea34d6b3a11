using System.Globalization;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.AfterActionReport;

/// <summary>One step of the event's life as printed: what happened, when (Eastern), who, and the note.</summary>
public sealed record AfterActionStepLine(string Step, DateTime AtLocal, string By, string? Note);

/// <summary>An improvement item with its owner and, once made, its initiative (title, stage and status, address).</summary>
public sealed record AfterActionItemLine(int Number, string Description, string Owner, int? InitiativeId, string? InitiativeTitle, string? InitiativeState, string? InitiativeUrl);

/// <summary>
/// One unit's shift-report figures summed over the event. The abandon rate is computed from the summed calls (not an
/// average of rates), the speed of answer is weighted by calls answered, and callbacks pending is the last report's
/// figure, since each report counts the backlog still open at its end.
/// </summary>
public sealed record UnitFigures(string Unit, int Shifts, int Reported, int Late, int CallsOffered, int CallsAnswered, int CallsAbandoned,
    int? AverageSpeedOfAnswerSeconds, int OutageReportsTaken, int? CallbacksPendingAtLast, int LobbyClosedShifts)
{
    public decimal? AbandonRate => CallsOffered == 0 ? null : Math.Round(100m * CallsAbandoned / CallsOffered, 1, MidpointRounding.AwayFromZero);

    public static UnitFigures From(string unit, IReadOnlyList<ShiftReportSlot> slots)
    {
        var reports = slots.Where(s => s.Report is not null).OrderBy(s => s.StartsAt).Select(s => s.Report!).ToList();
        var answered = reports.Sum(r => r.CallsAnswered);
        int? asa = answered == 0 ? null : (int)Math.Round((decimal)reports.Sum(r => (long)r.AverageSpeedOfAnswerSeconds * r.CallsAnswered) / answered, MidpointRounding.AwayFromZero);
        return new UnitFigures(unit, slots.Count, reports.Count, slots.Count(s => s.Late), reports.Sum(r => r.CallsOffered), answered, reports.Sum(r => r.CallsAbandoned),
            asa, reports.Sum(r => r.OutageReportsTaken), reports.Count == 0 ? null : reports[^1].CallbacksPending, reports.Count(r => !r.LobbyOpen));
    }
}

/// <summary>
/// The after-action report of a storm event: the event in brief (dates, level, units, its steps), what went well, what
/// to improve, the improvement items with their owners and initiatives, and the shift-report figures per unit.
/// </summary>
public sealed record AfterActionReportModel(DocumentHeaderModel Header, string EventName, IReadOnlyList<(string Label, string Value)> Facts, IReadOnlyList<AfterActionStepLine> Steps,
    string? WentWell, string? ToImprove, string? ReviewedBy, DateTime? ReviewedAtLocal, IReadOnlyList<AfterActionItemLine> Items, IReadOnlyList<UnitFigures> Figures)
{
    public string Title => $"After-action report — {EventName}";

    public string FileName => $"{Core.Common.FileNames.Safe(EventName, keepSpaces: false).ToLowerInvariant()}-after-action-report.pdf";

    public PdfDocumentOptions PdfOptions => new(Title, "City Customer Operations — internal use",
        HeaderNote: $"After-action report · {EventName}", Author: "City Customer Operations Department",
        Subject: $"After-action report, {EventName}", Keywords: "storm; after-action review; improvement items; shift reports");

    /// <param name="siteUrl">The intranet's address ("https://ops.example"), so an initiative's link in the PDF opens it.</param>
    public static AfterActionReportModel From(StormEventDetails details, AfterActionView review, IReadOnlyList<ShiftReportSlot> slots, string siteUrl, DateTime generatedAtLocal)
    {
        var e = details.Event;
        var start = StormTime.ToEastern(e.StartsAt);
        var closed = e.ClosedAt is { } c ? StormTime.ToEastern(c) : (DateTime?)null;
        var period = closed is { } end ? $"{Date(start)} – {Date(end)}" : $"{Date(start)} – (not closed)";
        var units = string.Join(", ", details.Units.Select(u => u.Name));
        var header = new DocumentHeaderModel("After-action report", e.Name, period, generatedAtLocal,
            [("Event", $"{StormTime.Label(e.Kind)}, {State(e.State).ToLowerInvariant()}"), ("Units", units)]);
        var facts = new List<(string, string)>
        {
            ("Kind", StormTime.Label(e.Kind)), ("Activation level", e.Level.ToString()), ("State", State(e.State)), ("Units", units),
            ("Start", StormTime.Describe(e.StartsAt)),
        };
        if (e.ExpectedImpactAt is { } impact) facts.Add(("Expected impact", StormTime.Describe(impact)));
        if (e.ClosedAt is { } closedAt) facts.Add(("Closed", StormTime.Describe(closedAt)));
        var steps = details.Steps.Select(s => new AfterActionStepLine(StepLabel(s), StormTime.ToEastern(s.At), s.ByName, s.Note)).ToList();
        var site = siteUrl.TrimEnd('/');
        var items = review.Items.Select((i, n) => new AfterActionItemLine(n + 1, i.Description, i.OwnerName, i.InitiativeId, i.InitiativeTitle,
            i.InitiativeStage is { } stage && i.InitiativeStatus is { } status ? $"{stage} · {InitiativeService.Label(status)}" : null,
            i.InitiativeId is { } id ? $"{site}/initiatives/{id}" : null)).ToList();
        var figures = details.Units.Select(u => UnitFigures.From(u.Name, slots.Where(s => s.UnitId == u.Id).ToList())).ToList();
        return new AfterActionReportModel(header, e.Name, facts, steps, review.Review?.WentWell, review.Review?.ToImprove, review.Review?.UpdatedByName,
            review.Review is { } r ? StormTime.ToEastern(r.UpdatedAt) : null, items, figures);
    }

    public static string Date(DateTime local) => local.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    public static string State(StormState state) => state switch
    {
        StormState.Recovery => "In recovery",
        _ => state.ToString(),
    };

    private static string StepLabel(StormEventStep s) => s.ToState switch
    {
        _ when s.FromState is null => $"Opened ({s.Level.ToString().ToLowerInvariant()})",
        _ when s.FromState == s.ToState => $"Level changed to {s.Level.ToString().ToLowerInvariant()}",
        StormState.Activated => $"Activated ({s.Level.ToString().ToLowerInvariant()})",
        StormState.Recovery => "Recovery started",
        StormState.Closed => "Closed",
        _ => s.ToState.ToString(),
    };
}
