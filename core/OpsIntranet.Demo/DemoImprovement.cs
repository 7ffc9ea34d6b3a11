using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using People = OpsIntranet.Core.People;

namespace OpsIntranet.Demo;

/// <summary>The demo's improvement work, written through the services: initiatives at different stages with actions and updates, a committee and a project.</summary>
public class DemoImprovement(AppDbContext db, Viewers viewers, InitiativeService initiatives, ProjectService projects, TimeProvider clock)
{
    internal async Task AddAsync(DemoDataSeeder.People people, CancellationToken ct)
    {
        var accounts = await db.Users.Where(u => u.EmployeeId != null).ToDictionaryAsync(u => u.EmployeeId!.Value, ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Code, u => u.Id, ct);
        // The demo acts as its people: each viewer is built from the account's roles and units, as a page would build it.
        async Task<Viewer> As(People.Employee e) => await viewers.ForUserAsync(accounts[e.Id].Id, ct);
        static int Must(Outcome o, string what) => o.Succeeded ? o.Id!.Value : throw new InvalidOperationException($"Demo {what} failed: {o.Message} {string.Join("; ", o.Errors.Values)}");
        async Task<int> Metric(string unit, string code) => await db.MetricDefinitions.Where(m => m.UnitId == units[unit] && m.Code == code).Select(m => m.Id).SingleAsync(ct);
        async Task<uint> Version(int id) => await db.Initiatives.Where(i => i.Id == id).Select(i => i.Version).SingleAsync(ct);

        var today = DepartmentCalendar.Today(clock);
        var last = DepartmentCalendar.PreviousMonth(clock);
        var maria = await As(people.ManagerA);
        var james = await As(people.ManagerB);
        var omar = people.SupervisorsByUnit["WIU"][0];
        var dana = people.SupervisorsByUnit["UCC"][0];
        var hannah = people.SupervisorsByUnit["TRN"][0];
        var tyrone = people.SupervisorsByUnit["CC"][0];

        // Walk-In: the wait has been sliding; the change started early in the month after the baseline ends
        // (never inside it, whatever today's date), and is in "do".
        var waitStart = last.AddMonths(-2).AddDays(4);
        var wait = Must(await initiatives.SaveAsync(maria, null, 0, new InitiativeInput(
            "Cut the first-week wait at the Walk-In counter",
            "Average wait has risen four months running; arrivals are flat but transactions take longer since the new payment terminals. Payment-day peaks overflow two windows.",
            [units["WIU"]], await Metric("WIU", "avg_wait"), DepartmentCalendar.MonthKey(last.AddMonths(-14)), DepartmentCalendar.MonthKey(last.AddMonths(-3)), "9.0",
            omar.Id, waitStart, today.AddMonths(3), InitiativeStage.Plan, InitiativeStatus.Active), ct), "initiative");
        Must(await initiatives.MoveAsync(maria, wait, await Version(wait), InitiativeStage.Do, InitiativeStatus.Active, "Second window opens on payment days from this month.", ct), "move");
        Must(await initiatives.AddActionAsync(maria, wait, "Open a second cashier window on the first five business days", omar.Id, today.AddMonths(-2), ct), "action");
        Must(await initiatives.AddActionAsync(maria, wait, "Retrain counter staff on the new payment terminal", hannah.Id, today.AddDays(-6), ct), "action");
        Must(await initiatives.AddActionAsync(maria, wait, "Post expected wait times at the entrance and online", omar.Id, today.AddDays(12), ct), "action");
        var firstAction = await db.InitiativeActions.Where(a => a.InitiativeId == wait).OrderBy(a => a.Id).FirstAsync(ct);
        var omarViewer = await As(omar);
        Must(await initiatives.CompleteActionAsync(omarViewer, wait, firstAction.Id, firstAction.Version, "Window 2 staffed from the cash office on payment days.", ct), "complete");
        Must(await initiatives.AddUpdateAsync(omarViewer, wait, today.AddDays(-10), "First payment week with two windows: longest queue 11 people, down from 19.", ct), "update");

        // Utility Contact Center: abandonment, now being checked against its baseline.
        var abandon = Must(await initiatives.SaveAsync(maria, null, 0, new InitiativeInput(
            "Bring abandonment back under 5% at the Utility Contact Center",
            "Abandonment crept above target during the winter peak; callers hang up in the first two minutes while the IVR message plays.",
            [units["UCC"]], await Metric("UCC", "abandonment_rate"), DepartmentCalendar.MonthKey(last.AddMonths(-17)), DepartmentCalendar.MonthKey(last.AddMonths(-6)), "5.0",
            dana.Id, today.AddMonths(-6), today.AddMonths(1), InitiativeStage.Plan, InitiativeStatus.Active), ct), "initiative");
        Must(await initiatives.AddActionAsync(maria, abandon, "Shorten the IVR greeting to 20 seconds", dana.Id, today.AddMonths(-5), ct), "action");
        var ivr = await db.InitiativeActions.Where(a => a.InitiativeId == abandon).SingleAsync(ct);
        var danaViewer = await As(dana);
        Must(await initiatives.CompleteActionAsync(danaViewer, abandon, ivr.Id, ivr.Version, null, ct), "complete");
        Must(await initiatives.MoveAsync(maria, abandon, await Version(abandon), InitiativeStage.Check, InitiativeStatus.Active, "Five months of data since the change; checking the result.", ct), "move");

        // Credit and Collections: a finished one.
        var plans = Must(await initiatives.SaveAsync(james, null, 0, new InitiativeInput(
            "Offer payment plans before disconnection notices",
            "Disconnection notices drive calls and walk-ins; many customers would take a plan if offered earlier.",
            [units["CC"]], null, null, null, null, tyrone.Id, today.AddMonths(-10), today.AddMonths(-1), InitiativeStage.Plan, InitiativeStatus.Active), ct), "initiative");
        Must(await initiatives.MoveAsync(james, plans, await Version(plans), InitiativeStage.Act, InitiativeStatus.Completed, "Standard work adopted; plan offers are now in every pre-notice letter.", ct), "move");

        // Cross-functional work: a committee and a project.
        var cis = Must(await projects.SaveAsync(await As(people.ManagerA), null, 0, new ProjectInput(ProjectKind.Committee, "Customer information system replacement — steering committee",
            "Represent Customer Operations in choosing and rolling out the new billing and customer information system: requirements, testing, training and cut-over.",
            ProjectStatus.Active, people.ManagerA.Id, today.AddMonths(-8), null), ct), "committee");
        var steering = await As(people.ManagerA);
        Must(await projects.AddMemberAsync(steering, cis, people.ManagerA.Id, null, "Chair", ct), "member");
        Must(await projects.AddMemberAsync(steering, cis, people.ManagerB.Id, null, "Member", ct), "member");
        Must(await projects.AddMemberAsync(steering, cis, hannah.Id, null, "Training lead", ct), "member");
        Must(await projects.AddMemberAsync(steering, cis, null, "IT project manager (Department of Innovation and Technology)", "Secretary", ct), "member");
        Must(await projects.AddEntryAsync(steering, cis, ProjectEntryKind.Meeting, today.AddDays(-21), "Vendor demonstrations debrief", "Shortlist of two; contact-center scripting is the deciding requirement.", false, ct), "entry");
        Must(await projects.AddEntryAsync(steering, cis, ProjectEntryKind.Milestone, today.AddMonths(2), "User acceptance testing complete", null, false, ct), "entry");
        var storm = Must(await projects.SaveAsync(await As(people.ManagerB), null, 0, new ProjectInput(ProjectKind.Project, "Winter storm readiness plan",
            "One plan for outage call surges: overflow routing, call-back messaging, staff call-out lists and the public information line.",
            ProjectStatus.Active, people.ManagerB.Id, today.AddMonths(-2), today.AddMonths(1)), ct), "project");
        Must(await projects.AddEntryAsync(await As(people.ManagerB), storm, ProjectEntryKind.Milestone, today.AddDays(-3), "Overflow routing tested with the telephony vendor", null, false, ct), "entry");
        Must(await projects.AddMemberAsync(await As(people.ManagerB), storm, dana.Id, null, "Contact center lead", ct), "member");
    }
}
