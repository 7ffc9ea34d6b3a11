using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Admin;

/// <summary>/admin/units: an administrator adds, renames, deactivates and reactivates units and assigns their supervisors and managers; history stays; every change is audited.</summary>
public class UnitsPageTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private async Task<HttpClient> AdminAsync() => await _app.Factory.SignedInClientAsync(await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync());

    [Fact]
    public async Task CreateRenameDeactivate_KeepsTheUnitAndItsHistory_AndAuditsEachStep()
    {
        var admin = await AdminAsync();
        var created = await admin.PostFormAsync("/admin/units?handler=Create", ("Name", "Storm Line"), ("Code", "stl"), ("Description", "Outage calls during storms"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using var db = _app.Factory.CreateDbContext();
        var unit = await db.Units.AsNoTracking().SingleAsync();
        Assert.Equal(("Storm Line", "STL", true), (unit.Name, unit.Code, unit.IsActive));
        Assert.Equal($"/admin/units/{unit.Id}", created.Headers.Location!.ToString());

        var page = await admin.GetDocumentAsync($"/admin/units/{unit.Id}");
        var version = page.Version();
        var renamed = await admin.PostFormAsync($"/admin/units/{unit.Id}", page.FormWith("Code").Fields(("Name", "Storm Response Line"), ("Code", "SRL")));
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        // A second administrator's form, loaded before the rename, is refused and saves nothing.
        var stale = await admin.PostFormAsync($"/admin/units/{unit.Id}", ("Version", version), ("Name", "Storm Desk"), ("Code", "SD"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", (await stale.ParseAsync()).Text("#form-error"));

        var list = await admin.GetDocumentAsync("/admin/units");
        var deactivate = list.QuerySelector($"#unit-{unit.Id} form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(deactivate.Action("/admin/units"), deactivate.Fields())).StatusCode);

        unit = await db.Units.AsNoTracking().SingleAsync();
        Assert.Equal(("Storm Response Line", "SRL", false), (unit.Name, unit.Code, unit.IsActive));
        Assert.Contains("Deactivated", (await admin.GetDocumentAsync("/admin/units")).Text($"#unit-{unit.Id}"));
        // Its page (scorecard, months, history) is still there.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/units/{unit.Id}")).StatusCode);

        var reactivate = (await admin.GetDocumentAsync("/admin/units")).QuerySelector($"#unit-{unit.Id} form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(reactivate.Action("/admin/units"), reactivate.Fields())).StatusCode);
        Assert.True(await db.Units.AsNoTracking().Select(u => u.IsActive).SingleAsync());

        var trail = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Unit && a.RecordId == unit.Id).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        Assert.Equal(["created Storm Line (STL)", "name: Storm Line → Storm Response Line; code: STL → SRL", "deactivated Storm Response Line", "reactivated Storm Response Line"], trail);
    }

    [Fact]
    public async Task BadInput_GetsAMessageNextToEachField_AndNothingIsSaved()
    {
        await _app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var admin = await AdminAsync();

        var empty = await admin.PostFormAsync("/admin/units?handler=Create", ("Name", "  "), ("Code", "bad code!"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var page = await empty.ParseAsync();
        Assert.Equal("Give the unit's name, e.g. Utility Contact Center.", page.Text("#Name-error"));
        Assert.Equal("Use letters, digits and hyphens only, e.g. UCC or WALK-IN.", page.Text("#Code-error"));

        var twice = await admin.PostFormAsync("/admin/units?handler=Create", ("Name", "utility contact center"), ("Code", "ucc"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        page = await twice.ParseAsync();
        Assert.Equal("There is a unit called utility contact center already (perhaps deactivated: reactivate it instead).", page.Text("#Name-error"));
        Assert.Equal("Another unit has the code UCC.", page.Text("#Code-error"));

        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(1, await db.Units.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.RecordType == AuditRecords.Unit));
    }

    [Fact]
    public async Task AssigningAndRemovingASupervisor_ChangesWhatTheySeeOnTheirNextRequest()
    {
        var ucc = await _app.Data.Unit("UCC").BuildAsync();
        var walkIn = await _app.Data.Unit("WIU").BuildAsync();
        var dana = await _app.Data.User("Dana", "Reyes").SupervisorOf(ucc).BuildAsync();
        var danaClient = await _app.Factory.SignedInClientAsync(dana);
        Assert.Equal(HttpStatusCode.NotFound, (await danaClient.GetAsync($"/units/{walkIn.Id}")).StatusCode);

        var admin = await AdminAsync();
        var page = await admin.GetDocumentAsync($"/admin/units/{walkIn.Id}");
        Assert.Contains("Dana Reyes (Supervisor)", page.QuerySelector("#UserId")!.TextContent);
        var assigned = await admin.PostFormAsync($"/admin/units/{walkIn.Id}?handler=Assign", ("UserId", dana.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await danaClient.GetAsync($"/units/{walkIn.Id}")).StatusCode);
        Assert.Contains("Dana Reyes", (await admin.GetDocumentAsync("/admin/units")).Text($"#unit-{walkIn.Id}"));

        var noOne = await admin.PostFormAsync($"/admin/units/{walkIn.Id}?handler=Assign", ("UserId", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOne.StatusCode);
        Assert.Equal("Choose a supervisor or manager from the list.", (await noOne.ParseAsync()).Text("#UserId-error"));

        var remove = (await admin.GetDocumentAsync($"/admin/units/{walkIn.Id}")).QuerySelector("#assigned form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(remove.Action($"/admin/units/{walkIn.Id}"), remove.Fields())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await danaClient.GetAsync($"/units/{walkIn.Id}")).StatusCode);

        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(["Dana Reyes assigned to Unit WIU", "Dana Reyes removed from Unit WIU"],
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == AuditRecords.Unit).OrderBy(a => a.Id).Select(a => a.Detail!).ToListAsync());
    }

    [Fact]
    public async Task ADeactivatedUnit_KeepsItsPage_ButTakesNoNewDataNorAssignments()
    {
        var closed = await _app.Data.Unit("OLD").Named("Old Payment Window").Inactive().BuildAsync();
        var ucc = await _app.Data.Unit("UCC").BuildAsync();
        var dana = await _app.Data.User("Dana", "Reyes").SupervisorOf(ucc).BuildAsync();
        var omar = await _app.Data.User("Omar", "Haddad").SupervisorOf(closed).BuildAsync();
        var omarClient = await _app.Factory.SignedInClientAsync(omar);
        Assert.Equal(HttpStatusCode.OK, (await omarClient.GetAsync($"/units/{closed.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await omarClient.GetAsync($"/units/{closed.Id}/import")).StatusCode);
        var admin = await AdminAsync();
        Assert.DoesNotContain("Old Payment Window", (await admin.GetDocumentAsync("/people/new")).QuerySelector("#UnitId")!.TextContent);
        var refused = await admin.PostFormAsync($"/admin/units/{closed.Id}?handler=Assign", ("UserId", dana.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Old Payment Window is deactivated; reactivate it before assigning people to it.", (await refused.ParseAsync()).Text("#form-error"));
        await using var db = _app.Factory.CreateDbContext();
        Assert.False(await db.UserUnits.AnyAsync(x => x.UnitId == closed.Id && x.UserId == dana.Id));
    }

    [Fact]
    public async Task AManager_FindsNoUnitsAdministration()
    {
        var unit = await _app.Data.Unit("WIU").BuildAsync();
        var manager = await _app.Factory.SignedInClientAsync(await _app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/admin/units")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/admin/units/{unit.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostFormAsync("/admin/units?handler=Create", ("Name", "Mine"), ("Code", "MINE"))).StatusCode);
        Assert.DoesNotContain("/admin/units", await (await manager.GetAsync("/")).Content.ReadAsStringAsync());
    }
}
