using System.Globalization;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Web.Pages.Storm.Hours;

/// <summary>
/// A row of hours as typed: the Eastern day, the start and end times, the overtime (empty: the weekly rule), a note.
/// Reading it turns the wall-clock times into instants; an end at or before the start is read as the next midnight
/// only when it is 00:00, so a stretch that ends at midnight stays on its day and anything else is the service's
/// "the end must be after the start". Fields that cannot be read get their own message and nothing is sent on.
/// </summary>
public sealed record HoursForm(string? Date, string? Start, string? End, string? Overtime, string? Note)
{
    public sealed record Read(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, decimal? Overtime, Dictionary<string, string> Errors);

    public Read Check()
    {
        var errors = new Dictionary<string, string>();
        DateOnly? day = null;
        if (string.IsNullOrWhiteSpace(Date)) errors["Date"] = "Give the day (Eastern).";
        else if (DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) day = d;
        else errors["Date"] = "Give the day as a date, e.g. 2026-10-24.";
        var start = Time(errors, "StartsAt", Start, "start");
        var end = Time(errors, "EndsAt", End, "end");
        decimal? overtime = null;
        if (!string.IsNullOrWhiteSpace(Overtime))
        {
            if (decimal.TryParse(Overtime.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ot)) overtime = ot;
            else errors["OvertimeOverride"] = "Give the overtime in hours, e.g. 2.5, or leave it empty for the weekly rule.";
        }
        if (errors.Count > 0 || day is not { } on) return new Read(null, null, overtime, errors);
        var startsAt = start is { } s ? StormTime.FromEastern(on, s) : (DateTimeOffset?)null;
        DateTimeOffset? endsAt = end is { } e ? StormTime.FromEastern(on, e) : null;
        if (end == TimeOnly.MinValue && start is { } from && from > TimeOnly.MinValue) endsAt = StormTime.FromEastern(on.AddDays(1), TimeOnly.MinValue);
        return new Read(startsAt, endsAt, overtime, errors);
    }

    private static TimeOnly? Time(Dictionary<string, string> errors, string field, string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null; // the service says it is missing
        var t = text.Trim();
        // "24:00" is how people write the midnight that ends a day.
        if (t is "24:00") return TimeOnly.MinValue;
        if (TimeOnly.TryParseExact(t, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors[field] = $"Give the {what} as a time of day, e.g. 07:00.";
        return null;
    }

    /// <summary>The form's fields for a stored row: its day and Eastern times, midnight at its end written 24:00.</summary>
    public static HoursForm Of(LaborRow row)
    {
        var s = StormTime.ToEastern(row.StartsAt);
        var e = StormTime.ToEastern(row.EndsAt);
        var end = e.TimeOfDay == TimeSpan.Zero && e.Date > s.Date ? "24:00" : e.ToString("HH:mm", CultureInfo.InvariantCulture);
        return new HoursForm(row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.ToString("HH:mm", CultureInfo.InvariantCulture), end,
            row.OvertimeOverride?.ToString("0.##", CultureInfo.InvariantCulture), null);
    }
}
