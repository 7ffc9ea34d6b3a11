using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Core.Evaluations;

public sealed record CycleInput(string? Name, CycleKind Kind, DateOnly? PeriodStart, DateOnly? PeriodEnd, DateOnly? DueDate, IReadOnlyList<int> EmployeeIds, int? ReviewerUserId);

/// <summary>What the new-cycle form offers before anyone types.</summary>
public sealed record CycleDefaults(string Name, CycleKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate);

public sealed record RatingInput(int RatingId, string? Rating, string? Comment);

public sealed record EvaluationInput(IReadOnlyList<RatingInput> Ratings, string? Strengths, string? AreasToImprove, string? DevelopmentPlan);

/// <summary>Where an evaluation stands in its cycle: whose move it is, and whether that move is late.</summary>
public sealed record ProgressRow(int EvaluationId, int EmployeeId, string Employee, string? Unit, EvaluationStatus Status, string Evaluator, string Reviewer,
    string? WaitingOn, string? Step, int DaysLate, decimal? Score);

public sealed record WaitingItem(string What, string Who, string Url, DateOnly? Due, bool Late);

/// <summary>The steps the viewer may take on the evaluations page.</summary>
public sealed record EvaluationListSteps(bool CanStartCycle);

public sealed record OwnEvaluation(int Id, string Cycle, EvaluationStatus Status, DateOnly PeriodEnd);

public sealed record CycleRow(int Id, string Name, CycleKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate, int Total, int Draft, int Submitted, int Approved, int Done);

/// <summary>Evaluations from where the person stands: what waits for them, their own approved evaluations, the cycles they run or review in.</summary>
public sealed record EvaluationList(IReadOnlyList<WaitingItem> Waiting, IReadOnlyList<OwnEvaluation> Own, IReadOnlyList<CycleRow> Cycles, EvaluationListSteps Steps);

/// <summary>
/// Which evaluations of a cycle's list to show: a unit, a status (a status's name or "late"), a name (the employee's,
/// evaluator's or reviewer's), and the page. Values that name nothing are not an error: the list says so and shows all.
/// </summary>
public sealed record CycleFilter(int? UnitId = null, string? Status = null, string? Search = null, int Page = 1, int PageSize = CycleFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 100;
    public const string Late = "late";
}

/// <summary>
/// A cycle with the progress of the evaluations in it that the viewer may read (never their own): counts of all of
/// them (the tiles), the units they are in (the filter), and one page of those the filter matches (the rows, the only
/// ones read and audited as viewed). Page is the requested page clamped to the pages there are.
/// </summary>
public sealed record CycleProgress(EvaluationCycle Cycle, int Readable, IReadOnlyDictionary<EvaluationStatus, int> ByStatus, int Late,
    IReadOnlyList<(int Id, string Name)> Units, CycleFilter Filter, IReadOnlyList<int> MatchingIds, IReadOnlyList<ProgressRow> Rows, int Page, IReadOnlyList<string> Warnings)
{
    public int Matching => MatchingIds.Count;
    public int Pages => Math.Max(1, (Matching + Filter.PageSize - 1) / Filter.PageSize);
    public int First => Matching == 0 ? 0 : (Page - 1) * Filter.PageSize + 1;
    public int Last => Math.Min(Matching, Page * Filter.PageSize);
    public bool IsFiltered => Filter.UnitId is not null || Filter.Status is not null || Filter.Search is not null;
}

public sealed record CycleCandidate(int Id, string Name, string Position, string? Unit);

/// <summary>Whom a new cycle may evaluate (the people the viewer keeps) and who may review it.</summary>
public sealed record CycleChoices(IReadOnlyList<CycleCandidate> People, IReadOnlyList<(int UserId, string Name)> Reviewers);

