using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Security;

namespace OpsIntranet.Core.Metrics;

/// <summary>
/// Who may do what with a unit's month. Reading follows the unit scope; entering data needs the
/// Supervisor or Manager role and an assignment to the unit; approving, returning and reopening need
/// the Manager role and an assignment. Leadership reads without acting. Administrators may also
/// decide a submitted month (approve or return it, <see cref="CanDecide"/>): most units have one
/// manager, and a month she changed or submitted needs someone else to approve it.
/// </summary>
public sealed record MonthPermissions(bool CanView, bool CanEdit, bool CanReview, bool CanDecide = false)
{
    public static MonthPermissions For(ClaimsPrincipal user, UnitScope scope, int unitId)
    {
        var assigned = scope.IsAssigned(unitId);
        var manager = assigned && user.IsInRole(Roles.Manager);
        return new MonthPermissions(
            CanView: scope.Contains(unitId),
            CanEdit: assigned && (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager)),
            CanReview: manager,
            CanDecide: manager || user.IsInRole(Roles.Administrator));
    }
}

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
            .Select(c => new { c.Id, c.SubmissionId, c.MetricDefinitionId, c.At, c.UserId, c.MetricDefinition!.Name, c.MetricDefinition.SortOrder })
            .ToListAsync(ct);
        var last = changes.GroupBy(c => (c.SubmissionId, c.MetricDefinitionId))
            .Select(g => g.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).First())
            .ToLookup(c => c.SubmissionId);
        return submitters.ToDictionary(s => s.Key, s => new MonthAuthors(s.Value,
            last[s.Key].OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new LastChange(c.MetricDefinitionId, c.Name, c.UserId)).ToList()));
    }
}

/// <summary>The person acting, as recorded on the trail.</summary>
public sealed record Actor(int UserId, string Name)
{
    public static Actor From(ClaimsPrincipal user, string displayNameClaim) =>
        new(int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture),
            user.FindFirstValue(displayNameClaim) ?? user.Identity?.Name ?? "unknown");
}
