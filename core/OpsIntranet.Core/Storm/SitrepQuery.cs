using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Storm;

/// <summary>A unit's latest filed shift report (null Report: none filed yet).</summary>
public sealed record SitrepUnitFigures(int UnitId, string UnitName, string? ShiftLabel, DateTimeOffset? ShiftStartsAt, ShiftReport? Report);

/// <summary>One shift of the event so far, its units' figures added up: for the chart across the event.</summary>
public sealed record SitrepShiftPoint(string Label, DateTimeOffset StartsAt, int CallsOffered, int CallsAbandoned)
{
    public decimal? AbandonRate => CallsOffered == 0 ? null : Math.Round(100m * CallsAbandoned / CallsOffered, 1, MidpointRounding.AwayFromZero);
}

/// <summary>Everything a situation report says, as of one moment.</summary>
public sealed record SitrepData(
    StormEvent Event, IReadOnlyList<string> Units, DateTimeOffset AsOf, ShiftCoverage? Now, ShiftCoverage? Next,
    IReadOnlyList<SitrepUnitFigures> Latest, IReadOnlyList<SitrepShiftPoint> Series,
    IReadOnlyList<string> StaffingProblems, IReadOnlyList<string> UncoveredShifts, IReadOnlyList<string> LateReports);

/// <summary>
/// The situation report's figures: the event's status, coverage of the shift running now and the next one, each
/// unit's latest shift report, the calls of every shift so far, and the open problems (staffing problems from the
/// latest reports, shifts within 48 hours short of staff, reports late or missing). Read through the storm services
/// as the viewer, so a preview shows only what its reader may read; the scheduled job reads as the system.
/// </summary>
public class SitrepQuery(AppDbContext db, StormShiftService shifts, ShiftReportService reports, TimeProvider clock)
{
    public async Task<SitrepData?> LoadAsync(Viewer viewer, int eventId, CancellationToken ct = default)
    {
        if (await StormScope.LoadAsync(db, viewer, eventId, track: false, ct) is not { } scope) return null;
        var now = clock.GetUtcNow();
        var coverage = await shifts.CoverageAsync(viewer, eventId, ct) ?? [];
        var slots = await reports.SlotsAsync(viewer, eventId, ct) ?? [];
        var units = await db.Units.AsNoTracking().Where(u => scope.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct);

        var running = coverage.FirstOrDefault(s => s.StartsAt <= now && now < s.EndsAt);
        var next = coverage.Where(s => s.StartsAt > now && (running is null || s.StartsAt >= running.StartsAt)).MinBy(s => s.StartsAt);

        var filed = slots.Where(s => s.Report is not null).ToList();
        var latest = units.Select(u => filed.Where(s => s.UnitId == u.Id).MaxBy(s => s.StartsAt) is { } slot
            ? new SitrepUnitFigures(u.Id, u.Name, slot.ShiftLabel, slot.StartsAt, slot.Report)
            : new SitrepUnitFigures(u.Id, u.Name, null, null, null)).ToList();

        var series = filed.GroupBy(s => (s.ShiftId, s.ShiftLabel, s.StartsAt)).OrderBy(g => g.Key.StartsAt)
            .Select(g => new SitrepShiftPoint(g.Key.ShiftLabel, g.Key.StartsAt, g.Sum(s => s.Report!.CallsOffered), g.Sum(s => s.Report!.CallsAbandoned))).ToList();

        var problems = latest.Where(l => l.Report?.StaffingProblems is { Length: > 0 })
            .Select(l => $"{l.UnitName}, shift {l.ShiftLabel} of {StormTime.Describe(l.ShiftStartsAt!.Value)}: {l.Report!.StaffingProblems}").ToList();
        var soon = now.AddHours(48);
        var uncovered = coverage.Where(s => s.EndsAt > now && s.StartsAt < soon && s.HasGap)
            .Select(s => $"Shift {s.Label} of {StormTime.Describe(s.StartsAt)}: {s.Gap} short — "
                + string.Join("; ", s.Lines.Where(l => l.Gap > 0).Select(l => $"{l.UnitName} {StormTime.Label(l.Role).ToLowerInvariant()} {l.Covering} of {l.Required}")))
            .ToList();
        var late = slots.Where(s => s.Late)
            .Select(s => s.Report is null
                ? $"{s.UnitName}, shift {s.ShiftLabel} of {StormTime.Describe(s.StartsAt)}: report missing"
                : $"{s.UnitName}, shift {s.ShiftLabel} of {StormTime.Describe(s.StartsAt)}: report filed late ({StormTime.Describe(s.Report.FiledAt)})")
            .ToList();

        return new SitrepData(scope.Event, [.. units.Select(u => u.Name)], now, running, next, latest, series, problems, uncovered, late);
    }
}
