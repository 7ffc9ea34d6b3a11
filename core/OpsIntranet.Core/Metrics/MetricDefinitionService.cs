using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

public sealed record TargetInput(int FiscalYear, string? Target, string? Tolerance);

public sealed record MetricInput(
    string? Name, string? Code, string? Description, UnitOfMeasure UnitOfMeasure, MetricDirection Direction, int? Decimals,
    string? MinValue, string? MaxValue, bool IsKey, IReadOnlyList<TargetInput> Targets);

/// <summary>A unit's metric definitions in order, their targets for the current fiscal year, and which have data (those cannot be deleted).</summary>
public sealed record MetricList(int UnitId, string UnitName, int FiscalYear, IReadOnlyList<MetricDefinition> Metrics, IReadOnlySet<int> WithData);

/// <summary>The metric form: the unit, the fiscal years whose targets it sets, and the definition being edited (null for a new one).</summary>
public sealed record MetricEditing(int UnitId, string UnitName, IReadOnlyList<int> Years, MetricDefinition? Metric);

/// <summary>
/// Metric definitions: created, edited, reordered and retired by administrators (any unit) and
/// managers (their units). A definition that has data is never deleted, only deactivated, so past
/// months keep their meaning. Every read and command takes the viewer (<see cref="Viewer.CanManageMetrics"/>):
/// a unit or metric they may not manage is not there (null or <see cref="Outcome.NotFound"/>, answered as 404).
/// </summary>
public partial class MetricDefinitionService(AppDbContext db, TimeProvider clock)
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex CodePattern();

    /// <summary>The unit's definitions, for those who manage them; null for anyone else or a missing unit.</summary>
    public async Task<MetricList?> ListAsync(Viewer viewer, int unitId, CancellationToken ct = default)
    {
        if (await ManagedUnitNameAsync(viewer, unitId, ct) is not { } name) return null;
        var metrics = await db.MetricDefinitions.AsNoTracking().Include(m => m.Targets).Where(m => m.UnitId == unitId).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).ToListAsync(ct);
        var withData = await db.MetricValues.Where(v => v.MetricDefinition!.UnitId == unitId).Select(v => v.MetricDefinitionId).Distinct().ToListAsync(ct);
        return new MetricList(unitId, name, DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock)), metrics, withData.ToHashSet());
    }

    /// <summary>The form for a new metric of the unit, or for one of its metrics (the targets of last, this and next fiscal year); null when not there for the viewer.</summary>
    public async Task<MetricEditing?> EditingAsync(Viewer viewer, int unitId, int? metricId, CancellationToken ct = default)
    {
        if (await ManagedUnitNameAsync(viewer, unitId, ct) is not { } name) return null;
        var fy = DepartmentCalendar.FiscalYearOf(DepartmentCalendar.Today(clock));
        MetricDefinition? metric = null;
        if (metricId is { } id)
        {
            metric = await db.MetricDefinitions.AsNoTracking().Include(x => x.Targets).SingleOrDefaultAsync(x => x.Id == id && x.UnitId == unitId, ct);
            if (metric is null) return null;
        }
        return new MetricEditing(unitId, name, [fy - 1, fy, fy + 1], metric);
    }

    private async Task<string?> ManagedUnitNameAsync(Viewer viewer, int unitId, CancellationToken ct) =>
        viewer.Contains(unitId) && viewer.CanManageMetrics(unitId)
            ? await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync(ct)
            : null;

    private async Task<bool> ManagesAsync(Viewer viewer, int unitId, CancellationToken ct) => await ManagedUnitNameAsync(viewer, unitId, ct) is not null;

    /// <summary>Creates or edits a definition; null when the unit (or the metric) is not there for the viewer.</summary>
    public async Task<(bool Ok, int? Id, Dictionary<string, string> Errors, string? Error)?> SaveAsync(Viewer viewer, int unitId, int? metricId, uint? version, MetricInput input, CancellationToken ct = default)
    {
        if (!await ManagesAsync(viewer, unitId, ct)) return null;
        if (metricId is { } existing && !await db.MetricDefinitions.AnyAsync(m => m.Id == existing && m.UnitId == unitId, ct)) return null;
        return metricId is not null ? await DoSaveAsync(unitId, metricId, version, input, ct)
            : await db.OnceAsync(FormKinds.Metric, () => DoSaveAsync(unitId, null, null, input, ct), r => r.Ok ? r.Id : null, id => (true, id, [], null),
                () => (false, null, [], "This form was already used for something else; reload the page and fill it in again."), ct);
    }

    private async Task<(bool Ok, int? Id, Dictionary<string, string> Errors, string? Error)> DoSaveAsync(int unitId, int? metricId, uint? version, MetricInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        var code = input.Code?.Trim().ToLowerInvariant() ?? "";
        if (name.Length == 0) errors["Name"] = "Give the metric a name.";
        else if (name.Length > 160) errors["Name"] = "Keep the name under 160 characters.";
        else if (TextRules.Unstorable(name) is { } unstorableName) errors["Name"] = unstorableName;
        if (!CodePattern().IsMatch(code)) errors["Code"] = "The code is lower-case letters, digits and underscores, starting with a letter (e.g. service_level).";
        else if (await db.MetricDefinitions.AnyAsync(m => m.UnitId == unitId && m.Code == code && m.Id != (metricId ?? 0), ct))
            errors["Code"] = "Another metric of this unit already uses that code.";
        if ((input.Description?.Length ?? 0) > 1000) errors["Description"] = "Keep the description under 1,000 characters.";
        else if (TextRules.Unstorable(input.Description) is { } unstorableDescription) errors["Description"] = unstorableDescription;
        if (!Enum.IsDefined(input.UnitOfMeasure)) errors["UnitOfMeasure"] = "Choose a unit of measure.";
        if (!Enum.IsDefined(input.Direction)) errors["Direction"] = "Choose a direction.";
        if (input.Decimals is null or < 0 or > 4) errors["Decimals"] = "Decimals is a whole number from 0 to 4.";
        if (input.UnitOfMeasure == UnitOfMeasure.Count && input.Decimals is > 0) errors["Decimals"] = "A count has no decimals.";

        // Range and targets are checked with the definition as it will be, so they obey its decimals and unit.
        var probe = new MetricDefinition { Name = name, Code = code, UnitOfMeasure = input.UnitOfMeasure, Decimals = input.Decimals ?? 4, Direction = input.Direction };
        decimal? min = ParseInto(probe, input.MinValue, "MinValue", errors), max = ParseInto(probe, input.MaxValue, "MaxValue", errors);
        if (min is not null && max is not null && min > max) errors["MaxValue"] = "The highest allowed value is below the lowest.";
        probe.MinValue = min;
        probe.MaxValue = max;

        var targets = new List<(int FiscalYear, decimal Target, decimal Tolerance)>();
        foreach (var t in input.Targets)
        {
            var key = $"Target{t.FiscalYear}";
            if (string.IsNullOrWhiteSpace(t.Target) && string.IsNullOrWhiteSpace(t.Tolerance)) continue;
            if (input.Direction == MetricDirection.Informational) { errors[key] = "An informational metric has no target."; continue; }
            var target = MetricValueRules.Parse(probe, t.Target);
            var tolerance = MetricValueRules.Parse(probe, string.IsNullOrWhiteSpace(t.Tolerance) ? "0" : t.Tolerance);
            if (target.Value is null && target.Error is null) errors[key] = "Give the target, or leave both fields empty.";
            else if (target.Error is not null) errors[key] = "Target: " + target.Error;
            else if (tolerance.Error is not null || tolerance.Value < 0) errors[key] = "Tolerance: " + (tolerance.Error ?? "it cannot be negative.");
            else targets.Add((t.FiscalYear, target.Value!.Value, tolerance.Value ?? 0));
        }
        if (errors.Count > 0) return (false, null, errors, "Some fields need attention; nothing was saved.");

        MetricDefinition metric;
        if (metricId is null)
        {
            var order = await db.MetricDefinitions.Where(m => m.UnitId == unitId).MaxAsync(m => (int?)m.SortOrder, ct) ?? 0;
            metric = new MetricDefinition { UnitId = unitId, Name = name, Code = code, SortOrder = order + 1 };
            db.MetricDefinitions.Add(metric);
        }
        else
        {
            metric = await db.MetricDefinitions.Include(m => m.Targets).SingleAsync(m => m.Id == metricId && m.UnitId == unitId, ct);
            if (version != metric.Version) return (false, null, errors, "Someone changed this metric while you were editing it. Nothing was saved; reload to see their changes.");
            // Changing the meaning of a metric with history would silently rewrite past scorecards.
            if (metric.UnitOfMeasure != input.UnitOfMeasure && await db.MetricValues.AnyAsync(v => v.MetricDefinitionId == metric.Id && v.Value != null, ct))
                return (false, null, new Dictionary<string, string> { ["UnitOfMeasure"] = "This metric has data: its unit of measure cannot change. Create a new metric and deactivate this one." }, "Some fields need attention; nothing was saved.");
        }
        metric.Name = name;
        metric.Code = code;
        metric.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        metric.UnitOfMeasure = input.UnitOfMeasure;
        metric.Direction = input.Direction;
        metric.Decimals = input.Decimals!.Value;
        metric.MinValue = min;
        metric.MaxValue = max;
        metric.IsKey = input.IsKey;
        foreach (var t in input.Targets)
        {
            var existing = metric.Targets.FirstOrDefault(x => x.FiscalYear == t.FiscalYear);
            var wanted = targets.FirstOrDefault(x => x.FiscalYear == t.FiscalYear);
            if (wanted == default) { if (existing is not null) metric.Targets.Remove(existing); continue; }
            if (existing is null) metric.Targets.Add(new MetricTarget { FiscalYear = t.FiscalYear, Target = wanted.Target, Tolerance = wanted.Tolerance });
            else { existing.Target = wanted.Target; existing.Tolerance = wanted.Tolerance; }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (false, null, [], "Someone changed this metric while you were editing it. Nothing was saved; reload to see their changes.");
        }
        return (true, metric.Id, errors, null);
    }

    // The metric id comes from the form: a metric of another unit is not there (404), whatever the route's unit allows.

    /// <summary>Moves a metric one place up or down among its unit's metrics.</summary>
    public async Task<Outcome> MoveAsync(Viewer viewer, int unitId, int metricId, int delta, CancellationToken ct = default)
    {
        if (!await ManagesAsync(viewer, unitId, ct)) return Outcome.NotFound;
        var metrics = await db.MetricDefinitions.Where(m => m.UnitId == unitId).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).ToListAsync(ct);
        var index = metrics.FindIndex(m => m.Id == metricId);
        if (index < 0) return Outcome.NotFound;
        var other = index + Math.Sign(delta);
        if (other < 0 || other >= metrics.Count) return Outcome.Ok(metricId);
        (metrics[index], metrics[other]) = (metrics[other], metrics[index]);
        for (var i = 0; i < metrics.Count; i++) metrics[i].SortOrder = i + 1;
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(metricId);
    }

    public async Task<Outcome> SetActiveAsync(Viewer viewer, int unitId, int metricId, bool active, CancellationToken ct = default) =>
        !await ManagesAsync(viewer, unitId, ct) ? Outcome.NotFound
        : await db.MetricDefinitions.Where(m => m.Id == metricId && m.UnitId == unitId).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, active), ct) == 0
            ? Outcome.NotFound : Outcome.Ok(metricId);

    /// <summary>Deletes a metric that has never had a value; one with data can only be deactivated.</summary>
    public async Task<Outcome> DeleteAsync(Viewer viewer, int unitId, int metricId, CancellationToken ct = default)
    {
        if (!await ManagesAsync(viewer, unitId, ct)) return Outcome.NotFound;
        if (!await db.MetricDefinitions.AnyAsync(m => m.Id == metricId && m.UnitId == unitId, ct)) return Outcome.NotFound;
        if (await db.MetricValues.AnyAsync(v => v.MetricDefinitionId == metricId, ct) || await db.UnitGoals.AnyAsync(g => g.MetricDefinitionId == metricId, ct))
            return Outcome.Conflict("This metric has data (or a goal uses it), so it cannot be deleted. Deactivate it instead: its history stays.");
        await db.MetricDefinitions.Where(m => m.Id == metricId && m.UnitId == unitId).ExecuteDeleteAsync(ct);
        return Outcome.Ok(metricId);
    }

    private static decimal? ParseInto(MetricDefinition probe, string? raw, string key, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var parsed = MetricValueRules.Parse(new MetricDefinition { Name = probe.Name, Code = probe.Code, UnitOfMeasure = probe.UnitOfMeasure, Decimals = probe.Decimals }, raw);
        if (parsed.Error is not null) errors[key] = parsed.Error;
        return parsed.Value;
    }
}
