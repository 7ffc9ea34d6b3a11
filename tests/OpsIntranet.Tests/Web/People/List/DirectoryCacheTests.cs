using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Data;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.People.List;

/// <summary>
/// The people directory is kept as rendered HTML per data version, person and query (PageCache). A kept list is served
/// without the directory's queries, shows a change on the next request — made on this node or another app instance on
/// the same database, to a person or to an account — and is never served to another person, scope or query.
/// </summary>
public class DirectoryCacheTests : IAsyncLifetime
{
    private string _cs = "";
    private readonly SqlLog _sql = new();
    private NodeWithSqlLog _node = default!;

    public async Task InitializeAsync()
    {
        _cs = await TestDatabases.CreateEmptyAsync();
        _node = new NodeWithSqlLog(_cs, _sql);
        _ = _node.Server;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabases.DropAsync(_cs);
    }

    private sealed record Department(BuiltUnit North, BuiltUnit South, BuiltUser Nora, BuiltUser Sam, BuiltUser Dina, BuiltUser NorthSupervisor, int Okafor, int Reyes);

    /// <summary>
    /// Two units; Nora and Dina manage the north one (same scope, two people), Sam the south one. Okafor works in the
    /// north unit, Tan supervises the south one, and Reyes sits outside every unit but reports to Nora (hers alone).
    /// </summary>
    private async Task<Department> ArrangeAsync()
    {
        var data = new TestData(_node);
        var north = await data.Unit("NOR").Named("North Office").BuildAsync();
        var south = await data.Unit("SOU").Named("South Office").BuildAsync();
        var nora = await data.User("Nora", "Hale").ManagerOf(north).BuildAsync();
        var sam = await data.User("Sam", "Osei").ManagerOf(south).BuildAsync();
        var dina = await data.User("Dina", "Park").ManagerOf(north).BuildAsync();
        var ned = await data.User("Ned", "Ruiz").SupervisorOf(north).ReportsTo(nora).BuildAsync();
        await data.User("Sia", "Tan").SupervisorOf(south).ReportsTo(sam).BuildAsync();
        var okafor = await data.Employee("Lena", "Okafor").InUnit(north).ReportsTo(ned).BuildAsync();
        var reyes = await data.Employee("Omar", "Reyes").ReportsTo(nora).BuildAsync();
        return new Department(north, south, nora, sam, dina, ned, okafor.Id, reyes.Id);
    }

    private async Task<(AngleSharp.Dom.IDocument Page, List<string> Sql)> GetAsync(HttpClient client, string url)
    {
        _sql.Commands.Clear();
        var page = await client.GetDocumentAsync(url);
        return (page, [.. _sql.Commands]);
    }

    private static string Row(AngleSharp.Dom.IDocument page, int personId) =>
        page.QuerySelector($"#people tr[data-person='{personId}']")?.TextContent.Trim() ?? "(no row)";

    private static bool CountsPeople(string sql) => sql.Contains("count(*)", StringComparison.Ordinal) && sql.Contains("FROM employees", StringComparison.Ordinal);

    [Fact]
    public async Task KeptDirectory_ChangesOnTheNextRequest_OnThisNodeAndFromAnotherNode()
    {
        var d = await ArrangeAsync();
        var nora = await _node.SignedInClientAsync(d.Nora);

        var first = await GetAsync(nora, "/people");
        Assert.Contains("Okafor", Row(first.Page, d.Okafor));
        Assert.Contains(first.Sql, CountsPeople);
        var kept = await GetAsync(nora, "/people");
        Assert.DoesNotContain(kept.Sql, CountsPeople);
        Assert.Equal(Row(first.Page, d.Okafor), Row(kept.Page, d.Okafor));
        // Ned supervises the north unit and has an account.
        Assert.EndsWith("yes", Row(kept.Page, d.NorthSupervisor.Employee.Id), StringComparison.Ordinal);

        // A change on this node shows on the next request.
        await using (var db = _node.CreateDbContext())
        {
            var okafor = await db.Employees.SingleAsync(e => e.Id == d.Okafor);
            okafor.Position = "Senior Customer Service Representative";
            await db.SaveChangesAsync();
        }
        Assert.Contains("Senior Customer Service Representative", Row((await GetAsync(nora, "/people")).Page, d.Okafor));

        // Another app instance takes Ned's account off him (an account, not a person, changes): the column follows at once.
        await using (var nodeB = new OpsWebFactory(_cs))
        {
            await using var scope = nodeB.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = await db.Users.SingleAsync(u => u.Id == d.NorthSupervisor.Id);
            account.EmployeeId = null;
            await db.SaveChangesAsync();
        }
        var after = await GetAsync(nora, "/people");
        Assert.Contains(after.Sql, CountsPeople);
        Assert.EndsWith("—", Row(after.Page, d.NorthSupervisor.Employee.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPersonScopeOrQuery_NeverGetsAnotherKeptList()
    {
        var d = await ArrangeAsync();
        var nora = await _node.SignedInClientAsync(d.Nora);
        var sam = await _node.SignedInClientAsync(d.Sam);
        var dina = await _node.SignedInClientAsync(d.Dina);
        var ned = await _node.SignedInClientAsync(d.NorthSupervisor);

        // Twice each, interleaved, so every view after each person's first is a kept one.
        for (var round = 0; round < 2; round++)
        {
            var north = (await GetAsync(nora, "/people")).Page;
            var south = (await GetAsync(sam, "/people")).Page;
            var deputy = (await GetAsync(dina, "/people")).Page;
            Assert.Contains("Okafor", Row(north, d.Okafor));
            Assert.Contains("Reyes", Row(north, d.Reyes));
            Assert.DoesNotContain("Okafor", south.QuerySelector("#people")!.TextContent);
            Assert.Contains("Tan", south.QuerySelector("#people")!.TextContent);
            Assert.DoesNotContain("Tan", north.QuerySelector("#people")!.TextContent);
            // Same roles and units as Nora, but Reyes reports to Nora alone.
            Assert.Contains("Okafor", Row(deputy, d.Okafor));
            Assert.Equal("(no row)", Row(deputy, d.Reyes));
            // A supervisor may not browse the directory, kept or not.
            Assert.Equal(HttpStatusCode.NotFound, (await ned.GetAsync("/people")).StatusCode);
        }

        // The query is part of the key: a search, a status and a page each get their own list.
        var search = (await GetAsync(nora, "/people?Q=Reyes")).Page;
        Assert.Equal("(no row)", Row(search, d.Okafor));
        Assert.Contains("Reyes", Row(search, d.Reyes));
        Assert.Equal("Reyes", search.QuerySelector("input#Q")!.GetAttribute("value"));
        var left = (await GetAsync(nora, "/people?Status=inactive")).Page;
        Assert.Equal("(no row)", Row(left, d.Okafor));
        Assert.Contains("0 people", left.QuerySelector("#people caption")!.TextContent);
        Assert.Contains("Okafor", Row((await GetAsync(nora, "/people")).Page, d.Okafor));
        // Junk and out-of-range pages are answered with the list, not an error.
        foreach (var url in new[] { "/people?p=-1", "/people?p=999", "/people?p=abc", "/people?Status=nonsense", "/people?Unit=abc" })
            Assert.Contains("Okafor", Row((await GetAsync(nora, url)).Page, d.Okafor));
    }
}
