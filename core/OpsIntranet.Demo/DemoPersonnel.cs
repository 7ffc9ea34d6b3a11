using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.People;

namespace OpsIntranet.Demo;

/// <summary>
/// The demo's personnel records, written through the same services people use, so every record
/// carries the history and audit rows a real one would: last fiscal year's annual evaluations at
/// every step of the workflow, performance-log entries, progressive discipline and recommendations.
/// </summary>
public class DemoPersonnel(AppDbContext db, Viewers viewers, EvaluationService evaluations, PerformanceLogService log,
    DisciplineService discipline, RecommendationService recommendations, TimeProvider clock)
{
    private static readonly string[] Strengths =
    [
        "Keeps the team calm and focused during billing peaks; schedules were adjusted ahead of the winter surge.",
        "Coaches agents one to one every week; new hires reach proficiency faster than the department average.",
        "Knows the rate schedules and programs thoroughly and is the unit's first call for difficult escalations.",
    ];
    private static readonly string[] Areas =
    [
        "Written monthly summaries arrive late; explanations for red metrics need more detail.",
        "Delegate routine reporting so more time goes to floor observation.",
        "Plan staffing for the first week of each month earlier; queues built up twice this year.",
    ];
    private static readonly string[] Plans =
    [
        "Complete the City's supervisory writing course by March; submit monthly metrics by the 8th.",
        "Lead one continuous-improvement initiative this year and present its result to the department.",
        "Shadow the workforce planning analyst for two days each quarter; build the peak staffing plan.",
    ];

    internal async Task AddAsync(DemoDataSeeder.People people, Random random, CancellationToken ct)
    {
        var accounts = await db.Users.Where(u => u.EmployeeId != null).ToDictionaryAsync(u => u.EmployeeId!.Value, ct);
        // The demo acts as its people: each viewer is built from the account's roles and units, as a page would build it.
        async Task<Viewer> As(Employee e) => await viewers.ForUserAsync(accounts[e.Id].Id, ct);
        static int Must(Outcome o, string what) => o.Succeeded ? o.Id!.Value : throw new InvalidOperationException($"Demo {what} failed: {o.Message} {string.Join("; ", o.Errors.Values)}");

        var deputy = people.ByEmail[$"patricia.odum@{DemoDataSeeder.EmailDomain}"];
        var admin = people.ByEmail[$"kevin.tran@{DemoDataSeeder.EmailDomain}"];
        var maria = await As(people.ManagerA);
        var james = await As(people.ManagerB);
        var patricia = await As(deputy);
        var kevin = await As(admin);
        var sup = people.SupervisorsByUnit.ToDictionary(kv => kv.Key, kv => kv.Value[0]);
        var marcus = people.SupervisorsByUnit["UCC"][1];

        // Last fiscal year's annual cycle, due a few weeks after the year closed.
        var today = DepartmentCalendar.Today(clock);
        var fy = DepartmentCalendar.FiscalYearOf(today) - 1;
        var start = DepartmentCalendar.FiscalYearStart(fy);
        var end = DepartmentCalendar.FiscalYearEnd(fy);
        var due = end.AddDays(51);
        var teamA = new[] { sup["UCC"], marcus, sup["TCC"], sup["WIU"], sup["QA"], sup["TRN"] };
        var teamB = new[] { sup["CUS"], sup["CC"], sup["UBCP"], sup["ES"] };
        var cycleA = Must(await evaluations.CreateCycleAsync(maria, new CycleInput($"FY{fy} annual evaluations — contact centers, walk-in, QA and training", CycleKind.Annual, start, end, due, [.. teamA.Select(e => e.Id)], accounts[deputy.Id].Id), ct), "cycle");
        var cycleB = Must(await evaluations.CreateCycleAsync(james, new CycleInput($"FY{fy} annual evaluations — billing, credit, commercial and energy", CycleKind.Annual, start, end, due, [.. teamB.Select(e => e.Id)], accounts[deputy.Id].Id), ct), "cycle");

        async Task<Evaluation> Load(int cycle, Employee e) => await db.Evaluations.Include(x => x.Ratings).AsNoTracking().SingleAsync(x => x.CycleId == cycle && x.EmployeeId == e.Id, ct);
        async Task<uint> VersionOf(int id) => await db.Evaluations.Where(x => x.Id == id).Select(x => x.Version).SingleAsync(ct);
        async Task Write(Viewer writer, int cycle, Employee e, bool complete, bool submit, int lean)
        {
            var ev = await Load(cycle, e);
            var ratings = ev.Ratings.OrderBy(r => r.SortOrder).Select((r, i) =>
            {
                if (!complete && i >= 4) return new RatingInput(r.Id, null, null);
                var value = Math.Clamp(3 + lean + random.Next(-1, 2), 2, 5);
                var comment = value == 5 ? $"Consistently outstanding in {r.Name.ToLowerInvariant()}; cited by peers and customers." : value <= 2 ? $"Below standard in {r.Name.ToLowerInvariant()} on several occasions this year." : null;
                return new RatingInput(r.Id, value.ToString(System.Globalization.CultureInfo.InvariantCulture), comment);
            }).ToList();
            var k = random.Next(Strengths.Length);
            Must(await evaluations.SaveAsync(writer, ev.Id, await VersionOf(ev.Id),
                new EvaluationInput(ratings, complete ? Strengths[k] : null, complete ? Areas[k] : null, complete ? Plans[k] : null), submit, ct), "evaluation");
        }

        // Team A: every step of the workflow is on show.
        await Write(maria, cycleA, marcus, true, true, 1);
        var marcusEv = (await Load(cycleA, marcus)).Id;
        Must(await evaluations.ApproveAsync(patricia, marcusEv, await VersionOf(marcusEv), null, ct), "approval");
        Must(await evaluations.AcknowledgeAsync(await As(marcus), marcusEv, await VersionOf(marcusEv), "Thank you; I would like the writing course scheduled early.", ct), "acknowledgement");
        Must(await evaluations.CloseAsync(maria, marcusEv, await VersionOf(marcusEv), null, ct), "close");

        await Write(maria, cycleA, sup["QA"], true, true, 1);
        var qaEv = (await Load(cycleA, sup["QA"])).Id;
        Must(await evaluations.ApproveAsync(patricia, qaEv, await VersionOf(qaEv), "Well evidenced.", ct), "approval");
        Must(await evaluations.AcknowledgeAsync(await As(sup["QA"]), qaEv, await VersionOf(qaEv), null, ct), "acknowledgement");

        await Write(maria, cycleA, sup["UCC"], true, true, 0);
        var danaEv = (await Load(cycleA, sup["UCC"])).Id;
        Must(await evaluations.ReturnAsync(patricia, danaEv, await VersionOf(danaEv), "Add the service-level recovery in the spring to the strengths.", ct), "return");
        await Write(maria, cycleA, sup["UCC"], true, true, 0);
        Must(await evaluations.ApproveAsync(patricia, danaEv, await VersionOf(danaEv), null, ct), "approval");

        await Write(maria, cycleA, sup["TCC"], true, true, 0);
        await Write(maria, cycleA, sup["WIU"], false, false, -1);

        // Team B: one submitted, the rest still with the manager.
        await Write(james, cycleB, sup["CC"], true, true, 0);
        await Write(james, cycleB, sup["UBCP"], false, false, 0);

        // The performance log: the evidence a manager keeps through the year.
        var entries = new (Employee Who, Viewer By, LogEntryType Type, int DaysAgo, string Summary, string Details, bool Shared)[]
        {
            (sup["UCC"], maria, LogEntryType.Conference, 160, "Quarterly conference: service level recovery plan", "Agreed to move two agents to the early shift and to review abandoned-call reasons weekly.", true),
            (sup["UCC"], maria, LogEntryType.Commendation, 95, "Storm week: queue kept under 3 minutes", "Organised overtime and cross-trained staff within a day; customers and the City Manager's Office noticed.", true),
            (sup["UCC"], maria, LogEntryType.ReportReview, 40, "September report: explanations thin", "Red months had one-line explanations; asked for cause, action and expected recovery.", false),
            (sup["WIU"], maria, LogEntryType.Observation, 70, "Counter observation, first week of the month", "Wait exceeded 20 minutes for an hour; only two windows open. Discussed staffing the peak.", false),
            (sup["WIU"], maria, LogEntryType.Coaching, 30, "Coaching: planning for payment-day peaks", "Walked through last year's arrivals by hour; supervisor to draft a peak rota by the 15th.", true),
            (sup["WIU"], maria, LogEntryType.WorkAnalysis, 12, "Work analysis: average wait rising four months running", "Arrivals are flat; transaction time is up 0.6 minutes. Likely cause: new payment terminal.", false),
            (sup["CC"], james, LogEntryType.Conference, 50, "Mid-year conference", "Payment-plan uptake ahead of plan; disconnection notices down. Discussed succession for the lead specialist.", true),
        };
        foreach (var (who, by, type, daysAgo, summary, details, shared) in entries)
        {
            var id = Must(await log.AddAsync(by, who.Id, new LogInput(type, today.AddDays(-daysAgo), summary, details, shared), ct), "log entry");
            // Written on the day, as a real log would be; so their correction windows closed long ago.
            var written = await db.PerformanceLog.SingleAsync(e => e.Id == id, ct);
            var local = written.Date.ToDateTime(new TimeOnly(17, 0));
            written.CreatedAt = new DateTimeOffset(local, DepartmentCalendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
            await db.SaveChangesAsync(ct);
        }

        // Progressive discipline on Walk-In: counseling administered last year, a reprimand waiting for approval.
        var counseling = Must(await discipline.RecommendAsync(maria, sup["WIU"].Id, new DisciplineInput(DisciplineLevel.DocumentedCounseling, today.AddDays(-200),
            "Attendance and punctuality policy, section 4", "Late to open the counter on three occasions in two weeks; the counter opened 15–25 minutes late each time.", false), ct), "discipline");
        Must(await discipline.ApproveAsync(kevin, counseling, await db.DisciplinaryActions.Where(a => a.Id == counseling).Select(a => a.Version).SingleAsync(ct), "Consistent with policy.", ct), "approval");
        Must(await discipline.AdministerAsync(maria, counseling, await db.DisciplinaryActions.Where(a => a.Id == counseling).Select(a => a.Version).SingleAsync(ct), today.AddDays(-195), "Counseling meeting held; memo signed.", ct), "administer");
        Must(await discipline.RecommendAsync(maria, sup["WIU"].Id, new DisciplineInput(DisciplineLevel.WrittenReprimand, today.AddDays(-9),
            "Cash handling procedure CH-2", "Cash drawer reconciliation skipped on two days; a $140 variance went unreported until audit.", false), ct), "discipline");

        // Recommendations: a promotion waiting, a hire approved, a transfer denied.
        Must(await recommendations.CreateAsync(maria, new RecommendationInput(RecommendationType.Promotion, sup["UCC"].Id, null, null,
            "Has run the contact center's largest shift for four years; recovered service level after the spring outage. Ready for the senior supervisor post.", today.AddDays(45), false), ct), "recommendation");
        var hire = Must(await recommendations.CreateAsync(maria, new RecommendationInput(RecommendationType.Hire, null, "Jordan Ellis", sup["UCC"].UnitId,
            "Strongest of eight interviewed; six years of utility call-center experience, bilingual.", today.AddDays(20), false), ct), "recommendation");
        Must(await recommendations.DecideAsync(kevin, hire, await db.Recommendations.Where(r => r.Id == hire).Select(r => r.Version).SingleAsync(ct), true, "Budgeted position 4410; offer approved.", ct), "decision");
        var transfer = Must(await recommendations.CreateAsync(maria, new RecommendationInput(RecommendationType.Transfer, marcus.Id, null, sup["TCC"].UnitId,
            "Would balance experience between the two contact centers.", today.AddDays(30), false), ct), "recommendation");
        Must(await recommendations.DecideAsync(kevin, transfer, await db.Recommendations.Where(r => r.Id == transfer).Select(r => r.Version).SingleAsync(ct), false, "Utility Contact Center cannot lose a supervisor before the winter peak; revisit in spring.", ct), "decision");
    }
}
