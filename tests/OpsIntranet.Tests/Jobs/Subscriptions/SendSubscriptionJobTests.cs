using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Subscriptions;
using OpsIntranet.Jobs.Subscriptions;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Subscriptions;

/// <summary>
/// A subscription's run end to end: the job renders the report once with the owner's viewer, stores it, fans it out to
/// the recipients of the moment, and the delivery jobs send each one e-mail through a real SMTP server in the test.
/// </summary>
public class SendSubscriptionJobTests : SubscriptionTestBase
{
    private const string Chief = SubscriptionWorld.Chief;

    [Fact]
    public async Task ScheduledRun_SendsEachRecipientOneWellFormedMailWithThePdf_AndRunningItAgainSendsNothing()
    {
        var w = await BuildWorldAsync();
        var s = await w.UnitScorecardAsync(App, s =>
        {
            s.Addresses = [Chief, "  Chief@CityUtility.example "];
            s.RecipientRoles = [OpsIntranet.Core.Identity.Roles.Leadership];
            s.LeadershipOfUnitIds = [w.Unit.Id];
        });

        var first = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10");
        Assert.Equal(RunStatus.Dispatched, first.Status);
        Assert.Equal(4, first.Enqueued);
        await SubscriptionTestKit.DeliverAsync(App);

        string[] expected = [Chief, w.Leader.Email, w.Manager.Email, w.Supervisor.Email];
        Assert.Equal(expected.Order(), Smtp.Messages.Select(To).Order());

        var message = Smtp.Messages.Single(m => To(m) == Chief);
        Assert.Equal("October figures are in", message.Subject);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Contains($"<subscription-{s.Id}.opsintranet.cityutility.example>", message.Headers["List-Id"]);
        Assert.StartsWith("Monthly scorecard to leadership <", System.Text.RegularExpressions.Regex.Replace(message.Headers["List-Id"]!, @"\s+", " ").Trim());
        Assert.StartsWith("<http://127.0.0.1:5000/unsubscribe?t=", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        // HTML and plain text say the same: the note, the period, the figures, the link to the unit's page, the attachment.
        foreach (var body in new[] { message.HtmlBody, message.TextBody })
        {
            Assert.Contains("The monthly figures, as approved.", body);
            Assert.Contains("October 2026", body);
            Assert.Contains("Meets target", body);
            Assert.Contains($"http://127.0.0.1:5000/units/{w.Unit.Id}?month=2026-10", body);
            Assert.Contains("WAL-scorecard-2026-10.pdf", body);
            Assert.Contains("Confidential", body);
        }
        // No tracking: no images at all, and every link goes straight to the intranet.
        Assert.DoesNotContain("<img", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("WAL-scorecard-2026-10.pdf", attachment.FileName);
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf.ToArray(), 0, 4));
        var text = PdfText.Read(pdf.ToArray()).All;
        Assert.Contains("Walk-In Unit", text);
        Assert.Contains("Monthly Scorecard", text);
        Assert.Contains("Average wait", text);

        var again = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10");
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal((RunStatus.Dispatched, 0, 4), (again.Status, again.Enqueued, again.AlreadySent));
        Assert.Equal(4, Smtp.Count);

        await using var db = App.CreateDbContext();
        var run = await db.ReportRuns.SingleAsync();
        Assert.Equal((s.Id, RunStatus.Dispatched, RunTrigger.Scheduled, "subscription:" + s.Id), (run.SubscriptionId, run.Status, run.Trigger, run.Scope));
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(1, await db.Documents.CountAsync());
        Assert.All(await db.ReportDeliveries.ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task Recipients_AreTheAddressesTheRolesAndTheUnitsLeadership_ActiveOnly_EachOnceWithWhy()
    {
        var w = await BuildWorldAsync();
        var data = new TestData(App);
        var gone = await data.User("Ann", "Gone").Leadership().BuildAsync();
        var otherSupervisor = await data.User("Tom", "Gaines").SupervisorOf(w.Other).BuildAsync();
        await using (var db = App.CreateDbContext())
        {
            // An administrator switched the account off: it gets nothing.
            await db.Users.Where(u => u.Id == gone.Id).ExecuteUpdateAsync(x => x.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue));
        }
        var s = await w.UnitScorecardAsync(App, s =>
        {
            s.Addresses = [Chief, w.Leader.Email.ToUpperInvariant()];
            s.RecipientRoles = [OpsIntranet.Core.Identity.Roles.Leadership];
            s.LeadershipOfUnitIds = [w.Unit.Id];
            s.Unsubscribed = [w.Supervisor.Email];
        });

        await using var scope = App.Services.CreateAsyncScope();
        var resolved = await scope.ServiceProvider.GetRequiredService<SubscriptionRecipients>().ResolveAsync(s);

        Assert.Equal(new[] { Chief, w.Leader.Email, w.Manager.Email }.Order(), resolved.Addresses.Order());
        Assert.Equal(["Typed in", "Role: Leadership"], resolved.To.Single(r => r.Address == w.Leader.Email).Sources);
        Assert.Equal(["Leadership of Walk-In Unit"], resolved.To.Single(r => r.Address == w.Manager.Email).Sources);
        Assert.Equal([w.Supervisor.Email], resolved.Unsubscribed.Select(r => r.Address));
        Assert.DoesNotContain(resolved.To, r => r.Address == gone.Email || r.Address == otherSupervisor.Email);
    }

    [Fact]
    public async Task RenderFailure_SendsNothing_TheRunIsFailedWithTheReason()
    {
        var w = await BuildWorldAsync();
        var s = await SubscriptionTestKit.AddSubscriptionAsync(App, BrokenReportKind.KindKey, s =>
        {
            s.UnitIds = [w.Unit.Id];
            s.OwnerUserId = w.Manager.Id;
            s.Addresses = [Chief];
        });

        // Scheduled: the run is marked failed and the job fails, so Hangfire tries the render again later.
        var error = await Assert.ThrowsAsync<SubscriptionRunFailedException>(() => SubscriptionTestKit.RunAsync(App, s.Id, "2026-10"));
        Assert.Contains(BrokenReportKind.Failure, error.Message);
        // By hand: the person sees the reason on the page and may send again; no retry.
        var manual = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10", RunTrigger.Manual, "form:1", w.Manager.Id);
        Assert.Equal(RunStatus.Failed, manual.Status);
        await SubscriptionTestKit.DeliverAsync(App);

        Assert.Equal(0, Smtp.Count);
        await using var db = App.CreateDbContext();
        var runs = await db.ReportRuns.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r =>
        {
            Assert.Equal(RunStatus.Failed, r.Status);
            Assert.Contains(BrokenReportKind.Failure, r.Error);
            Assert.Null(r.DocumentId);
        });
        Assert.Equal(0, await db.ReportDeliveries.CountAsync());
        Assert.Equal(0, await db.Documents.CountAsync());

        // Visible to the subscription's keeper on its page.
        var client = await App.SignedInClientAsync(w.Manager);
        var page = await client.GetDocumentAsync($"/reports/subscriptions/{s.Id}");
        var history = page.Text("#runs");
        Assert.Contains("Failed", history);
        Assert.Contains(BrokenReportKind.Failure, history);
    }

