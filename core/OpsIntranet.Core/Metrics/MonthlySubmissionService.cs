using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Core.Metrics;

/// <summary>One row of the monthly form: a metric, what was entered, and what it is judged against.</summary>
public sealed record MonthFormRow(
    int MetricId, string Code, string Name, string? Description, UnitOfMeasure UnitOfMeasure, MetricDirection Direction, int Decimals,
    decimal? MinValue, decimal? MaxValue, decimal? Value, string? Explanation, decimal? PreviousValue, decimal? Target, decimal Tolerance)
{
    public MetricStatus Status => StatusRules.Evaluate(Direction, Value, Target, Tolerance);
    public string TargetText => StatusWords.TargetText(Direction, Target, UnitOfMeasure, Decimals);
    public string PreviousText => MetricFormatting.Format(PreviousValue, UnitOfMeasure, Decimals);

    /// <summary>How a value as typed would be judged by a save: invalid (with the reason), or its status.</summary>
    public ValuePreview Preview(string? raw)
    {
        var parsed = MetricValueRules.Parse(new MetricDefinition
        {
            Name = Name, Code = Code, UnitOfMeasure = UnitOfMeasure, Direction = Direction, Decimals = Decimals, MinValue = MinValue, MaxValue = MaxValue,
        }, raw);
        return parsed.Error is not null
            ? new ValuePreview(null, MetricStatus.None, parsed.Error)
            : new ValuePreview(parsed.Value, StatusRules.Evaluate(Direction, parsed.Value, Target, Tolerance), null);
    }
}

public sealed record ValuePreview(decimal? Value, MetricStatus Status, string? Error);

public sealed record TrailEntry(DateTimeOffset At, string Who, string What, string? Reason);

public sealed record ValueChangeEntry(DateTimeOffset At, string Who, string Metric, string Before, string After, string Source);

/// <summary>Everything the monthly form page shows for one unit and month.</summary>
public sealed record MonthForm(
    int UnitId, string UnitName, DateOnly Month, int FiscalYear, int? SubmissionId, SubmissionStatus? Status, uint Version,
    DateOnly DueDate, bool IsLate, bool OpenForEntry, string? ReturnReason, IReadOnlyList<MonthFormRow> Rows,
    IReadOnlyList<TrailEntry> Trail, IReadOnlyList<ValueChangeEntry> Changes, MonthAuthors Authors)
{
    /// <summary>A month with the supervisor: not yet started, a draft, or returned for correction.</summary>
    public bool IsEditable => OpenForEntry && Status is null or SubmissionStatus.Draft or SubmissionStatus.Returned;

    /// <summary>Why this person may not approve the month even with the right to decide it, or null.</summary>
    public string? WhyCannotApprove(int userId) => Authors.WhyCannotApprove(userId);

    /// <summary>The steps the viewer the form was loaded for may take.</summary>
    public MonthPermissions Can { get; init; } = new(false, false, false);

    /// <summary>Why that viewer, who may decide this submitted month, cannot approve it (separation of duties), or null.</summary>
    public string? CannotApprove { get; init; }
}

/// <summary>One value as posted: the raw text (parsed here, not by model binding) and its explanation.</summary>
public sealed record ValueInput(int MetricId, string? Raw, string? Explanation);

public sealed record FieldErrors(string? Value, string? Explanation);

/// <summary>The outcome of a save or a workflow step. Nothing is stored unless it succeeded.</summary>
public sealed record MonthResult(bool Succeeded, string? Error, IReadOnlyDictionary<int, FieldErrors> FieldErrors, bool Conflict)
{
    /// <summary>The step is not open to this person or no longer applies (answered as 409), as opposed to input that needs fixing.</summary>
    public bool StepRefused { get; init; }
    public static MonthResult Refused(string reason) => Fail(reason) with { StepRefused = true };
    public static readonly MonthResult Ok = new(true, null, new Dictionary<int, FieldErrors>(), false);
    /// <summary>The unit or month is not there for this person (the page answers 404, so ids cannot be probed).</summary>
    public bool NotFound { get; init; }
    public static readonly MonthResult Missing = new(false, null, new Dictionary<int, FieldErrors>(), false) { NotFound = true };
    public static MonthResult Fail(string error) => new(false, error, new Dictionary<int, FieldErrors>(), false);
    public static MonthResult Invalid(Dictionary<int, FieldErrors> errors) =>
        new(false, errors.Count == 1 ? "One value needs attention; nothing was saved." : $"{errors.Count} values need attention; nothing was saved.", errors, false);
    public static MonthResult Stale(string who) =>
        new(false, $"{who} changed this month while you were editing it. Nothing of yours was saved: your entries are still in the form — check them against the latest values below and save again.", new Dictionary<int, FieldErrors>(), true);
}

