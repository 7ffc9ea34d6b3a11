using System.Globalization;
using Cronos;
using OpsIntranet.Core.Calendar;

namespace OpsIntranet.Core.Subscriptions;

/// <summary>One scheduled run: the instant it fires and the wall-clock time it has where the subscription lives.</summary>
public sealed record Occurrence(DateTimeOffset Utc, DateTime Local)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(Local);
}

/// <summary>What a subscription's schedule says, without the rest of the subscription: what the form edits and what validation checks.</summary>
public sealed record ScheduleSpec(ScheduleKind Kind, int? Day, DayOfWeek? Weekday, TimeOnly TimeOfDay, string? Cron, string TimeZone)
{
    public static ScheduleSpec Of(ReportSubscription s) => new(s.ScheduleKind, s.Day, s.Weekday, s.TimeOfDay, s.Cron, s.TimeZone);
}

/// <summary>
/// When a subscription runs. Every kind is computed through Cronos with the subscription's time zone, the same
/// library and rules Hangfire fires by, so daylight-saving changes neither skip nor double a run (a time inside
/// the spring-forward gap runs at the first instant after it, an ambiguous autumn time runs once). Kinds a cron
/// cannot say exactly (day 29 or 30 with its short-month fallback, the Nth business day with City holidays) use
/// a <see cref="HangfireCron"/> that fires on every candidate day, and <see cref="IsScheduledDay"/> picks the real
/// ones: the entry job does nothing on the others.
/// </summary>
public sealed class SubscriptionSchedule
{
    /// <summary>Business days counted at most this far: every month has at least 20 weekdays.</summary>
    public const int MaxBusinessDay = 20;
    public const string DefaultTimeZone = "America/New_York";

    private readonly ScheduleSpec _spec;
    private readonly CronExpression _cron;
    private readonly IReadOnlySet<DateOnly> _holidays;

    private SubscriptionSchedule(ScheduleSpec spec, string hangfireCron, TimeZoneInfo zone, IReadOnlySet<DateOnly> holidays)
    {
        _spec = spec;
        HangfireCron = hangfireCron;
        _cron = CronExpression.Parse(hangfireCron, CronFormat.Standard);
        Zone = zone;
        _holidays = holidays;
    }

    /// <summary>The cron the Hangfire recurring job is registered with (every candidate day for the kinds cron cannot say exactly).</summary>
    public string HangfireCron { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The schedule, or the reasons it is not one (by field: Day, Weekday, TimeOfDay, Cron, TimeZone).</summary>
    public static (SubscriptionSchedule? Schedule, IReadOnlyDictionary<string, string> Errors) TryCreate(ScheduleSpec spec, IReadOnlySet<DateOnly> holidays, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>();
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(spec.TimeZone)) errors["TimeZone"] = "Choose a time zone.";
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(spec.TimeZone.Trim(), out zone))
            errors["TimeZone"] = $"\"{spec.TimeZone}\" is not a time zone; use a name such as America/New_York.";

        if (spec.Kind != ScheduleKind.Cron && (spec.TimeOfDay.Second != 0 || spec.TimeOfDay.Millisecond != 0))
            errors["TimeOfDay"] = "Give the time in hours and minutes.";
        string? cron = null;
        switch (spec.Kind)
        {
            case ScheduleKind.MonthlyOnDay:
                if (spec.Day is not (>= 1 and <= 31)) errors["Day"] = "The day of the month is 1 to 31 (31 means the last day of every month).";
                else cron = MonthlyCron(spec.Day.Value, spec.TimeOfDay);
                break;
            case ScheduleKind.MonthlyOnBusinessDay:
                if (spec.Day is not (>= 1 and <= MaxBusinessDay)) errors["Day"] = $"The business day is 1 to {MaxBusinessDay} (the 1st is the first weekday of the month that is not a City holiday).";
                else cron = $"{spec.TimeOfDay.Minute} {spec.TimeOfDay.Hour} * * 1-5";
                break;
            case ScheduleKind.Weekly:
                if (spec.Weekday is not { } weekday || !Enum.IsDefined(weekday)) errors["Weekday"] = "Choose the day of the week.";
                else cron = $"{spec.TimeOfDay.Minute} {spec.TimeOfDay.Hour} * * {(int)weekday}";
                break;
            case ScheduleKind.Cron:
                cron = spec.Cron?.Trim();
                if (CronError(cron) is { } cronError) { errors["Cron"] = cronError; cron = null; }
                break;
            default:
                errors["ScheduleKind"] = "Choose how often it runs.";
                break;
        }
        if (errors.Count > 0 || cron is null || zone is null) return (null, errors);

