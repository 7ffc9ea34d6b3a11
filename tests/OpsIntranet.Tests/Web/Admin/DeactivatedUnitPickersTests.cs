using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Storm;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Admin;

/// <summary>
/// A deactivated unit takes nothing new: no form offers it for a new subscription, initiative, storm event, goal or
/// transfer, and a post naming it anyway is refused next to the field. A record that has it already still shows it
/// (marked "deactivated") and saves with it: editing does not silently drop the unit.
/// </summary>
public class DeactivatedUnitPickersTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();
    private BuiltUnit _open = default!, _closed = default!;
    private BuiltUser _admin = default!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _open = await _app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        _closed = await _app.Data.Unit("OLD").Named("Old Payment Window").BuildAsync();
        _admin = await _app.Data.User("Kevin", "Tran").Administrator().BuildAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Deactivated after the records that use it were made, as an administrator does on /admin/units.</summary>
    private async Task DeactivateAsync()
    {
        await using var db = _app.Factory.CreateDbContext();
        await db.Units.Where(u => u.Id == _closed.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
    }

    [Fact]
    public async Task Subscription_NewOneIsNotOfferedTheUnit_NorAcceptsIt_ButOneThatHasItKeepsItWhenSaved()
    {
        var subscription = await _app.Data.AsAsync<SubscriptionService>(_admin, (s, v) => s.SaveAsync(v, null, 0, new SubscriptionInput
        {
            Name = "Old window report", ReportKind = ImprovementReportKind.KindKey, UnitIds = [_closed.Id], TimeOfDay = new TimeOnly(8, 0),
            Day = 12, TimeZone = "America/New_York", Addresses = "pat.odum@cityutility.example", Subject = "Old window",
        }), "a subscription");
        await DeactivateAsync();
        var admin = await _app.Factory.SignedInClientAsync(_admin);

        var form = await admin.GetDocumentAsync("/reports/subscriptions/new");
        Assert.NotNull(form.QuerySelector($"input[name='Input.UnitIds'][value='{_open.Id}']"));
        Assert.Null(form.QuerySelector($"input[name='Input.UnitIds'][value='{_closed.Id}']"));
        var refused = await admin.PostFormAsync("/reports/subscriptions/new", form.FormWith("Input.Name").Fields(
            ("Input.Name", "New report"), ("Input.ReportKind", ImprovementReportKind.KindKey), ("Input.UnitIds", Id(_closed.Id)),
            ("Input.ScheduleKind", "MonthlyOnBusinessDay"), ("Input.BusinessDay", "2"), ("Input.TimeOfDay", "07:30"),
            ("Input.Addresses", "pat.odum@cityutility.example"), ("Input.Subject", "New report")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Old Payment Window is deactivated; it takes nothing new.", (await refused.ParseAsync()).Text("#UnitIds-error"));

        var edit = await admin.GetDocumentAsync($"/reports/subscriptions/{subscription}/edit");
        var kept = edit.QuerySelector($"input[name='Input.UnitIds'][value='{_closed.Id}']")!;
        Assert.True(kept.HasAttribute("checked"));
        Assert.Equal("Old Payment Window (deactivated)", edit.QuerySelector($"label[for='{kept.Id}']")!.TextContent.Trim());
        var saved = await admin.PostFormAsync($"/reports/subscriptions/{subscription}/edit", edit.FormWith("Input.Name").Fields(("Input.Subject", "Old window, renamed")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = _app.Factory.CreateDbContext();
        var stored = await db.ReportSubscriptions.AsNoTracking().SingleAsync(s => s.Id == subscription);
        Assert.Equal("Old window, renamed", stored.Subject);
        Assert.Equal([_closed.Id], stored.UnitIds);
    }

    [Fact]
    public async Task InitiativeAndStormEvent_OfferTheUnitOnlyToRecordsThatHaveIt_AndRefuseItForNewOnes()
    {
        var initiative = await _app.Data.Initiative("Shorter lines at the old window", _admin).For(_closed).BuildAsync();
        var storm = await _app.Data.StormEvent("Hurricane Delia", _admin).For(_closed).BuildAsync();
        await DeactivateAsync();

        var choices = await _app.Data.TryAsAsync<InitiativeService, List<(int Id, string Name)>>(_admin, (s, v) => s.UnitChoicesAsync(v, []));
        Assert.DoesNotContain(choices, c => c.Id == _closed.Id);
        choices = await _app.Data.TryAsAsync<InitiativeService, List<(int Id, string Name)>>(_admin, (s, v) => s.UnitChoicesAsync(v, [_closed.Id]));
        Assert.Contains((_closed.Id, "Old Payment Window (deactivated)"), choices);
        var admin = await _app.Factory.SignedInClientAsync(_admin);
        Assert.Null((await admin.GetDocumentAsync("/initiatives/new")).QuerySelector($"input[name='UnitIds'][value='{_closed.Id}']"));
        Assert.NotNull((await admin.GetDocumentAsync($"/initiatives/{initiative}/edit")).QuerySelector($"input[name='UnitIds'][value='{_closed.Id}'][checked]"));

        var stormChoices = await _app.Data.TryAsAsync<StormEventService, List<(int Id, string Name)>>(_admin, (s, v) => s.UnitChoicesAsync(v, []));
        Assert.DoesNotContain(stormChoices, c => c.Id == _closed.Id);
        Assert.NotNull((await admin.GetDocumentAsync($"/storm/{storm}/edit")).QuerySelector($"input[name='UnitIds'][value='{_closed.Id}'][checked]"));
        var opened = await _app.Data.TryAsAsync<StormEventService, OpsIntranet.Core.Common.Outcome>(_admin, (s, v) => s.OpenAsync(v,
            new StormEventInput("Ice storm Ezra", StormKind.IceStorm, ActivationLevel.Partial, TestClock.Now, null, [_closed.Id])));
        Assert.Equal("Old Payment Window is deactivated; it takes nothing new.", opened.Errors["UnitIds"]);
    }

    [Fact]
    public async Task GoalAndTransfer_ANewGoalForTheUnitIsNotFound_AndNoTransferOffersIt()
    {
        // Goals are set by the units' managers.
        var manager = await _app.Factory.SignedInClientAsync(await _app.Data.User("Maria", "Alvarez").ManagerOf(_open, _closed).BuildAsync());
        await DeactivateAsync();
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/units/{_open.Id}/goals/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/units/{_closed.Id}/goals/new")).StatusCode);
        var admin = await _app.Factory.SignedInClientAsync(_admin);
        var recommendation = await admin.GetDocumentAsync("/recommendations/new");
        Assert.NotNull(recommendation.QuerySelector($"select[name='UnitId'] option[value='{_open.Id}']"));
        Assert.Null(recommendation.QuerySelector($"select[name='UnitId'] option[value='{_closed.Id}']"));
    }
}