    [Fact]
    public async Task OwnerNoLongerReadsTheUnit_TheRunFailsSayingSo_AndNothingIsSent()
    {
        var w = await BuildWorldAsync();
        var s = await w.UnitScorecardAsync(App);
        await using (var db = App.CreateDbContext())
            await db.UserUnits.Where(x => x.UserId == w.Manager.Id).ExecuteDeleteAsync();

        var outcome = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10");

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Contains("no longer theirs to read", outcome.Message);
        Assert.Contains(w.Manager.DisplayName, outcome.Message);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(0, Smtp.Count);
    }

    [Fact]
    public async Task PeriodWithoutApprovedFigures_IsSkippedWithTheReason_AndNothingIsSent()
    {
        var w = await BuildWorldAsync();
        var s = await w.UnitScorecardAsync(App);

        var outcome = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-09");

        Assert.Equal(RunStatus.Skipped, outcome.Status);
        await using var db = App.CreateDbContext();
        var run = await db.ReportRuns.SingleAsync();
        Assert.Equal(RunStatus.Skipped, run.Status);
        Assert.Equal("No approved figures for September 2026 yet; nothing was sent, as the subscription asks.", run.Error);
        Assert.Null(run.DocumentId);
        Assert.Equal(0, await db.ReportDeliveries.CountAsync());
        Assert.Equal(0, Smtp.Count);
    }

    [Fact]
    public async Task PausedOrDeleted_AScheduledRunDoesNothing_ButSendNowStillMayWhilePaused()
    {
        var w = await BuildWorldAsync();
        var paused = await w.UnitScorecardAsync(App, s => s.Paused = true);
        var deleted = await w.UnitScorecardAsync(App, s => s.DeletedAt = TestClock.Now);

        Assert.Null((await SubscriptionTestKit.RunAsync(App, paused.Id, "2026-10")).RunId);
        Assert.Null((await SubscriptionTestKit.RunAsync(App, deleted.Id, "2026-10")).RunId);
        Assert.Null((await SubscriptionTestKit.RunAsync(App, deleted.Id, "2026-10", RunTrigger.Manual, "form:1", w.Manager.Id)).RunId);
        var manual = await SubscriptionTestKit.RunAsync(App, paused.Id, "2026-10", RunTrigger.Manual, "form:2", w.Manager.Id);
        await SubscriptionTestKit.DeliverAsync(App);

        Assert.Equal(RunStatus.Dispatched, manual.Status);
        Assert.Equal([Chief], Smtp.Messages.Select(To));
    }

