using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web;

/// <summary>
/// Ids that arrive in a form body (owners, linked metrics, units, employees, recommendation subjects)
/// are checked against the person's scope by the services, not only the ids in the route: a form
/// edited by hand answers 422 (or 404) and changes nothing. Maria manages the contact centers,
/// walk-in, QA and training; James manages billing, credit and collections, commercial and energy.
/// </summary>
public class ForgedIdsTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Ids(int Ucc, int Cc, int CcSupervisor, int UccEmployeeWithoutAccount, int CcMetric, int UccMetric, int Dana, int Trainer);

    private async Task<Ids> IdsAsync()
    {
        await using var db = app.Factory.CreateDbContext();
        var ucc = await db.Units.Where(u => u.Code == "UCC").Select(u => u.Id).SingleAsync();
        var cc = await db.Units.Where(u => u.Code == "CC").Select(u => u.Id).SingleAsync();
        var withAccount = db.Users.Where(u => u.EmployeeId != null).Select(u => u.EmployeeId!.Value);
        return new Ids(ucc, cc,
            await db.Employees.Where(e => e.UnitId == cc && e.IsActive && withAccount.Contains(e.Id)).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(),
            await db.Employees.Where(e => e.UnitId == ucc && e.IsActive && !withAccount.Contains(e.Id)).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(),
            await db.MetricDefinitions.Where(m => m.UnitId == cc).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(),
            await db.MetricDefinitions.Where(m => m.UnitId == ucc && m.IsActive).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(),
            await db.Employees.Where(e => e.Email == DemoUsers.UccSupervisor).Select(e => e.Id).SingleAsync(),
            await db.Employees.Where(e => e.Unit!.Code == "TRN" && e.IsActive && withAccount.Contains(e.Id)).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string because)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{because}: {(int)response.StatusCode}");
        Assert.NotNull((await response.ParseAsync()).QuerySelector($"#{field}-error"));
    }

    [Fact]
    public async Task Goal_OwnerOrMetricOutsideTheUnit_IsRefused()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var goals = await db.UnitGoals.CountAsync();
        (string, string)[] Goal(string owner, string metric) =>
            [("Input.FiscalYear", "2027"), ("Input.Statement", "Cut repeat calls"), ("Input.OwnerEmployeeId", owner), ("Input.DueDate", "2027-06-30"),
             ("Input.Weight", "0"), ("Input.Status", "OnTrack"), ("Input.MetricDefinitionId", metric)];

        await AssertRefusedAsync(await maria.PostFormAsync($"/units/{ids.Ucc}/goals/new", Goal(V(ids.CcSupervisor), "")), "OwnerEmployeeId", "owner from James's unit");
        await AssertRefusedAsync(await maria.PostFormAsync($"/units/{ids.Ucc}/goals/new", Goal("", V(ids.CcMetric))), "MetricDefinitionId", "metric of James's unit");
        Assert.Equal(goals, await db.UnitGoals.CountAsync());

        // Editing an existing goal: the same checks.
        var goal = await db.UnitGoals.Where(g => g.UnitId == ids.Ucc && g.FiscalYear == 2027).OrderBy(g => g.Id).FirstAsync();
        var edit = await maria.PostFormAsync($"/goals/{goal.Id}/edit", ("Input.Statement", goal.Statement), ("Input.OwnerEmployeeId", V(ids.CcSupervisor)),
            ("Input.DueDate", goal.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("Input.Weight", V(goal.Weight)),
            ("Input.Status", goal.Status.ToString()), ("Input.Version", goal.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await AssertRefusedAsync(edit, "OwnerEmployeeId", "edited owner from James's unit");
        Assert.Equal(goal.OwnerEmployeeId, await db.UnitGoals.Where(g => g.Id == goal.Id).Select(g => g.OwnerEmployeeId).SingleAsync());

        // The form offers only people the goal may have, and the unit's own people are fine.
        var form = await maria.GetDocumentAsync($"/units/{ids.Ucc}/goals/new");
        Assert.Null(form.QuerySelector($"select[name='Input.OwnerEmployeeId'] option[value='{ids.CcSupervisor}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/units/{ids.Ucc}/goals/new", Goal(V(ids.Dana), V(ids.UccMetric)))).StatusCode);
    }

    [Fact]
    public async Task Initiative_OwnerMetricOrUnitOutsideScope_IsRefused()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var before = await db.Initiatives.CountAsync();
        (string, string)[] Initiative(string unit, string owner, string metric) =>
            [("Title", "Fewer transfers"), ("ProblemStatement", "Calls are transferred twice."), ("UnitIds", unit), ("OwnerEmployeeId", owner), ("MetricDefinitionId", metric),
             ("BaselineFrom", metric == "" ? "" : "2025-11"), ("BaselineTo", metric == "" ? "" : "2026-10"), ("StartDate", "2026-11-15"), ("DueDate", "2027-03-31"), ("Stage", "Plan"), ("Status", "Active")];

        await AssertRefusedAsync(await maria.PostFormAsync("/initiatives/new", Initiative(V(ids.Ucc), V(ids.CcSupervisor), "")), "OwnerEmployeeId", "owner from James's unit");
        await AssertRefusedAsync(await maria.PostFormAsync("/initiatives/new", Initiative(V(ids.Ucc), "", V(ids.CcMetric))), "MetricDefinitionId", "metric of James's unit");
        await AssertRefusedAsync(await maria.PostFormAsync("/initiatives/new", Initiative(V(ids.Cc), "", "")), "UnitIds", "James's unit");
        Assert.Equal(before, await db.Initiatives.CountAsync());

        var form = await maria.GetDocumentAsync("/initiatives/new");
        Assert.Null(form.QuerySelector($"#OwnerEmployeeId option[value='{ids.CcSupervisor}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync("/initiatives/new", Initiative(V(ids.Ucc), V(ids.Dana), ""))).StatusCode);
    }

    [Fact]
    public async Task InitiativeAction_OwnerWithoutAnAccount_IsRefused_AnyUnitWithAnAccountIsFine()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var initiative = await db.Initiatives.Where(i => i.Units.Any(u => u.UnitId == ids.Ucc) && i.Status == OpsIntranet.Core.Improvement.InitiativeStatus.Active).Select(i => i.Id).FirstAsync();
        var actions = await db.InitiativeActions.CountAsync(a => a.InitiativeId == initiative);
        var refused = await maria.PostFormAsync($"/initiatives/{initiative}?handler=AddAction", ("actionDescription", "Script review"), ("actionOwner", V(ids.UccEmployeeWithoutAccount)), ("actionDue", "2026-12-15"));
        await AssertRefusedAsync(refused, "ActionOwner", "owner who cannot sign in to complete it");
        Assert.Equal(actions, await db.InitiativeActions.CountAsync(a => a.InitiativeId == initiative));
        // The documented rule: someone from any unit, with an account (a trainer running a contact center's refresher).
        var trainer = await maria.PostFormAsync($"/initiatives/{initiative}?handler=AddAction", ("actionDescription", "Refresher on holds"), ("actionOwner", V(ids.Trainer)), ("actionDue", "2026-12-15"));
        Assert.Equal(HttpStatusCode.Redirect, trainer.StatusCode);
    }

    [Fact]
    public async Task MetricDefinitionSteps_OnAnotherUnitsMetric_Answer404_AndChangeNothing()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        foreach (var handler in new[] { "Deactivate", "Up", "Down", "Delete" })
        {
            var response = await maria.PostFormAsync($"/units/{ids.Ucc}/metrics?handler={handler}", ("metricId", V(ids.CcMetric)));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler}: {(int)response.StatusCode}");
        }
        var metric = await db.MetricDefinitions.AsNoTracking().SingleAsync(m => m.Id == ids.CcMetric);
        Assert.True(metric.IsActive);
    }

    [Fact]
    public async Task PersonnelForms_WithSomeoneOutsideTheFile_AreRefused()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var recommendations = await db.Recommendations.CountAsync();
        var cycles = await db.EvaluationCycles.CountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await maria.PostFormAsync("/recommendations/new", ("Type", "Promotion"), ("EmployeeId", V(ids.CcSupervisor)), ("Justification", "Strong year."))).StatusCode);
        await AssertRefusedAsync(await maria.PostFormAsync("/recommendations/new", ("Type", "Hire"), ("CandidateName", "Pat Lee"), ("UnitId", V(ids.Cc)), ("Justification", "Vacancy.")), "UnitId", "hire into James's unit");
        var reviewer = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "Special review"), ("Kind", "Special"), ("PeriodStart", "2026-01-01"),
            ("PeriodEnd", "2026-06-30"), ("DueDate", "2026-12-15"), ("EmployeeIds", V(ids.CcSupervisor)), ("ReviewerUserId", V(reviewer)))).StatusCode);
        Assert.Equal(recommendations, await db.Recommendations.CountAsync());
        Assert.Equal(cycles, await db.EvaluationCycles.CountAsync());
    }

    [Fact]
    public async Task NewCycle_ReviewerWhoManagesOtherUnits_IsRefusedAndNotOffered()
    {
        var ids = await IdsAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var james = await db.Users.Where(u => u.Email == DemoUsers.ManagerB).Select(u => u.Id).SingleAsync();
        var patricia = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
        var form = await maria.GetDocumentAsync("/evaluations/cycles/new");
        var offered = form.QuerySelectorAll("select[name=ReviewerUserId] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.DoesNotContain(V(james), offered);
        Assert.Contains(V(patricia), offered);

        // James manages other units: naming him would let him read Maria's people's evaluations.
        var cycles = await db.EvaluationCycles.CountAsync();
        await AssertRefusedAsync(await maria.PostFormAsync("/evaluations/cycles/new", ("Name", "Special review"), ("Kind", "Special"), ("PeriodStart", "2026-01-01"),
            ("PeriodEnd", "2026-06-30"), ("DueDate", "2026-12-15"), ("EmployeeIds", V(ids.Dana)), ("ReviewerUserId", V(james))), "ReviewerUserId", "James as reviewer");
        Assert.Equal(cycles, await db.EvaluationCycles.CountAsync());
    }
}
