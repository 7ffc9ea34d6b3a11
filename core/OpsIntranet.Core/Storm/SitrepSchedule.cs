using System.Globalization;
using OpsIntranet.Core.Calendar;

namespace OpsIntranet.Core.Storm;

public enum SitrepCadence
{
    /// <summary>Fixed Eastern times of day, e.g. 06:00, 12:00 and 18:00.</summary>
    TimesOfDay = 0,
    /// <summary>Every N hours (1–24) from a start time of day.</summary>
    EveryHours = 1,
}

/// <summary>
/// When an event's situation reports go out and to whom; one per event. Why a schedule of its own and not a report
/// subscription of a "storm-situation-report" kind: subscriptions are built around month-based report periods
/// (period rules, "the latest run's month", business-day schedules), and a sitrep's period is one scheduled instant
/// several times a day. Bending that into months would blur both. What must be shared is shared: every sitrep is a
/// run of the delivery ledger (unique per event and scheduled time), sent by the same batches, back-off, failed-delivery
/// list and resend as every other e-mail. Only the schedule and its one recurring job per event are its own.
/// </summary>
public class SitrepSchedule
{
    public int EventId { get; set; }
    public StormEvent? Event { get; set; }
    public SitrepCadence Cadence { get; set; }
    /// <summary>Eastern times of day for <see cref="SitrepCadence.TimesOfDay"/>.</summary>
    public List<TimeOnly> TimesOfDay { get; set; } = [];
    /// <summary>Hours between reports for <see cref="SitrepCadence.EveryHours"/>.</summary>
    public int? EveryHours { get; set; }
    /// <summary>The Eastern time of day the every-N-hours cadence counts from.</summary>
    public TimeOnly StartTime { get; set; }
    public List<string> Addresses { get; set; } = [];
    /// <summary>Role names (Leadership, Administrator) whose people get it.</summary>
    public List<string> RecipientRoles { get; set; } = [];
    public bool UnitManagers { get; set; }
    public bool UnitSupervisors { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public uint Version { get; set; }

    /// <summary>The Eastern times of day it sends, in order.</summary>
    public IReadOnlyList<TimeOnly> Times() => SitrepTimes.Of(Cadence, TimesOfDay, EveryHours, StartTime);
}

/// <summary>
/// A sitrep cadence as Eastern times of day. Every N hours is counted from the start time and begins again from it
/// each day (every 5 hours from 00:00 is 00:00, 05:00, 10:00, 15:00, 20:00), so it is always a set of times a person
/// can read, stays on the wall clock across daylight-saving changes, and is one Hangfire cron in America/New_York.
/// </summary>
public static class SitrepTimes
{
    public static IReadOnlyList<TimeOnly> Of(SitrepCadence cadence, IReadOnlyList<TimeOnly> timesOfDay, int? everyHours, TimeOnly start)
    {
        if (cadence == SitrepCadence.TimesOfDay) return [.. timesOfDay.Select(t => new TimeOnly(t.Hour, t.Minute)).Distinct().Order()];
        if (everyHours is not (>= 1 and <= 24) || everyHours is not { } n) return [];
        var count = (24 + n - 1) / n;
        return [.. Enumerable.Range(0, count).Select(k => new TimeOnly((start.Hour + k * n) % 24, start.Minute)).Distinct().Order()];
    }

    /// <summary>
    /// The Hangfire cron (America/New_York) that fires at every time: "0 0,6,12,18 * * *". Times on different minutes
    /// make a cron that fires at a few more moments (each minute at each hour); the job then finds the latest real time
    /// has its run already and sends nothing more.
    /// </summary>
    public static string Cron(IReadOnlyList<TimeOnly> times)
    {
        var minutes = string.Join(",", times.Select(t => t.Minute).Distinct().Order().Select(m => m.ToString(CultureInfo.InvariantCulture)));
        var hours = string.Join(",", times.Select(t => t.Hour).Distinct().Order().Select(h => h.ToString(CultureInfo.InvariantCulture)));
        return $"{minutes} {hours} * * *";
    }

    /// <summary>
    /// The UTC instant of an Eastern time on a day. A time the spring change skips counts as the time after it (02:30 →
    /// 03:30 EDT); a time the November change repeats is its first, daylight one, the moment Hangfire's cron fires.
    /// </summary>
    public static DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        var zone = DepartmentCalendar.TimeZone;
        if (zone.IsAmbiguousTime(local))
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        return StormTime.FromEastern(day, time);
    }

    /// <summary>The latest scheduled instant at or before <paramref name="now"/>; null when there are no times.</summary>
    public static DateTimeOffset? Latest(IReadOnlyList<TimeOnly> times, DateTimeOffset now)
    {
        if (times.Count == 0) return null;
        var today = DateOnly.FromDateTime(StormTime.ToEastern(now));
        return Enumerable.Range(-2, 3).SelectMany(d => times.Select(t => Instant(today.AddDays(d), t))).Where(i => i <= now).Max();
    }

    /// <summary>The next <paramref name="count"/> scheduled instants after <paramref name="now"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(IReadOnlyList<TimeOnly> times, DateTimeOffset now, int count)
    {
        if (times.Count == 0) return [];
        var today = DateOnly.FromDateTime(StormTime.ToEastern(now));
        var days = count / times.Count + 2;
        return [.. Enumerable.Range(0, days).SelectMany(d => times.Select(t => Instant(today.AddDays(d), t))).Where(i => i > now).Distinct().Order().Take(count)];
    }

    /// <summary>The run's period: the scheduled instant in UTC to the minute, e.g. "2026-12-02T11:00Z".</summary>
    public static string Key(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseKey(string? key, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(key, "yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    /// <summary>"06:00, 12:00 and 18:00 Eastern".</summary>
    public static string Describe(IReadOnlyList<TimeOnly> times)
    {
        var words = times.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)).ToList();
        return words.Count switch
        {
            0 => "no times",
            1 => words[0] + " Eastern",
            _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1] + " Eastern",
        };
    }
}
