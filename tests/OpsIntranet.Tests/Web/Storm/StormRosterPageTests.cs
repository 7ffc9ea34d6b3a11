using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Storm;
using OpsIntranet.Tests.Core.Storm;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>/storm/roster: a unit's manager adds, changes and removes essential staff; phones are masked for a supervisor who is not a lead; others cannot change it.</summary>
public class StormRosterPageTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();
    private StormWorld w = default!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        w = await StormWorld.BuildAsync(app.Data);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private static string V(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Manager_AddsChangesAndRemoves_BadInputSavesNothing_PhonesMaskedForASupervisorWhoIsNotALead()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var url = $"/storm/roster?unit={w.ContactCenter.Id}";
        var page = await mae.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("#empty-roster"));
        var add = page.QuerySelector("#add-form")!;
        // The picker offers the unit's people only.
        var offered = add.QuerySelectorAll("#add-employee option").Select(o => o.TextContent).ToList();
        Assert.Contains(offered, o => o.StartsWith("Dee Vance", StringComparison.Ordinal));
        Assert.Contains(offered, o => o.StartsWith("Cal Torres", StringComparison.Ordinal));
        Assert.DoesNotContain(offered, o => o.StartsWith("Kai Moss", StringComparison.Ordinal));

        var bad = await mae.PostFormAsync(add.Action(url), add.Fields(("employeeId", V(w.Supervisor.Employee.Id)), ("phone", "call me"), ("role", "")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badPage = await bad.ParseAsync();
        Assert.StartsWith("Some fields need attention; nothing was saved.", badPage.Text("#form-error"));
        Assert.Equal("Give the number with its area code, e.g. 555-201-4417 (digits, spaces, dashes, brackets).", badPage.Text("#Phone-error"));
        Assert.Equal("Choose the person's role during events.", badPage.Text("#Role-error"));
        Assert.Equal(V(w.Supervisor.Employee.Id), badPage.QuerySelector("#add-employee option[selected]")!.GetAttribute("value"));
        var outsider = await mae.PostFormAsync($"{url}&handler=Save", ("employeeId", V(w.OtherSupervisor.Employee.Id)), ("phone", "555-201-0001"), ("role", "CallTaker"));
        Assert.Equal("Choose someone who works in this unit.", (await outsider.ParseAsync()).Text("#EmployeeId-error"));
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(0, await db.EssentialStaff.CountAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"{url}&handler=Save", ("employeeId", V(w.Supervisor.Employee.Id)), ("phone", "555-201-4417"), ("role", "Lead"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync($"{url}&handler=Save", ("employeeId", V(w.CallTaker.Employee.Id)), ("phone", "(555) 201-0177"), ("role", "CallTaker"))).StatusCode);
        var cal = await db.EssentialStaff.AsNoTracking().SingleAsync(s => s.EmployeeId == w.CallTaker.Employee.Id);

        // Change Cal's line through its form: a new role and number.
        var edit = (await mae.GetDocumentAsync($"{url}&edit={cal.Id}")).QuerySelector("#edit-form")!;
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(edit.Action(url), edit.Fields(("phone", "555-201-0199"), ("role", "DispatcherLiaison")))).StatusCode);
        // The same form again carries the old version: refused, nothing changed.
        var stale = await mae.PostFormAsync(edit.Action(url), edit.Fields(("phone", "555-201-0100"), ("role", "Other")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var roster = await mae.GetDocumentAsync(url);
        Assert.Equal("Dispatcher liaison", roster.Text($"#line-{cal.Id} .role"));
        Assert.Equal("555-201-0199", roster.Text($"#line-{cal.Id} .phone"));
        // Leads first.
        Assert.Equal([V(w.Supervisor.Employee.Id), V(w.CallTaker.Employee.Id)], roster.QuerySelectorAll("#roster tbody tr[data-employee]").Select(r => r.GetAttribute("data-employee")));

        // Dee leads on the roster and sees the numbers; Lin supervises the unit without being a lead: the last two digits only.
        Assert.Equal("555-201-0199", (await (await app.Factory.SignedInClientAsync(w.Supervisor)).GetDocumentAsync(url)).Text($"#line-{cal.Id} .phone"));
        var lin = await app.Factory.SignedInClientAsync(w.Lead);
        var linHtml = await lin.GetStringAsync(url);
        Assert.DoesNotContain("555-201-0199", linHtml);
        Assert.DoesNotContain("555-201-4417", linHtml);
        var linPage = await lin.GetDocumentAsync(url);
        Assert.StartsWith("•••-•••-••99", linPage.Text($"#line-{cal.Id} .phone"));
        Assert.Null(linPage.QuerySelector("#add-form"));
        Assert.Null(linPage.QuerySelector("#roster form"));
        // Lin cannot change it, even by posting.
        Assert.Equal(HttpStatusCode.NotFound, (await lin.PostFormAsync($"{url}&handler=Save", ("employeeId", V(w.Lead.Employee.Id)), ("phone", "555-201-0111"), ("role", "Lead"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lin.PostFormAsync($"{url}&handler=Remove", ("lineId", V(cal.Id)), ("confirm", "true"))).StatusCode);
        // Billing's manager does not see the Contact Center's roster at all.
        var bo = await app.Factory.SignedInClientAsync(w.OtherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostFormAsync($"{url}&handler=Remove", ("lineId", V(cal.Id)), ("confirm", "true"))).StatusCode);

        // Removing asks for the ticked confirmation first.
        var remove = roster.QuerySelector($"#line-{cal.Id} form")!;
        var unconfirmed = await mae.PostFormAsync(remove.Action(url), remove.Fields());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Equal("Tick the box to confirm the removal.", (await unconfirmed.ParseAsync()).Text($"#Confirm-{cal.Id}-error"));
        Assert.Equal(2, await db.EssentialStaff.CountAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await mae.PostFormAsync(remove.Action(url), remove.Fields(("confirm", "true")))).StatusCode);
        Assert.Equal([w.Supervisor.Employee.Id], await db.EssentialStaff.Select(s => s.EmployeeId).ToListAsync());
        Assert.Equal(StormRole.Lead, await db.EssentialStaff.Select(s => s.Role).SingleAsync());
    }

    [Fact]
    public async Task UnitPicker_OffersTheViewersUnits_AndTheMenuOffersTheRosterToThoseWhoKeepOne()
    {
        var mae = await app.Factory.SignedInClientAsync(w.Manager);
        var page = await mae.GetDocumentAsync("/storm/roster");
        Assert.Equal(["Contact Center", "Walk-In"], page.QuerySelectorAll("#unit option").Select(o => o.TextContent));
        Assert.Equal("Contact Center", page.Text("main h2"));
        Assert.Contains("/storm/roster", page.QuerySelectorAll("#storm-menu a").Select(a => a.GetAttribute("href")));

        // A supervisor reads the roster of her unit, but the menu's roster entry is for those who keep one.
        var dee = await app.Factory.SignedInClientAsync(w.Supervisor);
        await app.Data.StormEvent("Hurricane Nia", w.Manager).For(w.ContactCenter).BuildAsync();
        var deePage = await dee.GetDocumentAsync("/storm/roster");
        Assert.Equal(["Contact Center"], deePage.QuerySelectorAll("#unit option").Select(o => o.TextContent));
        Assert.Equal(["/storm", "/storm/my-shifts"], deePage.QuerySelectorAll("#storm-menu a.dropdown-item").Select(a => a.GetAttribute("href")));
    }
}
