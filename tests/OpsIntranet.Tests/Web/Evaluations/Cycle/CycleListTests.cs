using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Evaluations.Cycle;

/// <summary>
/// A cycle's list at citywide size: a page of 100 with Previous/Next and "1–100 of N", filters by unit, status and
/// name, bad query input answered with the list, only the shown rows audited as read, and packets for the whole
/// filter (every page), not only the page's ticks.
/// </summary>
public class CycleListTests : IAsyncLifetime
{
    private OpsWebFactory _app = default!;
    private TestData Data => new(_app);

    public async Task InitializeAsync()
    {
        _app = new OpsWebFactory(await TestDatabases.CreateEmptyAsync());
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        var cs = _app.ConnectionString;
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    private const int InUcc = 70;
    private const int InWiu = 35;

    private sealed record Department(BuiltUser Manager, BuiltUser OtherManager, int CycleId, int[] Ucc, int[] Wiu, int WiuUnit, string FirstUccName, BuiltUser Reviewer);

    /// <summary>
    /// 105 people of one manager in one cycle (70 at the contact center named "Ucc 001…", 35 at the walk-in unit named
    /// "Wiu 001…"); two of each unit approved. Another manager keeps nobody in it.
    /// </summary>
    private async Task<Department> DepartmentAsync()
    {
        var ucc = await Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var wiu = await Data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        var qa = await Data.Unit("QA").Named("Quality Assurance").BuildAsync();
        var manager = await Data.User("Maria", "Alvarez").ManagerOf(ucc, wiu).BuildAsync();
        var other = await Data.User("James", "Whitfield").ManagerOf(qa).BuildAsync();
        var reviewer = await Data.User("Patricia", "Odum").Leadership().BuildAsync();
        var people = await Data.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var list = Enumerable.Range(1, InUcc).Select(i => (Unit: ucc.Id, First: "Ucc", Last: i.ToString("000", CultureInfo.InvariantCulture)))
                .Concat(Enumerable.Range(1, InWiu).Select(i => (Unit: wiu.Id, First: "Wiu", Last: i.ToString("000", CultureInfo.InvariantCulture))))
                .Select(p => new OpsIntranet.Core.People.Employee
                {
                    FirstName = p.First, LastName = p.Last, Position = "Customer Service Representative II", UnitId = p.Unit, ReportsToId = manager.Employee.Id,
                    HireDate = new DateOnly(2020, 3, 2), Email = $"{p.First}.{p.Last}@builder.example".ToLowerInvariant(),
                }).ToList();
            db.Employees.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        var evaluations = await Data.InScopeAsync(async services =>
        {
            var viewer = await TestData.ViewerAsync(services, manager);
            var input = new CycleInput("FY2026 annual evaluations", CycleKind.Annual, new DateOnly(2025, 10, 1), new DateOnly(2026, 9, 30), new DateOnly(2026, 11, 29),
                [.. people.Select(p => p.Id)], reviewer.Id);
            var cycle = TestData.Must(await services.GetRequiredService<EvaluationService>().CreateCycleAsync(viewer, input), "a cycle");
            return await services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.CycleId == cycle).ToDictionaryAsync(e => e.EmployeeId, e => e.Id);
        });
        var uccIds = people.Where(p => p.UnitId == ucc.Id).Select(p => evaluations[p.Id]).ToArray();
        var wiuIds = people.Where(p => p.UnitId == wiu.Id).Select(p => evaluations[p.Id]).ToArray();
        foreach (var id in new[] { uccIds[0], uccIds[1], wiuIds[0], wiuIds[1] }) await ApproveAsync(id, manager, reviewer);
        var cycleId = await Data.InScopeAsync(services => services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.Id == uccIds[0]).Select(e => e.CycleId).SingleAsync());
        return new Department(manager, other, cycleId, uccIds, wiuIds, wiu.Id, "Ucc 001", reviewer);
    }

    private async Task ApproveAsync(int id, BuiltUser evaluator, BuiltUser reviewer)
    {
        await Data.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var ratings = await db.EvaluationRatings.Where(r => r.EvaluationId == id).Select(r => r.Id).ToListAsync();
            var version = await db.Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
            var input = new EvaluationInput([.. ratings.Select(r => new RatingInput(r, "3", null))], "Calm under pressure.", "Reports arrive late.", "Writing course.");
            return TestData.Must(await services.GetRequiredService<EvaluationService>().SaveAsync(await TestData.ViewerAsync(services, evaluator), id, version, input, submit: true), "a submission");
        });
        await Data.InScopeAsync(async services =>
        {
            var version = await services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
            return TestData.Must(await services.GetRequiredService<EvaluationService>().ApproveAsync(await TestData.ViewerAsync(services, reviewer), id, version, null), "an approval");
        });
    }

    private static string Page(int cycleId, string query = "") => $"/evaluations/cycles/{cycleId}{query}";

    private static List<int> Rows(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll("#progress tbody tr[data-evaluation]").Select(r => int.Parse(r.GetAttribute("data-evaluation")!, CultureInfo.InvariantCulture))];

    private static string Count(AngleSharp.Dom.IDocument page) => page.QuerySelector("#progress-count")!.TextContent.Trim();

    private async Task<List<int>> ListedAuditAsync(int userId)
    {
        await using var db = _app.CreateDbContext();
        // A showing of the list is one entry naming the evaluations shown, in order.
        var entries = await db.AuditEntries.Where(a => a.UserId == userId && a.Action == AuditAction.Viewed && a.RecordType == AuditRecords.Evaluation && a.Detail == "listed in cycle progress")
            .OrderBy(a => a.Id).Select(a => new { a.RecordId, a.RecordIds }).ToListAsync();
        return [.. entries.SelectMany(a => a.RecordIds ?? [a.RecordId])];
    }

    [Fact]
    public async Task CyclePage_ShowsAHundredAPage_WithPreviousAndNext_AndAuditsOnlyTheRowsShown()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);

        var first = await maria.GetDocumentAsync(Page(d.CycleId));
        var firstRows = Rows(first);
        Assert.Equal(100, firstRows.Count);
        Assert.Equal("1–100 of 105", Count(first));
        Assert.Equal(d.FirstUccName, first.QuerySelector("#progress tbody tr td a")!.TextContent);
        Assert.NotNull(first.QuerySelector("#progress-pages a[rel=next]"));
        Assert.Null(first.QuerySelector("#progress-pages a[rel=prev]"));
        // The tiles count the whole cycle, not the page: 101 drafts, 4 approved.
        Assert.Equal(new[] { "101", "0", "4", "0", "0" }, first.QuerySelectorAll("#cycle-summary .tile .n").Take(5).Select(n => n.TextContent.Trim()));
        // The packet ticks are the page's rows, in the same order.
        Assert.Equal(firstRows, first.QuerySelectorAll("#packet-candidates tbody tr[data-evaluation]").Select(r => int.Parse(r.GetAttribute("data-evaluation")!, CultureInfo.InvariantCulture)));
        Assert.Equal(firstRows.Order(), (await ListedAuditAsync(d.Manager.Id)).Order());

        var second = await maria.GetDocumentAsync(first.QuerySelector("#progress-pages a[rel=next]")!.GetAttribute("href")!);
        var secondRows = Rows(second);
        Assert.Equal(5, secondRows.Count);
        Assert.Equal("101–105 of 105", Count(second));
        Assert.Empty(secondRows.Intersect(firstRows));
        Assert.NotNull(second.QuerySelector("#progress-pages a[rel=prev]"));
        Assert.Null(second.QuerySelector("#progress-pages a[rel=next]"));
        // Each view audits what it showed, and nothing it did not.
        Assert.Equal(firstRows.Concat(secondRows).Order(), (await ListedAuditAsync(d.Manager.Id)).Order());
    }

    [Fact]
    public async Task AShowingOfTheList_IsOneAuditEntry_ThatTheAuditLogFindsByAnyEvaluationOrPersonOnIt()
    {
        var d = await DepartmentAsync();
        var kevin = await Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);
        var shown = Rows(await maria.GetDocumentAsync(Page(d.CycleId, $"?Unit={d.WiuUnit}")));
        Assert.Equal(35, shown.Count);

        await using (var db = _app.CreateDbContext())
        {
            // One entry naming the 35 evaluations in the order shown and the 35 people they are about; no single record.
            var entry = await db.AuditEntries.SingleAsync(a => a.UserId == d.Manager.Id && a.Detail == "listed in cycle progress");
            Assert.Equal(shown, entry.RecordIds);
            Assert.Equal((0, (int?)null), (entry.RecordId, entry.SubjectEmployeeId));
            var people = await db.Evaluations.Where(e => shown.Contains(e.Id)).Select(e => e.EmployeeId).ToListAsync();
            Assert.Equal(people.Order(), entry.SubjectEmployeeIds!.Order());
        }

        // The administrator asks who saw the fifth evaluation, and who saw its person: the listing answers both.
        var admin = await _app.SignedInClientAsync(kevin);
        var byRecord = await admin.GetDocumentAsync($"/admin/audit?RecordType=Evaluation&RecordId={shown[4]}&Action=Viewed");
        var row = Assert.Single(byRecord.QuerySelectorAll("#audit tbody tr"));
        Assert.Equal($"35 evaluations, #{shown[4]} among them", row.QuerySelector("td:nth-child(4) summary")!.TextContent.Trim());
        Assert.Equal(35, row.QuerySelectorAll("td:nth-child(4) details a").Length);
        Assert.Equal("35 people", row.QuerySelector("td:nth-child(5) summary")!.TextContent.Trim());

        await using (var db = _app.CreateDbContext())
        {
            var person = await db.Evaluations.Where(e => e.Id == shown[4]).Select(e => new { e.EmployeeId, Name = e.Employee!.FirstName + " " + e.Employee.LastName }).SingleAsync();
            var byPerson = await admin.GetDocumentAsync($"/admin/audit?Subject={person.EmployeeId}&Action=Viewed");
            var about = Assert.Single(byPerson.QuerySelectorAll("#audit tbody tr")).QuerySelector("td:nth-child(5) summary")!.TextContent.Trim();
            Assert.Equal($"{person.Name} and 34 others", about);
        }
        // An evaluation the list did not show finds nothing.
        var notShown = await admin.GetDocumentAsync($"/admin/audit?RecordType=Evaluation&RecordId={d.Ucc[0]}&Action=Viewed");
        Assert.Empty(notShown.QuerySelectorAll("#audit tbody tr"));
    }

    [Fact]
    public async Task KeptCyclePage_IsAuditedAtEveryShowing_FollowsChangesFromEitherNode_AndShowsABatchTheMomentItStarts()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);

        // The second showing is the kept page: the same rows, and audited again, as every showing is.
        var first = Rows(await maria.GetDocumentAsync(Page(d.CycleId)));
        var again = Rows(await maria.GetDocumentAsync(Page(d.CycleId)));
        Assert.Equal(first, again);
        Assert.Equal(first.Concat(again).Order(), (await ListedAuditAsync(d.Manager.Id)).Order());

        // A person renamed from another app instance on the same database: the next showing has the new name.
        await using (var nodeB = new OpsWebFactory(_app.ConnectionString))
        {
            await using var scope = nodeB.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var employee = await db.Evaluations.Where(e => e.Id == d.Ucc[0]).Select(e => e.Employee!).SingleAsync();
            employee.FirstName = "Ucca";
            await db.SaveChangesAsync();
        }
        var renamed = await maria.GetDocumentAsync(Page(d.CycleId));
        Assert.Equal("Ucca 001", renamed.QuerySelector($"#progress tr[data-evaluation='{d.Ucc[0]}'] td a")!.TextContent);

        // An approval on this node: the tiles count it at once (5 approved, was 4).
        await ApproveAsync(d.Ucc[2], d.Manager, d.Reviewer);
        var approved = await maria.GetDocumentAsync(Page(d.CycleId));
        Assert.Equal("5", approved.QuerySelectorAll("#cycle-summary .tile .n").ElementAt(2).TextContent.Trim());

        // Packet batches are not on the data version (their counts move with every packet), yet a batch shows as soon as it starts.
        Assert.Null(approved.QuerySelector("#packet-batch"));
        var response = await maria.PostFormAsync($"{Page(d.CycleId)}?handler=Generate", approved.QuerySelector("#generate-packets")!.Fields(("Scope", "all")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull((await maria.GetDocumentAsync(Page(d.CycleId))).QuerySelector("#packet-batch"));
    }

    [Fact]
    public async Task CyclePage_FiltersByUnitStatusAndName_AndAnswersBadInputWithTheList()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);

        var walkIn = await maria.GetDocumentAsync(Page(d.CycleId, $"?Unit={d.WiuUnit}"));
        Assert.Equal(d.Wiu.Order(), Rows(walkIn).Order());
        Assert.Equal("1–35 of 35 (filtered from 105)", Count(walkIn));
        Assert.Null(walkIn.QuerySelector("#progress-pages"));

        var approved = await maria.GetDocumentAsync(Page(d.CycleId, "?Status=Approved"));
        Assert.Equal(new[] { d.Ucc[0], d.Ucc[1], d.Wiu[0], d.Wiu[1] }.Order(), Rows(approved).Order());
        var approvedHere = await maria.GetDocumentAsync(Page(d.CycleId, $"?Status=approved&Unit={d.WiuUnit}"));
        Assert.Equal(new[] { d.Wiu[0], d.Wiu[1] }.Order(), Rows(approvedHere).Order());

        var byName = await maria.GetDocumentAsync(Page(d.CycleId, "?Q=%20wiu%20035%20"));
        Assert.Equal(new[] { d.Wiu[34] }, Rows(byName));
        Assert.Equal("wiu 035", byName.QuerySelector("input#Q")!.GetAttribute("value"));
        // The evaluator's name finds every evaluation they write.
        Assert.Equal(105, Rows(await maria.GetDocumentAsync(Page(d.CycleId, "?Q=Alvarez&p=2"))).Count + 100);

        var none = await maria.GetDocumentAsync(Page(d.CycleId, "?Q=Nobody+by+that+name"));
        Assert.Empty(Rows(none));
        Assert.Equal("No evaluation matches the filter. (filtered from 105)", Count(none));

        // A page past the end is the last page; below 1 or unreadable, the first.
        Assert.Equal("101–105 of 105", Count(await maria.GetDocumentAsync(Page(d.CycleId, "?p=999"))));
        Assert.Equal("1–35 of 35 (filtered from 105)", Count(await maria.GetDocumentAsync(Page(d.CycleId, $"?Unit={d.WiuUnit}&p=7"))));
        foreach (var query in new[] { "?p=-1", "?p=0", "?p=abc", "?Unit=abc", "?p=99999999999999" })
            Assert.Equal("1–100 of 105", Count(await maria.GetDocumentAsync(Page(d.CycleId, query))));
        // A status or unit that names nothing is said, and the list shows everything.
        foreach (var query in new[] { "?Status=bogus", "?Status=7", "?Unit=999999" })
        {
            var page = await maria.GetDocumentAsync(Page(d.CycleId, query));
            Assert.Equal("1–100 of 105", Count(page));
            Assert.NotNull(page.QuerySelector(".alert-warning"));
        }
        // Out of scope stays 404 whatever the query.
        var james = await _app.SignedInClientAsync(d.OtherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await james.GetAsync(Page(d.CycleId, "?p=2&Status=Approved"))).StatusCode);
        Assert.Empty(await ListedAuditAsync(d.OtherManager.Id));
    }

    [Fact]
    public async Task GeneratePackets_ForTheFilter_TakesEveryApprovedEvaluationItMatches_OnEveryPage()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);

        // Not filtered: the whole cycle and the ticks, no filter button.
        Assert.Null((await maria.GetDocumentAsync(Page(d.CycleId))).QuerySelector("#generate-filter"));
        // "Ucc" matches 70 people over two pages; its button counts the approved ones among all of them.
        Assert.Contains("2 approved evaluations", (await maria.GetDocumentAsync(Page(d.CycleId, "?Q=Ucc&p=2"))).QuerySelector("#generate-filter")!.TextContent);
        var filtered = await maria.GetDocumentAsync(Page(d.CycleId, "?Q=Wiu"));
        Assert.Contains("2 approved evaluations", filtered.QuerySelector("#generate-filter")!.TextContent);
        var fields = filtered.QuerySelector("#generate-packets")!.Fields(("Scope", "filter"));
        var response = await maria.PostFormAsync($"{Page(d.CycleId)}?handler=Generate", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var db = _app.CreateDbContext();
        var batch = await db.Set<PacketBatch>().Include(b => b.Items).SingleAsync(b => b.CycleId == d.CycleId);
        Assert.False(batch.WholeCycle);
        Assert.Equal(new[] { d.Wiu[0], d.Wiu[1] }.Order(), batch.Items.Select(i => i.EvaluationId).Order());
    }
}
