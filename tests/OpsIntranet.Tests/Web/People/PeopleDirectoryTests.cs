using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.People;

public class PeopleDirectoryTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Beatriz = "beatriz.souza@cityutility.example";

    [Fact]
    public async Task MovingSomeoneToAnotherUnit_MovesTheirFileToThatUnitsManager_AtOnce()
    {
        await using var db = app.Factory.CreateDbContext();
        var beatriz = await db.Employees.AsNoTracking().SingleAsync(e => e.Email == Beatriz);
        var cus = await db.Units.Where(u => u.Code == "CUS").Select(u => u.Id).SingleAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        // Both have looked, so the people graph is in the cache.
        Assert.Equal(HttpStatusCode.OK, (await maria.GetAsync($"/people/{beatriz.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await james.GetAsync($"/people/{beatriz.Id}")).StatusCode);

        var admin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var edit = await admin.GetDocumentAsync($"/people/{beatriz.Id}/edit");
        var moved = await admin.PostFormAsync($"/people/{beatriz.Id}/edit", ("Version", edit.Version()), ("FirstName", "Beatriz"), ("LastName", "Souza"), ("Position", beatriz.Position),
            ("Email", Beatriz), ("UnitId", cus.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ReportsToId", ""),
            ("HireDate", beatriz.HireDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("IsActive", "true"),
            ("HandOverToUserId", (await db.Users.Where(u => u.Email == DemoUsers.ManagerA).Select(u => u.Id).SingleAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await james.GetAsync($"/people/{beatriz.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await maria.GetAsync($"/people/{beatriz.Id}")).StatusCode);
        // Her account's scope moved with her.
        Assert.Equal([cus], await db.UserUnits.Where(x => x.User!.Email == Beatriz).Select(x => x.UnitId).ToListAsync());
        var list = await james.GetDocumentAsync("/people?Q=Souza");
        Assert.Single(list.QuerySelectorAll("#people tbody tr"));
    }
}