    [Fact]
    public async Task UnsubscribeLink_StopsTheNextRunsMailToThatAddressOnly_OneClickOrThePage()
    {
        var w = await BuildWorldAsync();
        var s = await w.UnitScorecardAsync(App, s => s.RecipientRoles = [OpsIntranet.Core.Identity.Roles.Leadership]);
        await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10");
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(2, Smtp.Count);

        var link = new Uri(Smtp.Messages.Single(m => To(m) == Chief).Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var anonymous = App.CreateBrowserLikeClient();
        var page = await anonymous.GetDocumentAsync(link.PathAndQuery);
        Assert.Contains(Chief, page.Text("#unsubscribe-what"));
        Assert.Contains("Monthly scorecard to leadership", page.Text("#unsubscribe-what"));
        // The page's own button needs its antiforgery token; a bare post without the one-click field is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([]))).StatusCode);

        // RFC 8058: the mail program posts this, without cookies or a token, and may do it twice.
        for (var i = 0; i < 2; i++)
        {
            var oneClick = await App.CreateClient().PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
            Assert.Contains($"{Chief} no longer receives", (await oneClick.ParseAsync()).Text("#unsubscribe-result"));
        }
        await using (var db = App.CreateDbContext())
        {
            Assert.Equal([Chief], (await db.ReportSubscriptions.SingleAsync(x => x.Id == s.Id)).Unsubscribed);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.RecordType == "Subscription" && a.RecordId == s.Id));
        }

        // The next run (here someone's "Send now") goes to everyone else.
        await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10", RunTrigger.Manual, "form:1", w.Manager.Id);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(3, Smtp.Count);
        Assert.Single(Smtp.Messages, m => To(m) == Chief);
        Assert.Equal(2, Smtp.Messages.Count(m => To(m) == w.Leader.Email));

        var invalid = await anonymous.GetAsync("/unsubscribe?t=" + Uri.EscapeDataString(link.Query[3..^4]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("not valid", (await invalid.ParseAsync()).Text("#unsubscribe-result"));
    }

    /// <summary>
    /// Issue 12's story: someone sends the report by hand on the 1st while a unit is still unapproved; the scheduled run
    /// of the same period on the 12th still goes to every recipient, with what is approved by then.
    /// </summary>
    [Fact]
    public async Task SendNowOnThe1st_DoesNotTakeThePlaceOfThePeriodsScheduledRun()
    {
        var w = await BuildWorldAsync();
        var data = new TestData(App);
        var late = w.Other;
        var rate = await data.Metric(late, "collection_rate").Named("Collection rate").Percent(1).HigherIsBetter().Key().Target(2027, 98.5m, 0.5m).BuildAsync();
        var lateSupervisor = await data.User("Tom", "Gaines").SupervisorOf(late).BuildAsync();
        var admin = w.Admin;
        var s = await w.DepartmentScorecardAsync(App, Chief, "deputy@cityutility.example");

        var manual = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10", RunTrigger.Manual, "form:first-of-month", admin.Id);
        var test = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10", RunTrigger.Test, "form:try", admin.Id, admin.Email);
        await SubscriptionTestKit.DeliverAsync(App);
        Assert.Equal(3, Smtp.Count);
        Assert.All(Smtp.Messages, m => Assert.Contains("Not yet approved: Credit and Collections.", m.TextBody));
        Assert.Equal(admin.Email, Smtp.Messages.Single(m => (m.MessageId ?? "").StartsWith($"subscription.{test.RunId}.", StringComparison.Ordinal)).To.Mailboxes.Single().Address);

        await data.Month(late, SubscriptionWorld.October).Value(rate, 99m).EnteredBy(lateSupervisor).Approved(by: admin).BuildAsync();
        var scheduled = await SubscriptionTestKit.RunAsync(App, s.Id, "2026-10");
        await SubscriptionTestKit.DeliverAsync(App);

        Assert.Equal(2, scheduled.Enqueued);
        Assert.Equal(5, Smtp.Count);
        // The mail server keeps messages in no particular order: the scheduled run's are those with its Message-IDs.
        var onThe12th = Smtp.Messages.Where(m => (m.MessageId ?? "").StartsWith($"subscription.{scheduled.RunId}.", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { Chief, "deputy@cityutility.example" }.Order(), onThe12th.Select(To).Order());
        Assert.All(onThe12th, m => Assert.Contains("Every unit's figures in this report are approved.", m.TextBody));
        Assert.Equal(5, Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        await using var db = App.CreateDbContext();
        var runs = await db.ReportRuns.OrderBy(r => r.Id).Select(r => new { r.Id, r.Trigger, r.Status }).ToListAsync();
        Assert.Equal([RunTrigger.Manual, RunTrigger.Test, RunTrigger.Scheduled], runs.Select(r => r.Trigger));
        Assert.All(runs, r => Assert.Equal(RunStatus.Dispatched, r.Status));
        Assert.Equal([manual.RunId, test.RunId, scheduled.RunId], runs.Select(r => (int?)r.Id));
    }
}
