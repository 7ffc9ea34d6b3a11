using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Evaluations;

public sealed record CompetencyInput(int? Id, string? Name, string? Description, string? Weight, bool IsActive);

/// <summary>
/// The competency catalog. It is saved as a whole, because the weights only make sense together:
/// the active competencies must weigh exactly 100. Evaluations copy the catalog when they are
/// created, so an edit here never changes an evaluation already under way.
/// </summary>
public class CompetencyService(AppDbContext db, AuditLog audit)
{
    public const int MaxName = 120;
    public const int MaxDescription = 500;

    public Task<Outcome> SaveAllAsync(Viewer viewer, IReadOnlyList<CompetencyInput> rows, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.Competencies, () => DoSaveAllAsync(viewer, rows, ct), ct);

    private async Task<Outcome> DoSaveAllAsync(Viewer viewer, IReadOnlyList<CompetencyInput> rows, CancellationToken ct)
    {
        if (!viewer.IsAdministrator) return Outcome.NotFound;
        var existing = await db.Competencies.ToDictionaryAsync(c => c.Id, ct);
        // The weights only add up as a whole: a form that does not carry every competency is out of date.
        var posted = rows.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToHashSet();
        if (!existing.Keys.All(posted.Contains)) return Outcome.Conflict("Someone changed the competencies while you had them open; nothing was saved. Reload to see their changes.");
        var errors = new Dictionary<string, string>();
        var parsed = new List<(CompetencyInput Row, string? Name, string? Description, int Weight)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            // A blank new line at the end of the form is not a competency.
            if (row.Id is null && string.IsNullOrWhiteSpace(row.Name) && string.IsNullOrWhiteSpace(row.Description) && string.IsNullOrWhiteSpace(row.Weight)) continue;
            if (row.Id is { } id && !existing.ContainsKey(id)) return Outcome.Conflict("The list changed while you had it open; reload it.");
            var name = TextRules.Required(errors, $"Name-{i}", row.Name, MaxName, "Name the competency.");
            var description = TextRules.Required(errors, $"Description-{i}", row.Description, MaxDescription, "Describe what is rated.");
            var weight = 0;
            if (!int.TryParse(row.Weight?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out weight) || weight > 100)
                errors[$"Weight-{i}"] = "The weight is a whole number from 0 to 100.";
            parsed.Add((row, name, description, weight));
        }
        var names = parsed.Where(p => p.Row.IsActive && p.Name is not null).GroupBy(p => p.Name!, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (names is not null) errors["Weights"] = $"“{names.Key}” appears twice.";
        var active = parsed.Where(p => p.Row.IsActive).ToList();
        if (active.Count == 0) errors["Weights"] = "Keep at least one competency active.";
        else if (!errors.Keys.Any(k => k.StartsWith("Weight-", StringComparison.Ordinal)) && active.Sum(p => p.Weight) != 100)
            errors["Weights"] = $"The active competencies' weights add up to {active.Sum(p => p.Weight)}; they must add up to exactly 100.";
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var order = 0;
        foreach (var (row, name, description, weight) in parsed)
        {
            var c = row.Id is { } id ? existing[id] : db.Competencies.Add(new Competency { Name = name!, Description = description! }).Entity;
            c.Name = name!;
            c.Description = description!;
            c.Weight = weight;
            c.IsActive = row.IsActive;
            c.SortOrder = ++order;
        }
        audit.Add(viewer, AuditAction.Changed, AuditRecords.Competencies, 0, null,
            string.Join("; ", active.Select(p => $"{p.Name} {p.Weight}")));
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(0);
    }
}
