using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Audit;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Admin;

/// <summary>/admin/holidays: an administrator adds and removes City holidays; the same day twice is refused with a clear message; each change is audited.</summary>
public class HolidaysPageTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AddTwice_IsRefusedTheSecondTime_AndRemoveTakesItOff()
    {
        var admin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var client = await _app.Factory.SignedInClientAsync(admin);

        var added = await client.PostFormAsync("/admin/holidays?handler=Add", ("Date", "2027-07-05"), ("Name", "Independence Day (observed)"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await client.GetDocumentAsync("/admin/holidays?year=2027");
        Assert.Contains("Mon 5 Jul 2027", list.Text("#holidays"));

        var again = await client.PostFormAsync("/admin/holidays?handler=Add", ("Date", "2027-07-05"), ("Name", "Fourth of July"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("Monday 5 July 2027 is already a holiday (Independence Day (observed)).", (await again.ParseAsync()).Text("#Date-error"));

        await using var db = _app.Factory.CreateDbContext();
        var id = await db.CityHolidays.Select(h => h.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/admin/holidays?handler=Remove&id={id}&year=2027")).StatusCode);
        Assert.False(await db.CityHolidays.AnyAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.RecordType == AuditRecords.CityHoliday));
    }

    [Fact]
    public async Task AManager_FindsNoHolidaysPage()
    {
        var unit = await _app.Data.Unit("WIU").BuildAsync();
        var manager = await _app.Data.User("Maria", "Alvarez").ManagerOf(unit).BuildAsync();
        var client = await _app.Factory.SignedInClientAsync(manager);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/holidays")).StatusCode);
    }
}
