using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

/// <summary>
/// The steps a viewer may take with a unit's month, as <see cref="Access.Viewer.ForMonth"/> decides them;
/// pages show the buttons these allow and the services check them again.
/// </summary>
public sealed record MonthPermissions(bool CanView, bool CanEdit, bool CanReview, bool CanDecide = false);

/// <summary>The last person to change one value of a month.</summary>
public sealed record LastChange(int MetricId, string Metric, int? UserId);

/// <summary>
/// Who has had a hand in a month's numbers: whoever submitted it and whoever last changed each of
/// its values. None of them may approve it (BRIEF: separation of duties); returning it is still open to them.
/// </summary>
public sealed record MonthAuthors(int? SubmittedByUserId, IReadOnlyList<LastChange> LastChanges)
{
    public static readonly MonthAuthors None = new(null, []);

    public string? WhyCannotApprove(int userId)
    {
        var submitted = SubmittedByUserId == userId;
        var changed = LastChanges.Where(c => c.UserId == userId).Select(c => c.Metric).ToList();
        if (!submitted && changed.Count == 0) return null;
        var what = submitted
            ? changed.Count > 0 ? $"You submitted this month and last changed {Names(changed)}" : "You submitted this month"
            : $"You last changed {Names(changed)}";
        return what + ", so someone else approves it: another manager of the unit or an administrator.";
    }

    private static string Names(List<string> metrics) => metrics.Count switch
    {
        1 => metrics[0],
        <= 3 => string.Join(", ", metrics.Take(metrics.Count - 1)) + " and " + metrics[^1],
        _ => string.Join(", ", metrics.Take(2)) + $" and {metrics.Count - 2} more values",
    };

    /// <summary>The authors of each given submission (an entry for every id).</summary>
    public static async Task<Dictionary<int, MonthAuthors>> LoadAsync(AppDbContext db, IReadOnlyCollection<int> submissionIds, CancellationToken ct)
    {
        var submitters = await db.MetricSubmissions.AsNoTracking().Where(s => submissionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.SubmittedByUserId, ct);
        var changes = await db.MetricValueChanges.AsNoTracking().Where(c => submissionIds.Contains(c.SubmissionId))
            .Select(c => new { c.Id, c.SubmissionId, c.MetricDefinitionId, c.At, c.UserId })
            .ToListAsync(ct);
        // A value an import set where the month held none is on the import's record for the month, not on the trail.
        var imports = await db.MetricValueImports.AsNoTracking().Where(i => submissionIds.Contains(i.SubmissionId))
            .Select(i => new { i.SubmissionId, i.At, i.UserId, i.MetricIds })
            .ToListAsync(ct);
        var last = changes.Select(c => (c.SubmissionId, c.MetricDefinitionId, c.At, c.Id, c.UserId))
            .Concat(imports.SelectMany(i => i.MetricIds.Select(m => (i.SubmissionId, MetricDefinitionId: m, i.At, Id: 0L, i.UserId))))
            .GroupBy(c => (c.SubmissionId, c.MetricDefinitionId))
            .Select(g => g.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).First())
            .ToLookup(c => c.SubmissionId);
        var metricIds = last.SelectMany(g => g.Select(c => c.MetricDefinitionId)).Distinct().ToList();
        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => metricIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Name, m.SortOrder }).ToDictionaryAsync(m => m.Id, ct);
        return submitters.ToDictionary(s => s.Key, s => new MonthAuthors(s.Value,
            last[s.Key].Select(c => (c, m: metrics[c.MetricDefinitionId])).OrderBy(x => x.m.SortOrder).ThenBy(x => x.m.Name)
                .Select(x => new LastChange(x.c.MetricDefinitionId, x.m.Name, x.c.UserId)).ToList()));
    }
}

/// <summary>The person acting, as recorded on the trail.</summary>
public sealed record Actor(int UserId, string Name);