/// <summary>
/// Evaluation cycles and the evaluation workflow: draft → submitted → approved by the reviewer →
/// acknowledged by the employee → closed. After approval only a recorded reopening changes anything,
/// and the approved version stays in the history as a snapshot.
/// </summary>
public class EvaluationService(AppDbContext db, AuditLog audit, EvidenceService evidence, TimeProvider clock, IOptions<PeopleOptions> options,
    IPacketJobs? packetJobs = null)
{
    public const int MaxCycleName = 120;
    public const int MaxComment = 2000;
    public const int MaxText = 4000;
    public const int MaxNote = 2000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string StatusLabel(EvaluationStatus s) => s switch
    {
        EvaluationStatus.Submitted => "Submitted for review",
        _ => s.ToString(),
    };

    /// <summary>
    /// The people who can be asked to review the evaluations the viewer starts: leadership and administrators,
    /// the managers above the viewer in the reporting line, and the viewer (a manager reviews what the
    /// supervisors below write; their own evaluations are refused at the save). Reviewing grants reading the evaluation, so
    /// a manager of other units is not offered (nor accepted from a forged form).
    /// </summary>
    public async Task<List<(int UserId, string Name)>> ReviewerCandidatesAsync(Viewer viewer, CancellationToken ct = default)
    {
        var above = new HashSet<int>();
        for (var id = viewer.EmployeeId; id is { } current && above.Count < 20;)
        {
            id = await db.Employees.AsNoTracking().Where(e => e.Id == current).Select(e => e.ReportsToId).SingleOrDefaultAsync(ct);
            if (id is { } boss && !above.Add(boss)) break;
        }
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where (r.Name == Roles.Leadership || r.Name == Roles.Administrator || r.Name == Roles.Manager && u.EmployeeId != null && above.Contains(u.EmployeeId.Value))
                                && (u.Employee == null || u.Employee.IsActive)
                             || u.Id == viewer.UserId && (viewer.IsManager || viewer.IsAdministrator)
                          select new { u.Id, u.DisplayName }).Distinct().OrderBy(u => u.DisplayName).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.DisplayName)).ToList();
    }

    /// <summary>
    /// The annual cycle to offer on a given day: the fiscal year that last ended, due 60 days after it
    /// and at least 30 days from today, while that is within the six months a cycle may be due after
    /// its period; later than that, the current fiscal year. Never due in the past.
    /// </summary>
    public static CycleDefaults DefaultCycle(DateOnly today)
    {
        var fy = DepartmentCalendar.FiscalYearOf(today) - 1;
        var end = DepartmentCalendar.FiscalYearEnd(fy);
        var due = end.AddDays(60) > today.AddDays(30) ? end.AddDays(60) : today.AddDays(30);
        if (due > end.AddMonths(6))
        {
            fy++;
            end = DepartmentCalendar.FiscalYearEnd(fy);
            due = end.AddDays(60);
        }
        return new CycleDefaults($"FY{fy} annual evaluations", CycleKind.Annual, DepartmentCalendar.FiscalYearStart(fy), end, due);
    }

    public CycleDefaults DefaultCycle() => DefaultCycle(DepartmentCalendar.Today(clock));

    /// <summary>
    /// Of the given people, those who already have an evaluation of this kind whose cycle's period overlaps
    /// the given one, with that cycle's name: one evaluation per person, kind and period.
    /// </summary>
    public async Task<Dictionary<int, string>> AlreadyEvaluatedAsync(IReadOnlyCollection<int> employeeIds, CycleKind kind, DateOnly periodStart, DateOnly periodEnd, CancellationToken ct = default)
    {
        var rows = await db.Evaluations.AsNoTracking()
            .Where(e => employeeIds.Contains(e.EmployeeId) && e.Cycle!.Kind == kind && e.Cycle.PeriodStart <= periodEnd && periodStart <= e.Cycle.PeriodEnd)
            .OrderBy(e => e.Cycle!.PeriodStart).Select(e => new { e.EmployeeId, e.Cycle!.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.EmployeeId).ToDictionary(g => g.Key, g => g.First().Name);
    }

    private static string AlreadyEvaluatedMessage(CycleKind kind, List<Employee> people, Dictionary<int, string> existing)
    {
        var names = people.Where(p => existing.ContainsKey(p.Id)).OrderBy(p => p.LastName).Select(p => $"{p.FullName} (in “{existing[p.Id]}”)").ToList();
        var what = $"{(kind == CycleKind.Annual ? "an" : "a")} {kind.ToString().ToLowerInvariant()} evaluation for an overlapping period";
        return names.Count == 1
            ? $"{names[0]} already has {what}; untick them or change the period."
            : $"These people already have {what}: {string.Join("; ", names)}. Untick them or change the period.";
    }

    public Task<Outcome> CreateCycleAsync(Viewer viewer, CycleInput input, CancellationToken ct = default) =>
        db.OnceAsync(FormKinds.EvaluationCycle, () => DoCreateCycleAsync(viewer, input, ct), ct);

    private async Task<Outcome> DoCreateCycleAsync(Viewer viewer, CycleInput input, CancellationToken ct)
    {
        if (!viewer.CanStartCycle) return Outcome.NotFound;
        var errors = new Dictionary<string, string>();
        var name = TextRules.Required(errors, "Name", input.Name, MaxCycleName, "Name the cycle, e.g. “FY2026 annual evaluations”.");
        if (!Enum.IsDefined(input.Kind)) errors["Kind"] = "Choose annual, probationary or special.";
        if (input.PeriodStart is null) errors["PeriodStart"] = "Give the first day of the period.";
        if (input.PeriodEnd is null) errors["PeriodEnd"] = "Give the last day of the period.";
        if (input.PeriodStart is { } s && input.PeriodEnd is { } e)
        {
            if (e < s) errors["PeriodEnd"] = "The period ends before it starts.";
            else if (e > s.AddMonths(18)) errors["PeriodEnd"] = "A period covers at most 18 months.";
        }
        if (input.DueDate is null) errors["DueDate"] = "Give the due date.";
        else if (input.PeriodStart is { } begin && input.DueDate < begin) errors["DueDate"] = $"The due date is before the period even starts; evaluations are due after it ends.";
        else if (input.PeriodEnd is { } end && input.DueDate < end) errors["DueDate"] = $"The due date falls inside the period; evaluations are due after it ends ({end:MMM d, yyyy}).";
        else if (input.PeriodEnd is { } end2 && input.DueDate > end2.AddMonths(6)) errors["DueDate"] = "The due date is more than six months after the period.";

        var ids = input.EmployeeIds.Distinct().ToList();
        if (ids.Count == 0) errors["EmployeeIds"] = "Choose at least one employee.";
        var people = await db.Employees.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync(ct);
        if (people.Count != ids.Count || people.Any(p => !viewer.Manages(p.Id) || viewer.IsSelf(p.Id))) return Outcome.NotFound;
        if (people.FirstOrDefault(p => !p.IsActive) is { } gone) errors["EmployeeIds"] = $"{gone.FullName} no longer works here.";
        else if (ids.Count > 0 && Enum.IsDefined(input.Kind) && input.PeriodStart is { } from && input.PeriodEnd is { } to && from <= to
                 && await AlreadyEvaluatedAsync(ids, input.Kind, from, to, ct) is { Count: > 0 } existing)
            errors["EmployeeIds"] = AlreadyEvaluatedMessage(input.Kind, people, existing);

        var reviewers = await ReviewerCandidatesAsync(viewer, ct);
        if (input.ReviewerUserId is not { } reviewerId || reviewers.All(r => r.UserId != reviewerId)) errors["ReviewerUserId"] = "Choose the reviewer from the list.";
        var competencies = await db.Competencies.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);
        if (competencies.Sum(c => c.Weight) != 100)
            return Outcome.Conflict($"The active competencies weigh {competencies.Sum(c => c.Weight)} in all, not 100; an administrator must correct them before a cycle can start.");

        // Each evaluation is written by the person's own supervisor or manager when they have an active account, else by whoever starts the cycle.
        var bosses = people.Where(p => p.ReportsToId != null).Select(p => p.ReportsToId!.Value).Distinct().ToList();
        var managerAccounts = await (from u in db.Users
                                     join ur in db.UserRoles on u.Id equals ur.UserId
                                     join r in db.Roles on ur.RoleId equals r.Id
                                     where (r.Name == Roles.Manager || r.Name == Roles.Supervisor) && u.EmployeeId != null && bosses.Contains(u.EmployeeId.Value) && u.Employee!.IsActive
                                     select new { EmployeeId = u.EmployeeId!.Value, u.Id }).ToListAsync(ct);
        var accountOfEmployee = await db.Users.Where(u => u.EmployeeId != null && ids.Contains(u.EmployeeId.Value)).ToDictionaryAsync(u => u.EmployeeId!.Value, u => u.Id, ct);
        int EvaluatorOf(Employee p) => managerAccounts.FirstOrDefault(m => m.EmployeeId == p.ReportsToId)?.Id ?? viewer.UserId;
        foreach (var p in people)
        {
            if (input.ReviewerUserId == EvaluatorOf(p)) errors["ReviewerUserId"] = $"The reviewer would review their own evaluation of {p.FullName}; choose someone else.";
            if (accountOfEmployee.TryGetValue(p.Id, out var acct) && acct == input.ReviewerUserId) errors["ReviewerUserId"] = $"{p.FullName} cannot review their own evaluation.";
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var now = clock.GetUtcNow();
        var cycle = new EvaluationCycle
        {
            Name = name!, Kind = input.Kind, PeriodStart = input.PeriodStart!.Value, PeriodEnd = input.PeriodEnd!.Value, DueDate = input.DueDate!.Value,
            CreatedAt = now, CreatedByUserId = viewer.UserId, CreatedByName = viewer.Actor.Name,
        };
        foreach (var p in people.OrderBy(p => p.LastName))
        {
            var evaluation = new Evaluation { Employee = null, EmployeeId = p.Id, UnitId = p.UnitId, EvaluatorUserId = EvaluatorOf(p), ReviewerUserId = input.ReviewerUserId!.Value, Status = EvaluationStatus.Draft };
            foreach (var c in competencies)
                evaluation.Ratings.Add(new EvaluationRating { CompetencyId = c.Id, Name = c.Name, Description = c.Description, Weight = c.Weight, SortOrder = c.SortOrder });
            evaluation.Events.Add(new EvaluationEvent { Step = EvaluationStep.Created, UserId = viewer.UserId, UserName = viewer.Actor.Name, At = now, Note = cycle.Name });
            cycle.Evaluations.Add(evaluation);
        }
        return await db.InTransactionAsync(async () =>
        {
            // Cycles start one at a time, so two people starting overlapping ones at once cannot both pass the check.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7301)", ct);
            if (await AlreadyEvaluatedAsync(ids, input.Kind, cycle.PeriodStart, cycle.PeriodEnd, ct) is { Count: > 0 } existing)
                return Outcome.Invalid(new Dictionary<string, string> { ["EmployeeIds"] = AlreadyEvaluatedMessage(input.Kind, people, existing) });
            db.EvaluationCycles.Add(cycle);
            await db.SaveChangesAsync(ct);
            audit.Add(viewer, AuditAction.Created, AuditRecords.Cycle, cycle.Id, null, $"{cycle.Name}: {people.Count} evaluations");
            foreach (var ev in cycle.Evaluations) audit.Add(viewer, AuditAction.Created, AuditRecords.Evaluation, ev.Id, ev.EmployeeId, cycle.Name);
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(cycle.Id);
        }, ct);
    }

    /// <summary>Saves the evaluator's draft; with <paramref name="submit"/> also checks it is complete and sends it to the reviewer.</summary>
    public Task<Outcome> SaveAsync(Viewer viewer, int id, uint version, EvaluationInput input, bool submit, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (ev, errors) =>
        {
            if (ev.EvaluatorUserId != viewer.UserId) return "Only the evaluator writes this evaluation.";
            if (ev.Status != EvaluationStatus.Draft) return $"This evaluation is {StatusLabel(ev.Status).ToLowerInvariant()}; it can no longer be edited{(ev.Status >= EvaluationStatus.Approved ? " unless it is reopened" : "")}.";
            var byId = ev.Ratings.ToDictionary(r => r.Id);
            var parsed = new Dictionary<int, (int? Rating, string? Comment)>();
            foreach (var r in input.Ratings)
            {
                if (!byId.ContainsKey(r.RatingId)) return "The form does not match this evaluation's competencies; reload it.";
                int? rating = null;
                var raw = r.Rating?.Trim();
                if (!string.IsNullOrEmpty(raw))
                {
                    if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= EvaluationScoring.MinRating and <= EvaluationScoring.MaxRating) rating = value;
                    else errors[$"Rating-{r.RatingId}"] = "Rate from 1 (unsatisfactory) to 5 (exceptional).";
                }
                parsed[r.RatingId] = (rating, TextRules.Optional(errors, $"Comment-{r.RatingId}", r.Comment, MaxComment));
            }
            var strengths = TextRules.Optional(errors, "Strengths", input.Strengths, MaxText);
            var areas = TextRules.Optional(errors, "AreasToImprove", input.AreasToImprove, MaxText);
            var plan = TextRules.Optional(errors, "DevelopmentPlan", input.DevelopmentPlan, MaxText);
            if (submit)
            {
                foreach (var rating in ev.Ratings)
                {
                    var (value, comment) = parsed.GetValueOrDefault(rating.Id);
                    if (value is null && !errors.ContainsKey($"Rating-{rating.Id}")) errors[$"Rating-{rating.Id}"] = "Rate this competency before submitting.";
                    // The ends of the scale are the ratings people contest: they need the reason in writing.
                    else if (value is 1 or 5 && comment is null && !errors.ContainsKey($"Comment-{rating.Id}")) errors[$"Comment-{rating.Id}"] = $"A rating of {value} needs a comment.";
                }
                if (strengths is null && !errors.ContainsKey("Strengths")) errors["Strengths"] = "Describe the employee's strengths before submitting.";
                if (areas is null && !errors.ContainsKey("AreasToImprove")) errors["AreasToImprove"] = "Name the areas to improve before submitting.";
                if (plan is null && !errors.ContainsKey("DevelopmentPlan")) errors["DevelopmentPlan"] = "Write the development plan before submitting.";
            }
            if (errors.Count > 0) return null;
            foreach (var (ratingId, (value, comment)) in parsed)
            {
                byId[ratingId].Rating = value;
                byId[ratingId].Comment = comment;
            }
            ev.Strengths = strengths;
            ev.AreasToImprove = areas;
            ev.DevelopmentPlan = plan;
            ev.OverallScore = EvaluationScoring.Overall(ev.Ratings.Select(r => (r.Weight, r.Rating)));
            if (submit)
            {
                ev.Status = EvaluationStatus.Submitted;
                ev.SubmittedAt = clock.GetUtcNow();
                return Step(viewer, ev, EvaluationStep.Submitted, null);
            }
            return Step(viewer, ev, EvaluationStep.Saved, null);
        }, ct);

    public Task<Outcome> ReturnAsync(Viewer viewer, int id, uint version, string? note, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (ev, errors) =>
        {
            if (ev.ReviewerUserId != viewer.UserId) return "Only the reviewer can return this evaluation.";
            if (ev.Status != EvaluationStatus.Submitted) return $"This evaluation is {StatusLabel(ev.Status).ToLowerInvariant()}; only a submitted evaluation can be returned.";
            var clean = TextRules.Required(errors, "Note", note, MaxNote, "Tell the evaluator what to change.");
            if (errors.Count > 0) return null;
            ev.Status = EvaluationStatus.Draft;
            ev.SubmittedAt = null;
            return Step(viewer, ev, EvaluationStep.Returned, clean);
        }, ct);

    public Task<Outcome> ApproveAsync(Viewer viewer, int id, uint version, string? note, CancellationToken ct = default) =>
        RunStepAsync(viewer, id, version, false, async (ev, errors) =>
        {
            if (ev.ReviewerUserId != viewer.UserId) return "Only the reviewer can approve this evaluation.";
            if (ev.Status != EvaluationStatus.Submitted) return $"This evaluation is {StatusLabel(ev.Status).ToLowerInvariant()}; only a submitted evaluation can be approved.";
            var clean = TextRules.Optional(errors, "Note", note, MaxNote);
            if (errors.Count > 0) return null;
            ev.Status = EvaluationStatus.Approved;
            ev.ApprovedAt = clock.GetUtcNow();
            // From here the evaluation is a signed record: its evidence stops following later corrections.
            var frozen = await evidence.ForAsync(ev.UnitId, ev.Cycle!.PeriodStart, ev.Cycle.PeriodEnd, ct);
            ev.FrozenEvidence = JsonSerializer.Serialize(frozen, Json);
            var refusal = Step(viewer, ev, EvaluationStep.Approved, clean);
            ev.Events[^1].Snapshot = (await SnapshotAsync(ev, frozen, ct)).ToJson();
            await AddPacketVersionAsync(ev, ct);
            return refusal;
        }, ct);

    public Task<Outcome> AcknowledgeAsync(Viewer viewer, int id, uint version, string? comment, CancellationToken ct = default) =>
        RunStepAsync(viewer, id, version, true, async (ev, errors) =>
        {
            if (!viewer.IsSelf(ev.EmployeeId)) return "Only the employee acknowledges their evaluation.";
            if (ev.Status != EvaluationStatus.Approved) return $"This evaluation is {StatusLabel(ev.Status).ToLowerInvariant()}; there is nothing to acknowledge.";
            var clean = TextRules.Optional(errors, "EmployeeComment", comment, MaxComment);
            if (errors.Count > 0) return null;
            ev.Status = EvaluationStatus.Acknowledged;
            ev.AcknowledgedAt = clock.GetUtcNow();
            ev.EmployeeComment = clean;
            var refusal = Step(viewer, ev, EvaluationStep.Acknowledged, clean is null ? "Acknowledged receipt" : "Acknowledged receipt, with a comment");
            ev.Events[^1].Snapshot = (await AcknowledgedSnapshotAsync(ev, ev.Events[^1], ct))?.ToJson();
            if (ev.Events[^1].Snapshot is not null) await AddPacketVersionAsync(ev, ct);
            return refusal;
        }, ct);

    /// <summary>
    /// What the acknowledgement keeps: the approved snapshot as it was signed, plus the acknowledgement itself
    /// (status, when, by whom, the employee's comment, the history line). Not re-read from live data, so the
    /// acknowledged packet differs from the approved one only by what the employee added. Null when the approval
    /// kept no snapshot (an evaluation approved before snapshots were kept).
    /// </summary>
    private async Task<EvaluationSnapshot?> AcknowledgedSnapshotAsync(Evaluation ev, EvaluationEvent line, CancellationToken ct)
    {
        var approved = await db.EvaluationEvents.AsNoTracking()
            .Where(e => e.EvaluationId == ev.Id && e.Step == EvaluationStep.Approved && e.Snapshot != null)
            .OrderByDescending(e => e.Id).Select(e => e.Snapshot).FirstOrDefaultAsync(ct);
        if (approved is null) return null;
        var signed = EvaluationSnapshot.Read(approved);
        return signed with
        {
            Status = ev.Status,
            AcknowledgedAt = ev.AcknowledgedAt,
            AcknowledgedBy = new SnapshotPerson(line.UserId, line.UserName),
            EmployeeComment = ev.EmployeeComment,
            History = [.. signed.History, StepOf(line)],
            TakenAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Adds the packet version of the step just taken (its history line keeps the snapshot the packet prints); numbered after the evaluation's earlier versions.</summary>
    private async Task AddPacketVersionAsync(Evaluation ev, CancellationToken ct)
    {
        var line = ev.Events[^1];
        var last = await db.Set<PacketVersion>().Where(v => v.EvaluationId == ev.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0;
        db.Set<PacketVersion>().Add(new PacketVersion { EvaluationId = ev.Id, Number = last + 1, Event = line, Step = line.Step, CreatedAt = line.At });
    }

    /// <summary>The word for a step on a packet's history.</summary>
    public static string StepLabel(EvaluationStep step) => step switch
    {
        EvaluationStep.Created => "Created",
        EvaluationStep.Saved => "Draft saved",
        EvaluationStep.Submitted => "Submitted for review",
        EvaluationStep.Returned => "Returned to the evaluator",
        EvaluationStep.Approved => "Approved",
        EvaluationStep.Acknowledged => "Acknowledged by the employee",
        EvaluationStep.Closed => "Closed",
        EvaluationStep.Reopened => "Reopened",
        EvaluationStep.Reassigned => "Reassigned",
        _ => step.ToString(),
    };

    private static SnapshotStep StepOf(EvaluationEvent e) => new(StepLabel(e.Step), e.UserName, e.At, e.Note);

    /// <summary>Closes an acknowledged evaluation; one the employee has not acknowledged (refused, or has no account) closes only with the reason written down.</summary>
    public Task<Outcome> CloseAsync(Viewer viewer, int id, uint version, string? note, CancellationToken ct = default) =>
        StepAsync(viewer, id, version, (ev, errors) =>
        {
            if (!viewer.CanClose(ev)) return "Only the evaluator or an administrator closes an evaluation.";
            if (ev.Status is not (EvaluationStatus.Approved or EvaluationStatus.Acknowledged)) return $"This evaluation is {StatusLabel(ev.Status).ToLowerInvariant()}; only an approved evaluation can be closed.";
            var clean = ev.Status == EvaluationStatus.Approved
                ? TextRules.Required(errors, "Note", note, MaxNote, "The employee has not acknowledged it: say why it is closed anyway (e.g. refused to sign).")
                : TextRules.Optional(errors, "Note", note, MaxNote);
            if (errors.Count > 0) return null;
            ev.Status = EvaluationStatus.Closed;
            ev.ClosedAt = clock.GetUtcNow();
            return Step(viewer, ev, EvaluationStep.Closed, clean);
        }, ct);

    public Task<Outcome> ReopenAsync(Viewer viewer, int id, uint version, string? reason, CancellationToken ct = default) =>
        RunStepAsync(viewer, id, version, false, async (ev, errors) =>
        {
            if (!viewer.CanReopen(ev)) return "Only the reviewer or an administrator reopens an evaluation.";
            if (ev.Status < EvaluationStatus.Approved) return "This evaluation is not approved yet; it is still open for changes.";
            var clean = TextRules.Required(errors, "Note", reason, MaxNote, "Say why the evaluation is reopened; the reason is kept with it.");
            if (errors.Count > 0) return null;
            // What the reopening clears (the employee's comment, the evidence as approved) is kept on its history line.
            var frozen = ev.FrozenEvidence is null ? null : JsonSerializer.Deserialize<EvaluationEvidence>(ev.FrozenEvidence, Json);
            var before = (await SnapshotAsync(ev, frozen, ct)).ToJson();
            ev.Status = EvaluationStatus.Draft;
            ev.SubmittedAt = ev.ApprovedAt = ev.AcknowledgedAt = ev.ClosedAt = null;
            ev.EmployeeComment = null;
            ev.FrozenEvidence = null;
            var refusal = Step(viewer, ev, EvaluationStep.Reopened, clean);
            ev.Events[^1].Snapshot = before;
            return refusal;
        }, ct);

    /// <summary>The evaluations page for the viewer; a cycle shows if they keep the file of anyone in it, or write or review one of its evaluations.</summary>
    public async Task<EvaluationList> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var waiting = await WaitingForAsync(viewer, ct);
        var own = viewer.EmployeeId is { } self
            ? await db.Evaluations.AsNoTracking().Where(e => e.EmployeeId == self && e.Status >= EvaluationStatus.Approved)
                .OrderByDescending(e => e.Cycle!.PeriodEnd).Select(e => new OwnEvaluation(e.Id, e.Cycle!.Name, e.Status, e.Cycle.PeriodEnd)).ToListAsync(ct)
            : [];
        var me = viewer.UserId;
        var managed = viewer.FilterManaged(db.Employees).Select(e => e.Id);
        var all = viewer.IsAdministrator;
        var mine = viewer.EmployeeId ?? 0;
        var visible = db.Evaluations.Where(e => e.EmployeeId != mine && (all || managed.Contains(e.EmployeeId) || e.EvaluatorUserId == me || e.ReviewerUserId == me));
        var cycles = await db.EvaluationCycles.AsNoTracking()
            .Where(c => visible.Any(e => e.CycleId == c.Id))
            .OrderByDescending(c => c.DueDate).ThenBy(c => c.Name)
            .Select(c => new CycleRow(c.Id, c.Name, c.Kind, c.PeriodStart, c.PeriodEnd, c.DueDate,
                visible.Count(e => e.CycleId == c.Id),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Draft),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Submitted),
                visible.Count(e => e.CycleId == c.Id && e.Status == EvaluationStatus.Approved),
                visible.Count(e => e.CycleId == c.Id && e.Status >= EvaluationStatus.Acknowledged)))
            .ToListAsync(ct);
        return new EvaluationList(waiting, own, cycles, new EvaluationListSteps(viewer.CanStartCycle));
    }

    /// <summary>
    /// A cycle's progress as the viewer may see it: counts over every evaluation they may read, and the page of the
    /// filtered list, which alone is audited as read (a citywide cycle holds thousands; only what is shown is viewed).
    /// Null when the cycle is missing or holds nothing the viewer may read.
    /// </summary>
    public async Task<CycleProgress?> CycleProgressAsync(Viewer viewer, int cycleId, CycleFilter filter, CancellationToken ct = default)
    {
        if (await CycleListAsync(viewer, cycleId, filter, ct) is not { } progress) return null;
        await AuditListedAsync(viewer, progress, ct);
        return progress;
    }

    /// <summary>Records the page of a cycle's list as viewed: every evaluation on it, in one statement.</summary>
    public Task AuditListedAsync(Viewer viewer, CycleProgress progress, CancellationToken ct = default) =>
        audit.ViewedAsync(viewer, AuditRecords.Evaluation, progress.Rows.Select(r => (r.EvaluationId, (int?)r.EmployeeId)), "listed in cycle progress", ct: ct);

    /// <summary>
    /// <see cref="CycleProgressAsync"/> without recording the view: for a page that keeps the list (it depends only on
    /// the data, the viewer and today) and records each showing of it with <see cref="AuditListedAsync"/>.
    /// </summary>
    public async Task<CycleProgress?> CycleListAsync(Viewer viewer, int cycleId, CycleFilter filter, CancellationToken ct = default)
    {
        if (await MatchAsync(viewer, cycleId, filter, ct) is not { } found) return null;
        var (cycle, readable, matching, filter2, warnings) = found;
        var pages = Math.Max(1, (matching.Count + filter2.PageSize - 1) / filter2.PageSize);
        var page = Math.Clamp(filter2.Page, 1, pages);
        var rows = matching.Skip((page - 1) * filter2.PageSize).Take(filter2.PageSize).ToList();
        var units = readable.Where(r => r.UnitId is not null).DistinctBy(r => r.UnitId).OrderBy(r => r.Unit, StringComparer.CurrentCulture)
            .Select(r => (r.UnitId!.Value, r.Unit!)).ToList();
        var byStatus = Enum.GetValues<EvaluationStatus>().ToDictionary(s => s, s => readable.Count(r => r.Status == s));
        return new CycleProgress(cycle, readable.Count, byStatus, readable.Count(r => r.DaysLate > 0), units, filter2 with { Page = page },
            [.. matching.Select(r => r.EvaluationId)], [.. rows.Select(r => r.Row)], page, warnings);
    }

    /// <summary>The ids of the evaluations a filter of the cycle's list matches (every page), for a step on all of them; empty when there are none.</summary>
    public async Task<IReadOnlyList<int>> CycleMatchesAsync(Viewer viewer, int cycleId, CycleFilter filter, CancellationToken ct = default) =>
        await MatchAsync(viewer, cycleId, filter, ct) is { } found ? [.. found.Matching.Select(r => r.EvaluationId)] : [];

    private sealed record ListedEvaluation(ProgressRow Row, int? UnitId)
    {
        public int EvaluationId => Row.EvaluationId;
        public int EmployeeId => Row.EmployeeId;
        public string? Unit => Row.Unit;
        public EvaluationStatus Status => Row.Status;
        public int DaysLate => Row.DaysLate;
    }

    private async Task<(EvaluationCycle Cycle, List<ListedEvaluation> Readable, List<ListedEvaluation> Matching, CycleFilter Filter, List<string> Warnings)?> MatchAsync(
        Viewer viewer, int cycleId, CycleFilter filter, CancellationToken ct)
    {
        var cycle = await db.EvaluationCycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null) return null;
        var today = DepartmentCalendar.Today(clock);
        // Only the columns the list and the access rule need, not the evaluations' texts; one read for counts, filter and page.
        var all = await db.Evaluations.AsNoTracking().Where(e => e.CycleId == cycleId)
            .Select(e => new
            {
                e.Id, e.EmployeeId, Employee = e.Employee!.FirstName + " " + e.Employee.LastName, e.UnitId, Unit = e.Unit != null ? e.Unit.Name : null, e.Status,
                e.EvaluatorUserId, e.ReviewerUserId, Evaluator = e.Evaluator!.DisplayName, Reviewer = e.Reviewer!.DisplayName, e.ApprovedAt, e.OverallScore,
            })
            // Sorted by the database (its collation, as before paging): a culture-aware sort of thousands of names in the request cost more than the query.
            .OrderBy(e => e.Employee).ThenBy(e => e.Id)
            .ToListAsync(ct);
        var readable = all
            .Where(e => viewer.CanRead(new Evaluation { Id = e.Id, EmployeeId = e.EmployeeId, EvaluatorUserId = e.EvaluatorUserId, ReviewerUserId = e.ReviewerUserId, Status = e.Status })
                        && !viewer.IsSelf(e.EmployeeId))
            .Select(e =>
            {
                var (who, step, due) = e.Status switch
                {
                    EvaluationStatus.Draft => (e.Evaluator, "write and submit", cycle.DueDate),
                    EvaluationStatus.Submitted => (e.Reviewer, "review", cycle.DueDate),
                    EvaluationStatus.Approved => (e.Employee, "acknowledge",
                        DateOnly.FromDateTime(DepartmentCalendar.ToLocal(e.ApprovedAt!.Value)).AddDays(options.Value.AcknowledgeWithinDays)),
                    EvaluationStatus.Acknowledged => (e.Evaluator, "close", DateOnly.MaxValue),
                    _ => ((string?)null, (string?)null, DateOnly.MaxValue),
                };
                var late = due == DateOnly.MaxValue || today <= due ? 0 : today.DayNumber - due.DayNumber;
                return new ListedEvaluation(new ProgressRow(e.Id, e.EmployeeId, e.Employee, e.Unit, e.Status, e.Evaluator, e.Reviewer, who, step, late, e.OverallScore),
                    e.UnitId);
            })
            .ToList();
        if (readable.Count == 0) return null;

        var warnings = new List<string>();
        IEnumerable<ListedEvaluation> matching = readable;
        var unitId = filter.UnitId;
        if (unitId is { } unit)
        {
            if (readable.Any(r => r.UnitId == unit)) matching = matching.Where(r => r.UnitId == unit);
            else
            {
                warnings.Add("No evaluation you may see in this cycle is in that unit; every unit is shown.");
                unitId = null;
            }
        }
        var status = string.IsNullOrWhiteSpace(filter.Status) || filter.Status.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null : filter.Status.Trim();
        if (status is not null)
        {
            if (status.Equals(CycleFilter.Late, StringComparison.OrdinalIgnoreCase))
            {
                status = CycleFilter.Late;
                matching = matching.Where(r => r.DaysLate > 0);
            }
            // By name only: Enum.TryParse would also take "7" or "1,2".
            else if (Enum.GetNames<EvaluationStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                status = name;
                var wanted = Enum.Parse<EvaluationStatus>(name);
                matching = matching.Where(r => r.Status == wanted);
            }
            else
            {
                warnings.Add("There is no such status; every status is shown.");
                status = null;
            }
        }
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        if (search is not null)
            matching = matching.Where(r => r.Row.Employee.Contains(search, StringComparison.OrdinalIgnoreCase)
                                           || r.Row.Evaluator.Contains(search, StringComparison.OrdinalIgnoreCase)
                                           || r.Row.Reviewer.Contains(search, StringComparison.OrdinalIgnoreCase));
        var pageSize = Math.Clamp(filter.PageSize, 1, 500);
        return (cycle, readable, matching.ToList(), new CycleFilter(unitId, status, search, filter.Page, pageSize), warnings);
    }

    /// <summary>
    /// What a new cycle's form starts with: the supervisors among the people offered (the usual subjects; the
    /// manager adds or removes anyone else) and the viewer's own manager as reviewer, when they can sign in.
    /// </summary>
    public async Task<(IReadOnlyList<int> Subjects, int? ReviewerUserId)> UsualSetupAsync(Viewer viewer, CycleChoices choices, CancellationToken ct = default)
    {
        var supervisors = await Viewers.EmployeesInRole(db, Roles.Supervisor).ToListAsync(ct);
        var subjects = choices.People.Where(p => supervisors.Contains(p.Id)).Select(p => p.Id).ToList();
        var boss = viewer.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => e.ReportsToId).SingleOrDefaultAsync(ct) : null;
        var reviewer = await db.Users.Where(u => u.EmployeeId == boss && boss != null).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        return (subjects, reviewer);
    }

    /// <summary>The people and reviewers a new cycle may name; null for someone who may not start a cycle.</summary>
    public async Task<CycleChoices?> CycleChoicesAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.CanStartCycle) return null;
        var self = viewer.EmployeeId ?? 0;
        var people = await viewer.FilterManaged(db.Employees.AsNoTracking()).Where(e => e.IsActive && e.Id != self)
            .OrderBy(e => e.Unit == null ? "" : e.Unit.Name).ThenBy(e => e.LastName)
            .Select(e => new CycleCandidate(e.Id, e.FirstName + " " + e.LastName, e.Position, e.Unit == null ? null : e.Unit.IsActive ? e.Unit.Name : e.Unit.Name + OpsIntranet.Core.Units.UnitPicker.DeactivatedMark)).ToListAsync(ct);
        return new CycleChoices(people, await ReviewerCandidatesAsync(viewer, ct));
    }

    /// <summary>What waits for this person across all cycles: drafts to write, evaluations to review, their own to acknowledge, acknowledged ones to close.</summary>
    public async Task<IReadOnlyList<WaitingItem>> WaitingForAsync(Viewer viewer, CancellationToken ct = default)
    {
        var today = DepartmentCalendar.Today(clock);
        var me = viewer.UserId;
        var self = viewer.EmployeeId ?? -1;
        var rows = await db.Evaluations.AsNoTracking()
            .Where(e => e.EvaluatorUserId == me && (e.Status == EvaluationStatus.Draft || e.Status == EvaluationStatus.Acknowledged)
                        || e.ReviewerUserId == me && e.Status == EvaluationStatus.Submitted
                        || e.EmployeeId == self && e.Status == EvaluationStatus.Approved)
            .Select(e => new { e.Id, e.Status, e.EmployeeId, Employee = e.Employee!.FirstName + " " + e.Employee.LastName, Cycle = e.Cycle!.Name, e.Cycle.DueDate, e.ApprovedAt })
            .ToListAsync(ct);
        return rows.Select(e =>
        {
            var (what, due) = e.Status switch
            {
                EvaluationStatus.Draft => ("Write and submit the evaluation", (DateOnly?)e.DueDate),
                EvaluationStatus.Submitted => ("Review the evaluation", e.DueDate),
                EvaluationStatus.Approved => ("Read and acknowledge your evaluation", DateOnly.FromDateTime(DepartmentCalendar.ToLocal(e.ApprovedAt!.Value)).AddDays(options.Value.AcknowledgeWithinDays)),
                _ => ("Close the acknowledged evaluation", (DateOnly?)null),
            };
            var who = e.EmployeeId == self ? e.Cycle : $"{e.Employee} · {e.Cycle}";
            return new WaitingItem(what, who, $"/evaluations/{e.Id}", due, due is { } d && today > d);
        }).OrderBy(w => w.Due ?? DateOnly.MaxValue).ToList();
    }

    /// <summary>The evaluation as it stands now, with the names of its people and unit as they read today: what a step keeps on its history line.</summary>
    public async Task<EvaluationSnapshot> SnapshotAsync(Evaluation ev, EvaluationEvidence? evidence, CancellationToken ct = default)
    {
        var cycle = ev.Cycle ?? await db.EvaluationCycles.AsNoTracking().SingleAsync(c => c.Id == ev.CycleId, ct);
        var employee = await db.Employees.AsNoTracking().Where(e => e.Id == ev.EmployeeId)
            .Select(e => new { e.FirstName, e.LastName, e.Position }).SingleAsync(ct);
        var unit = ev.UnitId is { } unitId ? await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        var users = await db.Users.AsNoTracking().Where(u => u.Id == ev.EvaluatorUserId || u.Id == ev.ReviewerUserId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        // The history saved so far and the step being taken now (added to the evaluation, not saved yet).
        var lines = (await db.EvaluationEvents.AsNoTracking().Where(e => e.EvaluationId == ev.Id).ToListAsync(ct))
            .Concat(ev.Events.Where(e => e.Id == 0)).OrderBy(e => e.At).ThenBy(e => e.Id == 0).ThenBy(e => e.Id).ToList();
        // The approval and acknowledgement in force: the last of each since the last reopening.
        var sinceReopened = lines.Skip(lines.FindLastIndex(e => e.Step == EvaluationStep.Reopened) + 1).ToList();
        var approval = ev.Status >= EvaluationStatus.Approved ? sinceReopened.LastOrDefault(e => e.Step == EvaluationStep.Approved) : null;
        var acknowledgement = ev.Status >= EvaluationStatus.Acknowledged ? sinceReopened.LastOrDefault(e => e.Step == EvaluationStep.Acknowledged) : null;
        var first = DepartmentCalendar.MonthOf(cycle.PeriodStart);
        var last = DepartmentCalendar.MonthOf(cycle.PeriodEnd);
        return new EvaluationSnapshot
        {
            SchemaVersion = EvaluationSnapshot.CurrentSchemaVersion,
            EvaluationId = ev.Id,
            Status = ev.Status,
            CycleName = cycle.Name, CycleKind = cycle.Kind, PeriodStart = cycle.PeriodStart, PeriodEnd = cycle.PeriodEnd, DueDate = cycle.DueDate,
            Employee = new SnapshotPerson(ev.EmployeeId, $"{employee.FirstName} {employee.LastName}"),
            Position = employee.Position,
            UnitName = unit,
            Evaluator = new SnapshotPerson(ev.EvaluatorUserId, users.GetValueOrDefault(ev.EvaluatorUserId, "")),
            Reviewer = new SnapshotPerson(ev.ReviewerUserId, users.GetValueOrDefault(ev.ReviewerUserId, "")),
            OverallScore = ev.OverallScore,
            OverallLabel = ev.OverallScore is { } score ? EvaluationScoring.OverallLabel(score) : null,
            Strengths = ev.Strengths, AreasToImprove = ev.AreasToImprove, DevelopmentPlan = ev.DevelopmentPlan, EmployeeComment = ev.EmployeeComment,
            Ratings = [.. ev.Ratings.OrderBy(r => r.SortOrder).Select(r =>
                new SnapshotRating(r.Name, r.Description, r.Weight, r.SortOrder, r.Rating, r.Rating is { } n ? EvaluationScoring.RatingLabel(n) : null, r.Comment))],
            Evidence = evidence,
            SubmittedAt = ev.SubmittedAt, ApprovedAt = ev.ApprovedAt, AcknowledgedAt = ev.AcknowledgedAt, ClosedAt = ev.ClosedAt,
            TakenAt = clock.GetUtcNow(),
            ApprovedBy = approval is null ? null : new SnapshotPerson(approval.UserId, approval.UserName),
            AcknowledgedBy = acknowledgement is null ? null : new SnapshotPerson(acknowledgement.UserId, acknowledgement.UserName),
            Trends = ev.UnitId is { } trendUnit ? await TrendsAsync(trendUnit, first, last, ct) : [],
            LogEntries = await LogEntriesAsync(ev.EmployeeId, cycle.PeriodStart, cycle.PeriodEnd, ct),
            Discipline = await DisciplineAsync(ev.EmployeeId, cycle.PeriodStart, cycle.PeriodEnd, ct),
            // Draft saves are not steps of the workflow: the packet lists the steps a reader signs off on.
            History = [.. lines.Where(e => e.Step != EvaluationStep.Saved).Select(StepOf)],
        };
    }

    /// <summary>The unit's metrics month by month over the period, from approved months only (the one metric series), judged at the period's last month.</summary>
    private async Task<IReadOnlyList<MetricTrend>> TrendsAsync(int unitId, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var series = await new MetricSeriesQuery(db).LoadAsync(new MetricSeriesRequest(first, last) { UnitIds = [unitId], WithPreviousMonth = true }, ct);
        return [.. series.Select(s =>
        {
            var m = s.Metric;
            var end = s.At(last);
            var result = new MetricResult(m.Id, m.Code, m.Name, m.Description, m.UnitOfMeasure, m.Direction, m.Decimals,
                end.Value, s.PreviousValue(last), end.Target, end.Tolerance, end.Status, end.Explanation);
            return new MetricTrend(result, [.. s.Months(first, last).Select(p => new TrendPoint(p.Month, p.Value, p.Target, p.Status))]);
        })];
    }

    /// <summary>Every performance-log entry dated in the period, with its addenda in the order written.</summary>
    private async Task<IReadOnlyList<SnapshotLogEntry>> LogEntriesAsync(int employeeId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var entries = await db.PerformanceLog.AsNoTracking().Include(e => e.Addenda)
            .Where(e => e.EmployeeId == employeeId && e.Date >= from && e.Date <= to)
            .OrderBy(e => e.Date).ThenBy(e => e.Id).ToListAsync(ct);
        return [.. entries.Select(e => new SnapshotLogEntry(e.Id, e.Date, LogLabels.Of(e.Type), e.Summary, e.Details, e.AuthorName, e.SharedWithEmployee,
            [.. e.Addenda.OrderBy(a => a.At).ThenBy(a => a.Id).Select(a => new SnapshotAddendum(a.At, a.AuthorName, a.Text))]))];
    }

    /// <summary>Disciplinary actions whose incident or effective date falls in the period, not withdrawn, with their grievances; levels and statuses as words.</summary>
    private async Task<IReadOnlyList<SnapshotDiscipline>> DisciplineAsync(int employeeId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var actions = await db.DisciplinaryActions.AsNoTracking().Include(a => a.Grievances)
            .Where(a => a.EmployeeId == employeeId && a.Status != DisciplineStatus.Withdrawn
                        && (a.IncidentDate >= from && a.IncidentDate <= to || a.EffectiveDate >= from && a.EffectiveDate <= to))
            .OrderBy(a => a.IncidentDate).ThenBy(a => a.Id).ToListAsync(ct);
        return [.. actions.Select(a => new SnapshotDiscipline(a.Id, DisciplineService.Label(a.Level), DisciplineService.Status(a.Status), a.IncidentDate, a.EffectiveDate,
            a.Policy, a.Description, a.RecommendedByName, a.SharedWithEmployee,
            [.. a.Grievances.OrderBy(g => g.FiledOn).ThenBy(g => g.Id).Select(g => new SnapshotGrievance(g.FiledOn, g.Grounds, g.Outcome?.ToString(), g.Resolution, g.ResolvedOn))]))];
    }

    /// <summary>
    /// Every approved version of an evaluation the viewer may read, oldest first, as it was approved: the record a
    /// packet is printed from (never from live data). Null when the evaluation is not there for this viewer.
    /// </summary>
    public async Task<IReadOnlyList<ApprovedVersion>?> ApprovedVersionsAsync(Viewer viewer, int id, CancellationToken ct = default)
    {
        var ev = await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null || !viewer.CanRead(ev)) return null;
        var approvals = await db.EvaluationEvents.AsNoTracking()
            .Where(e => e.EvaluationId == id && e.Step == EvaluationStep.Approved && e.Snapshot != null)
            .OrderBy(e => e.Id).ToListAsync(ct);
        return [.. approvals.Select((e, i) => new ApprovedVersion(e.Id, i + 1, e.At, e.UserName, EvaluationSnapshot.Read(e.Snapshot!)))];
    }

    private string? Step(Viewer viewer, Evaluation ev, EvaluationStep step, string? note)
    {
        ev.Revision++;
        ev.Events.Add(new EvaluationEvent { Step = step, UserId = viewer.UserId, UserName = viewer.Actor.Name, At = clock.GetUtcNow(), Note = note });
        return null;
    }

    private Task<Outcome> StepAsync(Viewer viewer, int id, uint version, Func<Evaluation, Dictionary<string, string>, string?> step, CancellationToken ct) =>
        RunStepAsync(viewer, id, version, false, (ev, errors) => Task.FromResult(step(ev, errors)), ct);

    private async Task<Outcome> RunStepAsync(Viewer viewer, int id, uint version, bool allowSelf, Func<Evaluation, Dictionary<string, string>, Task<string?>> step, CancellationToken ct)
    {
        var ev = await db.Evaluations.Include(e => e.Ratings).Include(e => e.Cycle).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null || !viewer.CanRead(ev)) return Outcome.NotFound;
        // The subject may read their approved evaluation, but of the steps only acknowledging is theirs.
        if (viewer.IsSelf(ev.EmployeeId) && !allowSelf) return Outcome.NotFound;
        if (ev.Version != version) return Outcome.Stale;
        var errors = new Dictionary<string, string>();
        var before = ev.Status;
        if (await step(ev, errors) is { } refusal) return Outcome.Conflict(refusal);
        if (errors.Count > 0) return Outcome.Invalid(errors);
        var latest = ev.Events[^1];
        audit.Add(viewer, latest.Step == EvaluationStep.Saved ? AuditAction.Changed : AuditAction.StepTaken, AuditRecords.Evaluation, ev.Id, ev.EmployeeId,
            latest.Step == EvaluationStep.Saved ? "draft saved" : $"{latest.Step}: {StatusLabel(before)} → {StatusLabel(ev.Status)}");
        var packet = db.ChangeTracker.Entries<PacketVersion>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).SingleOrDefault();
        // Inside a caller's own database transaction (the demo loader) no job can join it: the version is kept
        // and its copies are rendered by the first download or the cycle's batch instead.
        if (packet is null || packetJobs is null || db.Database.CurrentTransaction is not null) return await db.SaveOutcomeAsync(() => ev.Id, ct);
        return await SaveWithPacketJobAsync(ev.Id, packet, packetJobs, ct);
    }

    /// <summary>
    /// Saves the step and its packet version and enqueues the version's job in one transaction on one connection
    /// (as the delivery dispatcher does): either the step, the version and the job all exist, or none does.
    /// </summary>
    private Task<Outcome> SaveWithPacketJobAsync(int id, PacketVersion packet, IPacketJobs jobs, CancellationToken ct) =>
        db.InAmbientTransactionAsync(async () =>
        {
            var outcome = await db.SaveOutcomeAsync(() => id, ct);
            if (outcome.Succeeded) jobs.Enqueue(id, packet.Number);
            return outcome;
        }, outcome => outcome.Succeeded, ct);
}
