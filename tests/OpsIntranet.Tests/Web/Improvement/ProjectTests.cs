using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Improvement;

public class ProjectTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Committee_WithMembersMeetingsAndMilestones_VisibleToItsMembersOnlyAmongSupervisors()
    {
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        await using var db = app.Factory.CreateDbContext();
        var omar = await db.Employees.SingleAsync(e => e.Email == DemoUsers.WalkInSupervisor);

        var bad = await james.PostFormAsync("/projects/new", ("Kind", "Committee"), ("Name", ""), ("Purpose", "p"), ("Status", "Active"), ("StartDate", "2026-10-01"), ("EndDate", "2026-09-01"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.Equal("Name the project or committee.", page.Text("#Name-error"));
        Assert.Equal("The end date is before the start date.", page.Text("#EndDate-error"));

        var created = await james.PostFormAsync("/projects/new", ("Kind", "Committee"), ("Name", "Language access <committee>"), ("Purpose", "Interpretation at the <i>counter</i> and on the phone."),
            ("Status", "Active"), ("StartDate", "2026-10-01"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        // Omar is not a member yet: the committee is not there for him.
        var omarClient = await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await omarClient.GetAsync($"/projects/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await james.PostFormAsync($"/projects/{id}?handler=AddMember", ("memberEmployeeId", V(omar.Id)), ("role", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await james.PostFormAsync($"/projects/{id}?handler=AddMember", ("memberEmployeeId", V(omar.Id)), ("role", "Walk-In representative"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await james.PostFormAsync($"/projects/{id}?handler=AddMember", ("externalName", "Office of Equity"), ("role", "Adviser"))).StatusCode);
        var dup = await james.PostFormAsync($"/projects/{id}?handler=AddMember", ("memberEmployeeId", V(omar.Id)), ("role", "again"));
        Assert.Equal("Already a member.", (await dup.ParseAsync()).Text("#MemberEmployeeId-error"));

        var future = await james.PostFormAsync($"/projects/{id}?handler=AddEntry", ("entryKind", "Meeting"), ("entryDate", "2026-12-01"), ("entryTitle", "Kick-off"));
        Assert.Equal("Record a meeting once it has been held.", (await future.ParseAsync()).Text("#EntryDate-error"));
        Assert.Equal(HttpStatusCode.Redirect, (await james.PostFormAsync($"/projects/{id}?handler=AddEntry", ("entryKind", "Meeting"), ("entryDate", "2026-11-10"), ("entryTitle", "Kick-off"), ("entryNotes", "Agreed the <script>scope</script>."))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await james.PostFormAsync($"/projects/{id}?handler=AddEntry", ("entryKind", "Milestone"), ("entryDate", "2027-02-01"), ("entryTitle", "Interpreter contract signed"))).StatusCode);

        // Now a member, Omar reads it but does not run it.
        var seen = await omarClient.GetDocumentAsync($"/projects/{id}");
        Assert.Contains("Office of Equity", seen.Text("#members"));
        var html = await omarClient.GetStringAsync($"/projects/{id}");
        Assert.Contains("Language access &lt;committee&gt;", html);
        Assert.Contains("Interpretation at the &lt;i&gt;counter&lt;/i&gt;", html);
        Assert.Contains("Agreed the &lt;script&gt;scope&lt;/script&gt;.", html);
        Assert.DoesNotContain("<script>scope", html);
        Assert.Equal(HttpStatusCode.Conflict, (await omarClient.PostFormAsync($"/projects/{id}?handler=AddEntry", ("entryKind", "Meeting"), ("entryDate", "2026-11-12"), ("entryTitle", "x"))).StatusCode);
        var milestone = await db.ProjectEntries.SingleAsync(e => e.ProjectId == id && e.Kind == OpsIntranet.Core.Improvement.ProjectEntryKind.Milestone);
        // A milestone posted through another project's page is not there.
        var other = await db.SpecialProjects.Where(p => p.Id != id).Select(p => p.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await james.PostFormAsync($"/projects/{other}?handler=Reach", ("entryId", V(milestone.Id)))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await james.PostFormAsync($"/projects/{id}?handler=Reach", ("entryId", V(milestone.Id)))).StatusCode);

        var list = await james.GetDocumentAsync("/projects");
        var row = list.QuerySelector($"tr[data-project='{id}']")!;
        Assert.Contains("Nov 10, 2026", row.TextContent);
        Assert.Contains("Committee", row.TextContent);
    }
}