        var schedule = new SubscriptionSchedule(spec with { TimeZone = spec.TimeZone.Trim(), Cron = spec.Kind == ScheduleKind.Cron ? cron : null }, cron, zone, holidays);
        // A cron can be well-formed and still name a day that never comes (30 February).
        if (spec.Kind == ScheduleKind.Cron && schedule.Next(now, 1).Count == 0)
            return (null, new Dictionary<string, string> { ["Cron"] = $"\"{cron}\" never runs: no date matches it (for example 30 February). Check the day and month fields." });
        return (schedule, errors);
    }

    /// <summary>The subscription's schedule; throws when it is not valid (saved subscriptions always are).</summary>
    public static SubscriptionSchedule For(ReportSubscription subscription, IReadOnlySet<DateOnly> holidays, DateTimeOffset now)
    {
        var (schedule, errors) = TryCreate(ScheduleSpec.Of(subscription), holidays, now);
        return schedule ?? throw new InvalidOperationException($"Subscription {subscription.Id} has no valid schedule: {string.Join(" ", errors.Values)}");
    }

    /// <summary>Why a raw cron is refused, or null when it is a five-field cron Cronos (and so Hangfire) reads.</summary>
    public static string? CronError(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return "Write the cron expression: minute hour day-of-month month day-of-week, e.g. \"0 8 12 * *\".";
        if (cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            return $"\"{cron}\" is not a five-field cron (minute hour day-of-month month day-of-week), e.g. \"0 8 12 * *\".";
        try
        {
            CronExpression.Parse(cron, CronFormat.Standard);
            return null;
        }
        catch (CronFormatException e)
        {
            return $"\"{cron}\" is not a valid cron: {e.Message}";
        }
    }

    private static string MonthlyCron(int day, TimeOnly time) => day switch
    {
        // 31 is every month's last day; 29 and 30 fall back to the last day only in February, so they fire on 28–31 and are picked.
        31 => $"{time.Minute} {time.Hour} L * *",
        29 or 30 => $"{time.Minute} {time.Hour} 28-31 * *",
        _ => $"{time.Minute} {time.Hour} {day} * *",
    };

    /// <summary>Whether a candidate day of <see cref="HangfireCron"/> is a day the subscription runs (the entry job ignores the others).</summary>
    public bool IsScheduledDay(DateOnly localDate) => _spec.Kind switch
    {
        ScheduleKind.MonthlyOnDay when _spec.Day is 29 or 30 =>
            localDate.Day == Math.Min(_spec.Day.Value, DateTime.DaysInMonth(localDate.Year, localDate.Month)),
        ScheduleKind.MonthlyOnBusinessDay => localDate == NthBusinessDay(localDate),
        _ => true,
    };

    /// <summary>The Nth business day of the date's month; a month with fewer (holidays) runs on its last business day rather than not at all.</summary>
    private DateOnly NthBusinessDay(DateOnly inMonth)
    {
        if (BusinessDays.NthOfMonth(inMonth, _spec.Day!.Value, _holidays) is { } day) return day;
        var last = DepartmentCalendar.EndOfMonth(inMonth);
        while (!BusinessDays.IsBusinessDay(last, _holidays)) last = last.AddDays(-1);
        return last;
    }

    /// <summary>The next <paramref name="count"/> runs strictly after <paramref name="after"/>.</summary>
    public IReadOnlyList<Occurrence> Next(DateTimeOffset after, int count)
    {
        var result = new List<Occurrence>(count);
        var from = after;
        // Ten years of candidates is plenty for any cron Cronos accepts that fires at all (29 February included).
        var limit = after.AddYears(10);
        while (result.Count < count && _cron.GetNextOccurrence(from, Zone, inclusive: false) is { } next && next <= limit)
        {
            var occurrence = ToOccurrence(next);
            if (IsScheduledDay(occurrence.LocalDate)) result.Add(occurrence);
            from = next;
        }
        return result;
    }

    /// <summary>The latest run at or before <paramref name="at"/>: the one whose period a scheduled (or re-triggered) run sends. Null when there is none in ten years.</summary>
    public Occurrence? Latest(DateTimeOffset at)
    {
        foreach (var days in new[] { 40, 400, 3700 })
        {
            var candidates = _cron.GetOccurrences(at.AddDays(-days), at, Zone, fromInclusive: true, toInclusive: true)
                .Select(ToOccurrence).Where(o => IsScheduledDay(o.LocalDate)).ToList();
            if (candidates.Count > 0) return candidates[^1];
        }
        return null;
    }

    /// <summary>The latest firing of <see cref="HangfireCron"/> at or before the instant, scheduled day or not.</summary>
    public DateTimeOffset? LatestFiring(DateTimeOffset at) =>
        _cron.GetOccurrences(at.AddDays(-40), at, Zone, fromInclusive: true, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();

    private Occurrence ToOccurrence(DateTimeOffset utc) => new(utc.ToUniversalTime(), TimeZoneInfo.ConvertTime(utc, Zone).DateTime);

    /// <summary>The schedule as a person says it: "Monthly on the 12th at 08:00 Eastern", "2nd business day at 07:30 Eastern".</summary>
    public static string Describe(ScheduleSpec spec)
    {
        var time = spec.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
        var zone = ZoneWord(spec.TimeZone);
        return spec.Kind switch
        {
            ScheduleKind.MonthlyOnDay when spec.Day == 31 => $"Monthly on the last day at {time} {zone}",
            ScheduleKind.MonthlyOnDay => $"Monthly on the {Ordinal(spec.Day ?? 0)} at {time} {zone}",
            ScheduleKind.MonthlyOnBusinessDay => $"{Ordinal(spec.Day ?? 0)} business day of the month at {time} {zone}",
            ScheduleKind.Weekly => $"Every {spec.Weekday} at {time} {zone}",
            ScheduleKind.Cron => $"Cron \"{spec.Cron}\" ({zone})",
            _ => spec.Kind.ToString(),
        };
    }

    /// <summary>The US time zones the form offers, with the word the list uses for each.</summary>
    public static readonly IReadOnlyList<(string Id, string Word)> CommonZones =
    [
        ("America/New_York", "Eastern"), ("America/Chicago", "Central"), ("America/Denver", "Mountain"), ("America/Phoenix", "Arizona"),
        ("America/Los_Angeles", "Pacific"), ("America/Anchorage", "Alaska"), ("Pacific/Honolulu", "Hawaii"), ("UTC", "UTC"),
    ];

    public static string ZoneWord(string zone) => CommonZones.FirstOrDefault(z => z.Id == zone).Word ?? zone;

    public static string Ordinal(int n) => n + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
