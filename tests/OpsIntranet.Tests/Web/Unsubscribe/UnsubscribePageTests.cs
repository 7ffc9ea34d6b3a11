using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Unsubscribe;

/// <summary>The unsubscribe link of a reminder: an optional kind is switched off once, a mandatory notice cannot be.</summary>
public class UnsubscribePageTests : IAsyncLifetime
{
    private readonly EmptyApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private string Link(UnsubscribeRequest request) =>
        _app.Factory.Services.GetRequiredService<UnsubscribeTokens>().Path(request);

    [Fact]
    public async Task OptionalReminder_TheButtonSwitchesItOff_Once()
    {
        var unit = await _app.Data.Unit("WAL").BuildAsync();
        var supervisor = await _app.Data.User("Omar", "Adeyemi").SupervisorOf(unit).BuildAsync();
        var url = Link(new StopReminders(supervisor.Id, ReminderKinds.MetricsDueSoon.Key));
        var client = _app.Factory.CreateBrowserLikeClient();

        var page = await client.GetDocumentAsync(url);
        Assert.Contains("“Metrics due soon” reminders", page.Text("#unsubscribe-what"));
        Assert.Contains(supervisor.Email, page.Text("#unsubscribe-what"));
        var fields = page.QuerySelector("#unsubscribe-form")!.Fields();
        for (var i = 0; i < 2; i++)
        {
            var done = await client.PostFormAsync(url, fields);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Contains("switched off", (await done.ParseAsync()).Text("#unsubscribe-result"));
        }

        await using var db = _app.Factory.CreateDbContext();
        var optOut = await db.ReminderOptOuts.SingleAsync();
        Assert.Equal((supervisor.Id, ReminderKinds.MetricsDueSoon.Key), (optOut.UserId, optOut.Kind));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.RecordType == "ReminderOptOut" && a.RecordId == supervisor.Id));
    }

    [Fact]
    public async Task MandatoryNotice_CannotBeSwitchedOff_AndAnAlteredLinkIsRefused()
    {
        var unit = await _app.Data.Unit("WAL").BuildAsync();
        var supervisor = await _app.Data.User("Omar", "Adeyemi").SupervisorOf(unit).BuildAsync();
        var url = Link(new StopReminders(supervisor.Id, ReminderKinds.MetricsDueToday.Key));
        var client = _app.Factory.CreateBrowserLikeClient();

        var page = await client.GetDocumentAsync(url);
        Assert.Contains("cannot be switched off", page.Text("#unsubscribe-result"));
        Assert.Null(page.QuerySelector("#unsubscribe-form"));
        var oneClick = await client.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.Conflict, oneClick.StatusCode);

        var altered = await client.GetAsync(url[..^6]);
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Contains("not valid", (await altered.ParseAsync()).Text("#unsubscribe-result"));
        await using var db = _app.Factory.CreateDbContext();
        Assert.Equal(0, await db.ReminderOptOuts.CountAsync());
    }
}