/// <summary>
/// The monthly cycle of a unit: the form (save as draft, submit), the manager's review (approve,
/// return with a reason) and corrections of approved months (reopen with a reason). Every post is
/// validated whole and saved in one transaction or not at all; every value change and every step
/// is kept with who and when; xmin on the submission catches two people saving the same month.
/// </summary>
public class MonthlySubmissionService(AppDbContext db, TimeProvider clock, IOptions<MetricsOptions> options)
{
    public const int MaxReasonLength = 1000;

    private int DueDay => options.Value.DueDay;

    public DateOnly Today => DepartmentCalendar.Today(clock);

    /// <summary>The month's form with the steps the viewer may take; null when the unit is not there for them.</summary>
    public async Task<MonthForm?> LoadAsync(Viewer viewer, int unitId, DateOnly month, CancellationToken ct = default)
    {
        var can = viewer.ForMonth(unitId);
        if (!can.CanView) return null;
        if (await LoadAsync(unitId, month, ct) is not { } form) return null;
        // A deactivated unit's months are read, reviewed and corrected as before, but it takes no new entries.
        if (can.CanEdit && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct)) can = can with { CanEdit = false };
        return form with
        {
            Can = can,
            CannotApprove = can.CanDecide && form.Status == SubmissionStatus.Submitted ? form.WhyCannotApprove(viewer.UserId) : null,
        };
    }

    private async Task<MonthForm?> LoadAsync(int unitId, DateOnly month, CancellationToken ct)
    {
        month = DepartmentCalendar.MonthOf(month);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Id, u.Name }).SingleOrDefaultAsync(ct);
        if (unit is null) return null;
        var fy = DepartmentCalendar.FiscalYearOf(month);
        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unitId && m.IsActive)
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Name)
            .Select(m => new { Metric = m, Target = m.Targets.FirstOrDefault(t => t.FiscalYear == fy) })
            .ToListAsync(ct);
        var submission = await db.MetricSubmissions.AsNoTracking().Include(s => s.Values)
            .SingleOrDefaultAsync(s => s.UnitId == unitId && s.Month == month, ct);
        var previous = await db.MetricValues.AsNoTracking()
            .Where(v => v.Submission!.UnitId == unitId && v.Submission.Month == month.AddMonths(-1))
            .ToDictionaryAsync(v => v.MetricDefinitionId, v => v.Value, ct);

        var rows = metrics.Select(x =>
        {
            var v = submission?.Values.FirstOrDefault(v => v.MetricDefinitionId == x.Metric.Id);
            return new MonthFormRow(x.Metric.Id, x.Metric.Code, x.Metric.Name, x.Metric.Description, x.Metric.UnitOfMeasure, x.Metric.Direction,
                x.Metric.Decimals, x.Metric.MinValue, x.Metric.MaxValue, v?.Value, v?.Explanation, previous.GetValueOrDefault(x.Metric.Id),
                x.Target?.Target, x.Target?.Tolerance ?? 0);
        }).ToList();

        var trail = submission is null ? [] : await db.SubmissionEvents.AsNoTracking().Where(e => e.SubmissionId == submission.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new TrailEntry(e.At, e.UserName ?? "system", e.Action.ToString(), e.Reason)).ToListAsync(ct);
        var changes = submission is null ? [] : await ChangesAsync(unitId, submission.Id, ct);

        var authors = submission is null ? MonthAuthors.None : (await MonthAuthors.LoadAsync(db, [submission.Id], ct))[submission.Id];
        var firstSubmitted = submission is null ? null
            : (await MonthlyDeadlines.FirstSubmittedAsync(db, [submission.Id], ct)).TryGetValue(submission.Id, out var first) ? first : submission.SubmittedAt;
        var today = Today;
        return new MonthForm(unit.Id, unit.Name, month, fy, submission?.Id, submission?.Status, submission?.Version ?? 0,
            MonthlyDeadlines.DueDate(month, DueDay), MonthlyDeadlines.IsLate(submission?.Status, month, today, DueDay, firstSubmitted),
            MonthlyDeadlines.IsOpenForEntry(month, today), submission?.ReturnReason, rows, trail, changes, authors);
    }

    /// <summary>
    /// A month's value changes, newest first: the trail's rows (the form, corrections, values an import replaced) and the
    /// values each import set where the month held none, which its record keeps as one row per import and month.
    /// </summary>
    private async Task<List<ValueChangeEntry>> ChangesAsync(int unitId, int submissionId, CancellationToken ct)
    {
        var trail = await db.MetricValueChanges.AsNoTracking().Where(c => c.SubmissionId == submissionId)
            .Select(c => new { c.Id, c.At, c.UserName, c.MetricDefinitionId, c.OldValue, c.NewValue, c.Source })
            .ToListAsync(ct);
        var imports = await db.MetricValueImports.AsNoTracking().Where(i => i.SubmissionId == submissionId).ToListAsync(ct);
        // Deactivated metrics too: their past changes stay on the month's history.
        var metrics = await db.MetricDefinitions.AsNoTracking().Where(m => m.UnitId == unitId)
            .Select(m => new { m.Id, m.Name, m.UnitOfMeasure, m.Decimals }).ToDictionaryAsync(m => m.Id, ct);
        ValueChangeEntry Entry(DateTimeOffset at, string? who, int metricId, decimal? before, decimal? after, string source)
        {
            var m = metrics[metricId];
            return new ValueChangeEntry(at, who ?? "system", m.Name, MetricFormatting.Format(before, m.UnitOfMeasure, m.Decimals),
                MetricFormatting.Format(after, m.UnitOfMeasure, m.Decimals), source);
        }
        // Newest first; at one instant, the trail's rows newest first, and an import's values in the file's order.
        return trail.Select(c => (c.At, Order: c.Id, Entry: Entry(c.At, c.UserName, c.MetricDefinitionId, c.OldValue, c.NewValue, c.Source)))
            .Concat(imports.SelectMany(i => i.MetricIds.Select((metricId, k) =>
                (i.At, Order: -(long)k, Entry: Entry(i.At, i.UserName, metricId, null, i.NewValues[k], $"import of {i.FileName}")))))
            .OrderByDescending(x => x.At).ThenByDescending(x => x.Order)
            .Select(x => x.Entry).ToList();
    }

    /// <summary>Saves the form as a draft, or submits it. Validated whole first: one bad value and nothing is stored.</summary>
    public async Task<MonthResult> SaveAsync(Viewer viewer, int unitId, DateOnly month, uint? expectedVersion, IReadOnlyList<ValueInput> inputs, bool submit, CancellationToken ct = default)
    {
        if (!viewer.ForMonth(unitId).CanEdit) return MonthResult.Missing;
        if (!await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct))
            return MonthResult.Fail("This unit is deactivated and takes no new data; its history stays as it is.");
        var actor = viewer.Actor;
        month = DepartmentCalendar.MonthOf(month);
        if (!MonthlyDeadlines.IsOpenForEntry(month, Today))
            return MonthResult.Fail($"{DepartmentCalendar.MonthName(month)} has not ended yet; a month can be entered once it is over.");

        var fy = DepartmentCalendar.FiscalYearOf(month);
        var metrics = await db.MetricDefinitions.AsNoTracking().Include(m => m.Targets)
            .Where(m => m.UnitId == unitId && m.IsActive).ToDictionaryAsync(m => m.Id, ct);
        if (inputs.Any(i => !metrics.ContainsKey(i.MetricId)) || inputs.GroupBy(i => i.MetricId).Any(g => g.Count() > 1))
            return MonthResult.Fail("The form does not match this unit's current metrics (they may have just been changed). Reload the page and enter the values again.");

        var (parsed, errors) = Validate(metrics, inputs, fy, submit);
        if (errors.Count > 0) return MonthResult.Invalid(errors);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var submission = await db.MetricSubmissions.Include(s => s.Values).SingleOrDefaultAsync(s => s.UnitId == unitId && s.Month == month, ct);
            if (submission is null)
            {
                if (expectedVersion is > 0) return MonthResult.Stale("Someone");
                submission = new MetricSubmission { UnitId = unitId, Month = month, Status = SubmissionStatus.Draft, CreatedAt = now };
                db.MetricSubmissions.Add(submission);
                submission.Events.Add(Event(SubmissionAction.Created, actor, now));
            }
            else
            {
                if (expectedVersion != submission.Version) return MonthResult.Stale(await LastActorAsync(submission.Id, ct));
                if (submission.Status is SubmissionStatus.Submitted or SubmissionStatus.Approved)
                    return MonthResult.Fail(submission.Status == SubmissionStatus.Approved
                        ? "This month is approved and locked. A manager can reopen it for a correction."
                        : "This month has been submitted and is waiting for approval; it can be changed again only if the manager returns it.");
            }

            var wasApproved = submission.Id != 0 && await db.SubmissionEvents.AnyAsync(e => e.SubmissionId == submission.Id && e.Action == SubmissionAction.Approved, ct);
            RecordValues(submission, parsed, actor, now, wasApproved ? "correction" : "form");
            submission.UpdatedAt = now;
            submission.Revision++; // always changes the row, so its xmin moves with every save
            if (submit)
            {
                submission.Status = SubmissionStatus.Submitted;
                submission.SubmittedAt = now;
                submission.SubmittedByUserId = actor.UserId;
                submission.ReturnReason = null;
            }
            submission.Events.Add(Event(submit ? SubmissionAction.Submitted : SubmissionAction.Saved, actor, now));
            return await CommitAsync(tx, submission, ct);
        });
    }

    public Task<MonthResult> ApproveAsync(Viewer viewer, int unitId, DateOnly month, uint expectedVersion, CancellationToken ct = default) =>
        viewer.ForMonth(unitId).CanDecide ? TransitionAsync(unitId, month, expectedVersion, viewer.Actor, SubmissionAction.Approved, null, ct) : Task.FromResult(MonthResult.Missing);

    public Task<MonthResult> ReturnAsync(Viewer viewer, int unitId, DateOnly month, uint expectedVersion, string? reason, CancellationToken ct = default) =>
        viewer.ForMonth(unitId).CanDecide ? TransitionAsync(unitId, month, expectedVersion, viewer.Actor, SubmissionAction.Returned, reason, ct) : Task.FromResult(MonthResult.Missing);

    /// <summary>Reopens an approved month for a correction: back to the supervisor with the reason, values kept.</summary>
    public Task<MonthResult> ReopenAsync(Viewer viewer, int unitId, DateOnly month, uint expectedVersion, string? reason, CancellationToken ct = default) =>
        viewer.ForMonth(unitId).CanReview ? TransitionAsync(unitId, month, expectedVersion, viewer.Actor, SubmissionAction.Reopened, reason, ct) : Task.FromResult(MonthResult.Missing);

    private async Task<MonthResult> TransitionAsync(
        int unitId, DateOnly month, uint expectedVersion, Actor actor, SubmissionAction action, string? reason, CancellationToken ct)
    {
        var text = reason?.Trim() ?? "";
        if (action != SubmissionAction.Approved)
        {
            if (text.Length == 0)
                return MonthResult.Fail(action == SubmissionAction.Returned
                    ? "Say why the month is returned, so the supervisor knows what to fix."
                    : "Say why the month is reopened; the reason stays on its record.");
            if (text.Length > MaxReasonLength) return MonthResult.Fail($"Keep the reason under {MaxReasonLength:N0} characters.");
            if (Common.TextRules.Unstorable(text) is { } unstorable) return MonthResult.Fail("The reason: " + char.ToLowerInvariant(unstorable[0]) + unstorable[1..]);
        }

        month = DepartmentCalendar.MonthOf(month);
        db.ChangeTracker.Clear();
        var submission = await db.MetricSubmissions.SingleOrDefaultAsync(s => s.UnitId == unitId && s.Month == month, ct);
        if (submission is null) return MonthResult.Fail("Nothing has been submitted for this month.");
        if (expectedVersion != submission.Version) return MonthResult.Stale(await LastActorAsync(submission.Id, ct));
        var required = action == SubmissionAction.Reopened ? SubmissionStatus.Approved : SubmissionStatus.Submitted;
        if (submission.Status != required)
            return MonthResult.Fail(action == SubmissionAction.Reopened
                ? $"Only an approved month can be reopened; this one is {Describe(submission.Status)}."
                : $"Only a submitted month can be approved or returned; this one is {Describe(submission.Status)}.");
        if (action == SubmissionAction.Approved
            && (await MonthAuthors.LoadAsync(db, [submission.Id], ct))[submission.Id].WhyCannotApprove(actor.UserId) is { } notYours)
            return MonthResult.Refused(notYours);

        var now = clock.GetUtcNow();
        switch (action)
        {
            case SubmissionAction.Approved:
                submission.Status = SubmissionStatus.Approved;
                submission.ApprovedAt = now;
                submission.ApprovedByUserId = actor.UserId;
                break;
            case SubmissionAction.Returned:
                submission.Status = SubmissionStatus.Returned;
                submission.ReturnReason = text;
                break;
            default:
                submission.Status = SubmissionStatus.Returned;
                submission.ReturnReason = "Reopened for correction: " + text;
                submission.ApprovedAt = null;
                submission.ApprovedByUserId = null;
                break;
        }
        submission.UpdatedAt = now;
        submission.Revision++;
        submission.Events.Add(Event(action, actor, now, text.Length > 0 ? text : null));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        return await CommitAsync(tx, submission, ct);
    }

    private async Task<MonthResult> CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, MetricSubmission submission, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return MonthResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return MonthResult.Stale(submission.Id == 0 ? "Someone" : await LastActorAsync(submission.Id, ct));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two people started the same month at the same moment; the other one won.
            await tx.RollbackAsync(CancellationToken.None);
            return MonthResult.Stale("Someone");
        }
    }

    private async Task<string> LastActorAsync(int submissionId, CancellationToken ct) =>
        await db.SubmissionEvents.AsNoTracking().Where(e => e.SubmissionId == submissionId).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => e.UserName).FirstOrDefaultAsync(ct) ?? "Someone";

    internal static (Dictionary<int, (decimal? Value, string? Explanation)> Parsed, Dictionary<int, FieldErrors> Errors) Validate(
        IReadOnlyDictionary<int, MetricDefinition> metrics, IReadOnlyList<ValueInput> inputs, int fiscalYear, bool submit)
    {
        var parsed = new Dictionary<int, (decimal?, string?)>();
        var errors = new Dictionary<int, FieldErrors>();
        var byId = inputs.ToDictionary(i => i.MetricId);
        foreach (var metric in metrics.Values)
        {
            byId.TryGetValue(metric.Id, out var input);
            var result = MetricValueRules.Parse(metric, input?.Raw);
            var explanation = string.IsNullOrWhiteSpace(input?.Explanation) ? null : input!.Explanation!.Trim();
            string? valueError = result.Error, explanationError = null;
            if (valueError is null && submit && result.Value is null) valueError = "Enter a value: every metric is needed to submit the month.";
            if (explanation is { Length: > MetricValueRules.MaxExplanationLength }) explanationError = $"Keep the explanation under {MetricValueRules.MaxExplanationLength:N0} characters.";
            else if (Common.TextRules.Unstorable(explanation) is { } unstorable) explanationError = unstorable;
            else if (valueError is null && submit && explanation is null
                     && StatusRules.Evaluate(metric, metric.TargetFor(fiscalYear), result.Value) == MetricStatus.Red)
                explanationError = "This value is off target: explain what happened before submitting.";
            if (valueError is not null || explanationError is not null) errors[metric.Id] = new FieldErrors(valueError, explanationError);
            else parsed[metric.Id] = (result.Value, explanation);
        }
        return (parsed, errors);
    }

    private static void RecordValues(MetricSubmission submission, Dictionary<int, (decimal? Value, string? Explanation)> parsed, Actor actor, DateTimeOffset now, string source)
    {
        foreach (var (metricId, (value, explanation)) in parsed)
        {
            var row = submission.Values.FirstOrDefault(v => v.MetricDefinitionId == metricId);
            if (row is null)
            {
                if (value is null && explanation is null) continue;
                row = new MetricValue { MetricDefinitionId = metricId };
                submission.Values.Add(row);
            }
            else if (row.Value == value && row.Explanation == explanation) continue;

            submission.ValueChanges.Add(new MetricValueChange
            {
                MetricDefinitionId = metricId, At = now, UserId = actor.UserId, UserName = actor.Name, Source = source,
                OldValue = row.Id == 0 ? null : row.Value, NewValue = value,
                OldExplanation = row.Id == 0 ? null : row.Explanation, NewExplanation = explanation,
            });
            row.Value = value;
            row.Explanation = explanation;
        }
    }

    private static SubmissionEvent Event(SubmissionAction action, Actor actor, DateTimeOffset at, string? reason = null) =>
        new() { Action = action, At = at, UserId = actor.UserId, UserName = actor.Name, Reason = reason };

    public static string Describe(SubmissionStatus? status) => status switch
    {
        SubmissionStatus.Draft => "a draft",
        SubmissionStatus.Submitted => "waiting for approval",
        SubmissionStatus.Returned => "returned to the supervisor",
        SubmissionStatus.Approved => "approved",
        _ => "not started",
    };
}
