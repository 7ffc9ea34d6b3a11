using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpsIntranet.Core.Reports;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs.Storm;
using OpsIntranet.Tests.Jobs.Subscriptions;

namespace OpsIntranet.Tests.Web.Storm;

/// <summary>
/// /storm/{eventId}/sitreps over HTTP: the manager sets the cadence and sees the next three send times in Eastern time,
/// sends a sitrep now and the mail arrives with the PDF, resends a failed delivery from the history; a reader of the
/// event sees it read-only and may preview the PDF; a manager of other units gets 404.
/// </summary>
public class SitrepPageTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly TestSmtpServer smtp = TestSmtpServer.Start();
    private SubscriptionApp app = default!;
    private SitrepWorld s = default!;
    private string Url => $"/storm/{s.EventId}/sitreps";

    public async Task InitializeAsync()
    {
        app = new SubscriptionApp(await TestDatabases.CreateEmptyAsync(), smtp.Port, clock);
        _ = app.Server;
        _ = app.Services.GetRequiredService<Hangfire.JobStorage>();
        s = await SitrepWorld.BuildAsync(app, clock);
    }

    public async Task DisposeAsync()
    {
        var cs = app.ConnectionString;
        await app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
        smtp.Dispose();
    }

    private Task<HttpClient> SignInAsync(BuiltUser user) => app.SignedInClientAsync(user.Email, TestData.Password);

    [Fact]
    public async Task Manager_SetsTheCadence_SeesTheNextTimes_SendsNow_AndTheMailArrivesWithThePdf()
    {
        var maria = await SignInAsync(s.World.Manager);
        var page = await maria.GetDocumentAsync(Url);
        // Activation saved the suggestion: leadership and the unit managers, every 6 hours from 00:00 Eastern; it is 12:30.
        Assert.Equal("Next send times: Sun Nov 15, 18:00 EST · Mon Nov 16, 00:00 EST · Mon Nov 16, 06:00 EST", page.Text("#next-times"));
        Assert.Equal("Situation report: Hurricane Ines", page.QuerySelector("input[name='Input.Subject']")!.GetAttribute("value"));

        var form = page.QuerySelector("#schedule")!;
        var bad = await maria.PostFormAsync(form.Action(Url), form.Fields(("Input.Cadence", "TimesOfDay"), ("Input.Times", "6am")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("“6am” is not a time; give times of day as 24-hour HH:mm, e.g. 06:00, 12:00, 18:00.", (await bad.ParseAsync()).Text("#Times-error"));

        var saved = await maria.PostFormAsync(form.Action(Url), form.Fields(("Input.Cadence", "TimesOfDay"), ("Input.Times", "06:00, 12:00, 18:00"), ("Input.Addresses", "eoc@cityutility.example")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        page = await maria.GetDocumentAsync(Url);
        Assert.Contains("Saved: situation reports at 06:00, 12:00 and 18:00 Eastern.", page.Body!.TextContent);
        Assert.Equal("Next send times: Sun Nov 15, 18:00 EST · Mon Nov 16, 06:00 EST · Mon Nov 16, 12:00 EST", page.Text("#next-times"));
        Assert.Equal(("0 6,12,18 * * *", "America/New_York"), (SitrepQueue.RecurringJob(app.ConnectionString, s.EventId)!.Cron, SitrepQueue.RecurringJob(app.ConnectionString, s.EventId)!.TimeZoneId));
        Assert.Equal(3, page.QuerySelectorAll("#recipients tbody tr").Length);

        var send = page.QuerySelector("#send-now")!;
        var sent = await maria.PostFormAsync(send.Action(Url), send.Fields());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        page = await maria.GetDocumentAsync(Url);
        Assert.Contains("Sending a situation report to 3 recipients now.", page.Body!.TextContent);
        // The run is in the history before its job has run.
        Assert.Contains("Send now", page.Text("#runs"));

        Assert.Equal(RunStatus.Dispatched, Assert.Single(await SitrepQueue.PerformAsync(app)).Status);
        // One delivery fails for good before it is sent, as when every attempt was refused.
        await using (var db = app.CreateDbContext())
            await db.ReportDeliveries.Where(d => d.Recipient == "eoc@cityutility.example").ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.Attempts, 6).SetProperty(d => d.GaveUpAt, clock.Now)
                .SetProperty(d => d.LastError, "The mail server answered 550 mailbox unavailable"));
        await SubscriptionTestKit.DeliverAsync(app);
        Assert.Equal(2, smtp.Count);
        var mail = smtp.Messages[0];
        Assert.Equal("Situation report: Hurricane Ines", mail.Subject);
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        using (var pdf = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(pdf);
            Assert.Contains("Hurricane Ines", PdfText.Read(pdf.ToArray()).All);
        }

        // The failed one is resent from the history; the two sent ones are not sent again. The run has no owner, so the
        // administrators were told of the failure, as for every run of the ledger.
        page = await maria.GetDocumentAsync(Url);
        Assert.Contains("eoc@cityutility.example — failed (6 attempts)", page.Text("#runs"));
        var resend = page.QuerySelector("#runs form")!;
        var resent = await maria.PostFormAsync(resend.Action(Url), resend.Fields());
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        await SubscriptionTestKit.DeliverAsync(app);
        Assert.Equal(4, smtp.Count);
        Assert.Equal(new[] { "eoc@cityutility.example", s.World.Administrator.Email, s.World.Manager.Email, s.World.Leadership.Email }.Select(a => a.ToLowerInvariant()).Order(),
            smtp.Messages.Select(m => m.To.Mailboxes.Single().Address.ToLowerInvariant()).Order());
        Assert.Single(smtp.Messages, m => m.To.Mailboxes.Single().Address == "eoc@cityutility.example");
        page = await maria.GetDocumentAsync(Url);
        Assert.Contains("eoc@cityutility.example — sent", page.Text("#runs"));
    }

    [Fact]
    public async Task Reader_SeesItReadOnly_AndPreviewsThePdf_AnotherUnitsManagerGets404()
    {
        var dee = await SignInAsync(s.World.Supervisor);
        var page = await dee.GetDocumentAsync(Url);
        Assert.Equal("The managers of the event's units and administrators set its situation reports; you may read them.", page.Text("#read-only"));
        Assert.Null(page.QuerySelector("#send-now"));
        Assert.NotNull(page.QuerySelector("#schedule fieldset[disabled]"));
        var refused = await dee.PostFormAsync(Url + "?handler=SendNow");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var preview = await dee.GetAsync(Url + "?handler=PreviewPdf");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Two call takers evacuated from zone B", PdfText.Read(await preview.Content.ReadAsByteArrayAsync()).All);

        var bo = await SignInAsync(s.World.OtherManager);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync(Url + "?handler=PreviewPdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostFormAsync(Url + "?handler=SendNow")).StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.ReportRuns.CountAsync());
    }
}
