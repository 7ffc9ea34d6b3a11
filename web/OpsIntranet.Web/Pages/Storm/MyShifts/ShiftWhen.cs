using System.Globalization;
using OpsIntranet.Core.Storm;

namespace OpsIntranet.Web.Pages.Storm.MyShifts;

/// <summary>A shift's times as the storm pages write them, in Eastern time with the zone named (EDT or EST).</summary>
public static class ShiftWhen
{
    /// <summary>"Mon Nov 9, 07:00 – 19:00 EST"; a night shift carries its second day: "Mon Nov 9, 19:00 EST – Tue Nov 10, 07:00 EST".</summary>
    public static string Describe(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var (start, end) = (StormTime.ToEastern(startsAt), StormTime.ToEastern(endsAt));
        var startText = StormTime.Describe(startsAt);
        var endText = StormTime.Describe(endsAt);
        // Same day and same zone: the end needs only its time.
        return start.Date == end.Date && startText[^3..] == endText[^3..]
            ? $"{startText[..^4]} – {end.ToString("HH:mm", CultureInfo.InvariantCulture)} {endText[^3..]}"
            : $"{startText} – {endText}";
    }
}
