using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.People;

namespace OpsIntranet.Core.Reminders;

/// <summary>One line of a reminder: a unit or an evaluation, what stands, and the intranet path that acts on it.</summary>
public sealed record ReminderItem(string Label, string Detail, string Path);

/// <summary>
/// What a reminder says, fixed when its run is made (the run's Summary, as JSON): every retry and a send days later
/// quote the same units, months, due dates and evaluations. Paths are relative; the e-mail makes them absolute.
/// </summary>
/// <param name="Period">The month ("October 2026") or the evaluation's cycle.</param>
/// <param name="DueDate">The month's due date, the cycle's due date, or the end of the acknowledgement window.</param>
/// <param name="Step">For evaluations: "write", "review" or "acknowledge".</param>
/// <param name="WaitingSince">For evaluations: the day the step began waiting on the person.</param>
public sealed record ReminderFacts(int UserId, string Name, string Period, DateOnly? DueDate, IReadOnlyList<ReminderItem> Items,
    string? Step = null, DateOnly? WaitingSince = null);

/// <summary>A reminder owed to one person: its ledger run is unique per (kind, "user:{id}", <paramref name="Period"/>).</summary>
public sealed record OwedReminder(ReminderKind Kind, int UserId, string Email, string Period, DateOnly PeriodStart, DateOnly PeriodEnd, ReminderFacts Facts)
{
    public string Scope => $"user:{UserId}";
}

/// <summary>
/// Decides, for a day in the department's calendar, who is owed which reminder. Reminders go on business days
/// only: on a weekend or a City holiday nothing is owed, and what falls due then goes on the next business day
/// (every kind is owed over a window, not on one day; see <see cref="MetricReminderDays.Owed"/>). Optional kinds
/// leave out the people who switched them off; mandatory ones go to everyone concerned. Disabled accounts get nothing.
/// </summary>
public class ReminderPlanner(AppDbContext db, IOptions<MetricsOptions> metrics, IOptions<ReminderOptions> options, IOptions<PeopleOptions> people)
{
    /// <summary>The steps that hand an evaluation to someone; saving a draft does not restart the wait.</summary>
    private static readonly EvaluationStep[] HandOvers =
        [EvaluationStep.Created, EvaluationStep.Submitted, EvaluationStep.Returned, EvaluationStep.Approved, EvaluationStep.Reopened, EvaluationStep.Reassigned];

