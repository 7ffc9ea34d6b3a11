using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Metrics;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>The months a person can pick on a scorecard page: those with approved data in their scope, newest first.</summary>
public sealed record MonthSelection(DateOnly? Selected, IReadOnlyList<DateOnly> Months, string? Warning)
{
    public static async Task<MonthSelection> ResolveAsync(AppDbContext db, Viewer scope, string? requested, CancellationToken ct, int? unitId = null)
    {
        var query = db.MetricSubmissions.AsNoTracking().Where(s => s.Status == SubmissionStatus.Approved);
        if (unitId is not null) query = query.Where(s => s.UnitId == unitId);
        else if (!scope.AllUnits) query = query.Where(s => scope.UnitIds.Contains(s.UnitId));
        var months = await query.Select(s => s.Month).Distinct().OrderByDescending(m => m).Take(36).ToListAsync(ct);

        if (string.IsNullOrEmpty(requested)) return new MonthSelection(months.Count > 0 ? months[0] : null, months, null);
        if (!DepartmentCalendar.TryParseMonthKey(requested, out var month))
            return new MonthSelection(months.Count > 0 ? months[0] : null, months, $"“{requested}” is not a month (expected yyyy-MM); showing the latest month instead.");
        if (!months.Contains(month))
        {
            // A month that is still in progress is a legitimate choice: the page shows what is (not yet) approved.
            months.Insert(0, month);
            months.Sort((a, b) => b.CompareTo(a));
        }
        return new MonthSelection(month, months, null);
    }
}
