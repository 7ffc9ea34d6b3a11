using System.Globalization;
using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Templates.Shared;

namespace OpsIntranet.Templates.Documents.StormLaborSummary;

/// <summary>One day of one person as the summary prints it: the stretches worked that day (Eastern) and the day's split.</summary>
public sealed record LaborDayLine(DateOnly Date, string Worked, decimal Regular, decimal Overtime)
{
    public decimal Total => Regular + Overtime;
}

/// <summary>One person's block: who, and their days; the totals are the days' sums.</summary>
public sealed record LaborPersonBlock(string Name, string Position, string Unit, IReadOnlyList<LaborDayLine> Days)
{
    public decimal Regular => Days.Sum(d => d.Regular);
    public decimal Overtime => Days.Sum(d => d.Overtime);
    public decimal Total => Regular + Overtime;
}

/// <summary>
/// The labor summary of an event in the shape public-assistance (force account labor) reimbursement asks for: the
/// applicant, the event and its period; per person their name, position, dates and hours per day with regular and
/// overtime totals; the grand totals; the manager's sign-off or a plain "NOT SIGNED OFF".
/// </summary>
public sealed record StormLaborSummaryModel(DocumentHeaderModel Header, string EventName, IReadOnlyList<LaborPersonBlock> People, LaborSignOff? SignedOff, DateTime? SignedOffAtLocal)
{
    public const string Applicant = "City Utilities — Customer Operations Department";
    public const string NotSignedOff = "NOT SIGNED OFF";

    public string Title => $"Labor summary — {EventName}";
    public decimal Regular => People.Sum(p => p.Regular);
    public decimal Overtime => People.Sum(p => p.Overtime);
    public decimal Total => Regular + Overtime;
    public int DaysWorked => People.Sum(p => p.Days.Count);

    /// <summary>"Signed off by Maria Alvarez, Nov 28, 2026" or <see cref="NotSignedOff"/>: what the running header repeats on every page.</summary>
    public string SignOffLine => SignedOff is { } s && SignedOffAtLocal is { } at
        ? $"Signed off by {s.ByName}, {at.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}"
        : NotSignedOff;

    public string FileName => $"{Core.Common.FileNames.Safe(EventName, keepSpaces: false).ToLowerInvariant()}-labor-summary.pdf";

    /// <summary>Landscape, like the reimbursement forms: a position and a day's stretches fit on one line of their row.</summary>
    public PdfDocumentOptions PdfOptions => new(Title, PdfDocumentOptions.ConfidentialFooter, Landscape: true,
        HeaderNote: $"Labor summary · {EventName} · {SignOffLine}",
        Author: Applicant, Subject: $"Force account labor summary, {EventName}", Keywords: "storm; labor; hours; overtime; reimbursement");

    public static string Hours(decimal h) => h.ToString("0.00", CultureInfo.InvariantCulture);

    /// <param name="units">The event's units, in their usual order.</param>
    /// <param name="eventStart">The event's start, for the period of a summary without hours yet.</param>
    public static StormLaborSummaryModel From(LaborSummary summary, IReadOnlyList<string> units, DateTimeOffset eventStart, DateTime generatedAtLocal)
    {
        var people = summary.People.Select(p =>
        {
            var rows = summary.Rows.Where(r => r.EmployeeId == p.EmployeeId).ToList();
            var days = p.Days.Select(d => new LaborDayLine(d.Date,
                string.Join(", ", rows.Where(r => r.Day == d.Date).OrderBy(r => r.StartsAt).Select(r => Stretch(r.StartsAt, r.EndsAt))), d.Regular, d.Overtime)).ToList();
            return new LaborPersonBlock(p.Name, p.Position, p.Unit, days);
        }).ToList();
        var first = summary.Dates.Count > 0 ? summary.Dates[0] : DateOnly.FromDateTime(StormTime.ToEastern(eventStart));
        var last = summary.Dates.Count > 0 ? summary.Dates[^1] : first;
        static string Date(DateOnly d) => d.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
        var period = first == last ? Date(first) : $"{Date(first)} – {Date(last)}";
        var header = new DocumentHeaderModel("Labor summary", $"Force account labor · {summary.EventName}", period, generatedAtLocal,
            [("Applicant", Applicant), ("Event", $"{summary.EventName} ({StormTime.Label(summary.Kind).ToLowerInvariant()})"), ("Units", string.Join(", ", units))]);
        DateTime? signedAt = summary.SignedOff is { } s ? StormTime.ToEastern(s.At) : null;
        return new StormLaborSummaryModel(header, summary.EventName, people, summary.SignedOff, signedAt);
    }

    public static string Day(DateOnly d) => d.ToString("ddd MMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>"07:00–19:00" in Eastern time; an end at midnight reads 24:00 so the stretch stays on its day.</summary>
    private static string Stretch(DateTimeOffset start, DateTimeOffset end)
    {
        var s = StormTime.ToEastern(start);
        var e = StormTime.ToEastern(end);
        var endText = e.TimeOfDay == TimeSpan.Zero && e.Date > s.Date ? "24:00" : e.ToString("HH:mm", CultureInfo.InvariantCulture);
        return $"{s.ToString("HH:mm", CultureInfo.InvariantCulture)}–{endText}";
    }
}