    public async Task<IReadOnlyList<OwedReminder>> OwedAsync(DateOnly today, CancellationToken ct)
    {
        var holidays = (await db.CityHolidays.AsNoTracking().Where(h => h.Date >= today.AddDays(-120) && h.Date <= today.AddDays(60))
            .Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        if (!BusinessDays.IsBusinessDay(today, holidays)) return [];
        var owed = new List<OwedReminder>();
        // The month before last is still in view for its escalation (a due day late in the month plus the catch-up window).
        for (var back = 2; back >= 1; back--)
            owed.AddRange(await MonthAsync(DepartmentCalendar.MonthOf(today).AddMonths(-back), today, holidays, ct));
        owed.AddRange(await EvaluationsAsync(today, ct));
        var optedOut = (await db.ReminderOptOuts.AsNoTracking().Select(o => new { o.UserId, o.Kind }).ToListAsync(ct))
            .Select(o => (o.UserId, o.Kind)).ToHashSet();
        return owed.Where(r => !r.Kind.Optional || !optedOut.Contains((r.UserId, r.Kind.Key))).ToList();
    }

    private async Task<List<OwedReminder>> MonthAsync(DateOnly month, DateOnly today, IReadOnlySet<DateOnly> holidays, CancellationToken ct)
    {
        var dueDay = metrics.Value.DueDay;
        var days = MetricReminderDays.For(month, dueDay, options.Value, holidays);
        if (days.Owed(today) is not { } kind) return [];

        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.SortOrder).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var submissions = await db.MetricSubmissions.AsNoTracking().Where(s => s.Month == month)
            .Select(s => new { s.Id, s.UnitId, s.Status, s.SubmittedAt, s.ReturnReason }).ToListAsync(ct);
        var byUnit = submissions.ToDictionary(s => s.UnitId);
        var firstSubmitted = await MonthlyDeadlines.FirstSubmittedAsync(db, submissions.Select(s => s.Id).ToList(), ct);
        var monthKey = DepartmentCalendar.MonthKey(month);

        var open = new List<ReminderItem>();
        var openUnits = new List<int>();
        foreach (var unit in units)
        {
            var s = byUnit.GetValueOrDefault(unit.Id);
            bool owes;
            if (kind == ReminderKinds.MetricsLateEscalation)
            {
                // Late exactly as the board says: still with the supervisor after the due date, unless first submitted on time.
                var first = s is null ? null : firstSubmitted.TryGetValue(s.Id, out var at) ? at : s.SubmittedAt;
                owes = MonthlyDeadlines.IsLate(s?.Status, month, today, dueDay, first);
            }
            else owes = s?.Status is null or SubmissionStatus.Draft or SubmissionStatus.Returned;
            if (!owes) continue;
            var detail = s?.Status switch
            {
                SubmissionStatus.Draft => "draft saved, not submitted",
                SubmissionStatus.Returned => $"returned for a correction{(string.IsNullOrWhiteSpace(s.ReturnReason) ? "" : ": " + s.ReturnReason)}",
                _ => "not started",
            };
            open.Add(new ReminderItem(unit.Name, detail, $"/units/{unit.Id}/months/{monthKey}"));
            openUnits.Add(unit.Id);
        }
        if (openUnits.Count == 0) return [];

        var role = kind == ReminderKinds.MetricsLateEscalation ? Roles.Manager : Roles.Supervisor;
        var assigned = await (from uu in db.UserUnits
                              join u in db.Users on uu.UserId equals u.Id
                              where openUnits.Contains(uu.UnitId) && u.Email != null && u.LockoutEnd != DateTimeOffset.MaxValue
                                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role))
                              select new { u.Id, u.Email, u.DisplayName, uu.UnitId }).AsNoTracking().ToListAsync(ct);
        var itemOf = openUnits.Zip(open).ToDictionary(x => x.First, x => x.Second);
        var monthName = DepartmentCalendar.MonthName(month);
        return assigned.GroupBy(a => a.Id).Select(g =>
        {
            var first = g.First();
            // In the units' own order, so every notice lists them as the board does.
            var items = openUnits.Where(id => g.Any(a => a.UnitId == id)).Select(id => itemOf[id]).ToList();
            return new OwedReminder(kind, first.Id, first.Email!, monthKey, month, DepartmentCalendar.EndOfMonth(month),
                new ReminderFacts(first.Id, first.DisplayName, monthName, days.DueDate, items));
        }).OrderBy(r => r.UserId).ToList();
    }

    private async Task<List<OwedReminder>> EvaluationsAsync(DateOnly today, CancellationToken ct)
    {
        var waiting = await db.Evaluations.AsNoTracking()
            .Where(e => e.Status == EvaluationStatus.Draft || e.Status == EvaluationStatus.Submitted || e.Status == EvaluationStatus.Approved)
            .Select(e => new
            {
                e.Id, e.Status, e.EmployeeId, e.EvaluatorUserId, e.ReviewerUserId, e.ApprovedAt,
                Employee = e.Employee!.FirstName + " " + e.Employee.LastName, Cycle = e.Cycle!.Name, e.Cycle.DueDate,
                Since = e.Events.Where(ev => HandOvers.Contains(ev.Step)).Max(ev => (DateTimeOffset?)ev.At),
            })
            .OrderBy(e => e.Id).ToListAsync(ct);
        if (waiting.Count == 0) return [];
        var employeeIds = waiting.Where(e => e.Status == EvaluationStatus.Approved).Select(e => e.EmployeeId).Distinct().ToList();
        var userIds = waiting.SelectMany(e => new[] { e.EvaluatorUserId, e.ReviewerUserId }).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => (userIds.Contains(u.Id) || u.EmployeeId != null && employeeIds.Contains(u.EmployeeId.Value)) && u.Email != null && u.LockoutEnd != DateTimeOffset.MaxValue)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.EmployeeId }).ToListAsync(ct);
        var byId = accounts.ToDictionary(a => a.Id);
        var byEmployee = accounts.Where(a => a.EmployeeId != null).GroupBy(a => a.EmployeeId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Id).First());
        var cadence = options.Value.StepCadenceDays;

        var owed = new List<OwedReminder>();
        foreach (var e in waiting)
        {
            var (step, account, due, detail) = e.Status switch
            {
                EvaluationStatus.Draft => ("write", byId.GetValueOrDefault(e.EvaluatorUserId), (DateOnly?)e.DueDate, "write and submit the evaluation"),
                EvaluationStatus.Submitted => ("review", byId.GetValueOrDefault(e.ReviewerUserId), e.DueDate, "review the submitted evaluation"),
                _ => ("acknowledge", byEmployee.GetValueOrDefault(e.EmployeeId),
                    DateOnly.FromDateTime(DepartmentCalendar.ToLocal(e.ApprovedAt!.Value)).AddDays(people.Value.AcknowledgeWithinDays), "read and acknowledge your evaluation"),
            };
            // No account (an employee who does not sign in) or a disabled one: nobody to remind.
            if (account is null) continue;
            var path = $"/evaluations/{e.Id}";
            var label = step == "acknowledge" ? e.Cycle : $"{e.Employee} · {e.Cycle}";
            var since = e.Since is { } at ? DateOnly.FromDateTime(DepartmentCalendar.ToLocal(at)) : today;
            var facts = new ReminderFacts(account.Id, account.DisplayName, e.Cycle, due, [new ReminderItem(label, detail, path)], step, since);

            // Every cadence while it waits: week n is owed from day n × cadence until the next, so a missed day is made up once.
            var rounds = (today.DayNumber - since.DayNumber) / cadence;
            if (rounds >= 1)
                owed.Add(new OwedReminder(ReminderKinds.EvaluationStepWaiting, account.Id, account.Email!,
                    string.Create(CultureInfo.InvariantCulture, $"evaluation-{e.Id}-{since:yyyyMMdd}-w{rounds}"), since.AddDays(rounds * cadence), since.AddDays((rounds + 1) * cadence - 1), facts));

            if (e.Status == EvaluationStatus.Submitted && today > e.DueDate)
                owed.Add(new OwedReminder(ReminderKinds.EvaluationReviewOverdue, account.Id, account.Email!, $"evaluation-{e.Id}", e.DueDate, e.DueDate, facts));
        }
        return owed;
    }
}
