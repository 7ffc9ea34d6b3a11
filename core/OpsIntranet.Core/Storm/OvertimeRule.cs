namespace OpsIntranet.Core.Storm;

/// <summary>A stretch of work to split into regular and overtime hours.</summary>
public sealed record WorkedTime(int Id, DateOnly Day, DateTimeOffset StartsAt, decimal Hours, decimal? OvertimeOverride);

public sealed record SplitHours(int Id, decimal Regular, decimal Overtime);

/// <summary>
/// The overtime rule: the federal FLSA rule for non-exempt employees, which a City applies to emergency pay unless a
/// labor agreement says otherwise (nothing in this repo does): hours worked beyond 40 in the work week are overtime,
/// the work week being Sunday 00:00 to Saturday 24:00 Eastern. There is no daily threshold, so a 13-hour shift is not
/// overtime by itself. Hours are counted in the order worked, so the hour that crosses 40 is the first overtime hour.
/// Only the event's recorded hours count (payroll adds the person's ordinary schedule when it pays). A manager's
/// override of one row's overtime replaces the rule for that row; its hours still count towards the week's 40.
/// </summary>
public static class OvertimeRule
{
    public const decimal WeeklyThreshold = 40m;

    /// <summary>The Sunday that starts the work week holding the day.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(int)day.DayOfWeek);

    /// <summary>Splits one person's rows (any order) into regular and overtime hours.</summary>
    public static IReadOnlyList<SplitHours> Split(IEnumerable<WorkedTime> rows)
    {
        var result = new List<SplitHours>();
        foreach (var week in rows.GroupBy(r => WeekOf(r.Day)))
        {
            var before = 0m;
            foreach (var r in week.OrderBy(r => r.StartsAt).ThenBy(r => r.Id))
            {
                var overtime = r.OvertimeOverride is { } set
                    ? Math.Min(set, r.Hours)
                    : Math.Max(0, before + r.Hours - WeeklyThreshold) - Math.Max(0, before - WeeklyThreshold);
                result.Add(new SplitHours(r.Id, r.Hours - overtime, overtime));
                before += r.Hours;
            }
        }
        return result;
    }
}
