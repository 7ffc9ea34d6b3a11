using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Reminders;
using OpsIntranet.Core.Reports;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Jobs.Reminders;

/// <summary>
/// Metric reminders and the managers' escalation, run by the daily job on chosen days of November 2026. October
/// 2026 is due on Tuesday 10 November (Metrics:DueDay 10). Worked by hand, with no holidays: "due soon" (3 business
/// days before) on Thursday 5 November, "due today" on the 10th, the escalation (2 business days after) on Thursday 12th.
/// </summary>
public class MetricRemindersTests : IAsyncLifetime
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private readonly ReminderApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private sealed record Department(BuiltUnit Ucc, BuiltUnit WalkIn, BuiltUser Dana, BuiltUser Omar, BuiltUser Maria);

    /// <summary>Two units of one manager, a supervisor each; the Walk-In Unit submits October on 3 November unless told otherwise.</summary>
    private async Task<Department> DepartmentAsync(bool walkInSubmits = true)
    {
        app.Clock.SetDay(new DateOnly(2026, 11, 3));
        var ucc = await app.Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var walkIn = await app.Data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        var maria = await app.Data.User("Maria", "Alvarez").ManagerOf(ucc, walkIn).BuildAsync();
        var dana = await app.Data.User("Dana", "Reyes").SupervisorOf(ucc).ReportsTo(maria).BuildAsync();
        var omar = await app.Data.User("Omar", "Haddad").SupervisorOf(walkIn).ReportsTo(maria).BuildAsync();
        var visits = await app.Data.Metric(walkIn, "VISITS").Named("Customers served").Count().BuildAsync();
        var month = app.Data.Month(walkIn, October).EnteredBy(omar).Value(visits, 1200);
        await (walkInSubmits ? month.Submitted() : month.Draft()).BuildAsync();
        return new Department(ucc, walkIn, dana, omar, maria);
    }

    [Fact]
    public async Task LateMonth_RemindsOnceAndEscalatesOnce_EvenWhenTheJobRunsFiveTimesAndOnLaterDays()
    {
        var d = await DepartmentAsync();

        var days = new[] { 5, 5, 10, 10, 10, 11, 12, 12, 12, 13, 16, 17 }.Select(n => new DateOnly(2026, 11, n));
        var outcomes = new List<OpsIntranet.Jobs.Reminders.SendRemindersJob.Outcome>();
        foreach (var day in days) outcomes.Add(await app.RunOnAsync(day));

        Assert.Equal(3, app.Smtp.Count);
        var soon = Assert.Single(app.Received(ReminderKinds.MetricsDueSoon.Key));
        var today = Assert.Single(app.Received(ReminderKinds.MetricsDueToday.Key));
        var escalation = Assert.Single(app.Received(ReminderKinds.MetricsLateEscalation.Key));
        Assert.Equal(d.Dana.Email, ReminderApp.To(soon));
        Assert.Equal(d.Dana.Email, ReminderApp.To(today));
        Assert.Equal(d.Maria.Email, ReminderApp.To(escalation));
        // The second run of a day finds its reminder made and dispatches nothing.
        Assert.Equal((1, 1), (outcomes[0].Dispatched.Count, outcomes[1].MadeBefore + outcomes[1].Dispatched.Count));
        Assert.Empty(outcomes[1].Dispatched);

        // The escalation lists the late unit only; the Walk-In Unit submitted in time.
        Assert.Contains("Utility Contact Center", escalation.TextBody);
        Assert.DoesNotContain("Walk-In Unit", escalation.TextBody);
        Assert.Equal("Late metrics for October 2026: 1 unit", escalation.Subject);
        Assert.Contains("https://intranet.city.example/months", escalation.TextBody);

        await using var db = app.Factory.CreateDbContext();
        var runs = await db.ReportRuns.Include(r => r.Deliveries).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(
            [(ReminderKinds.MetricsDueSoon.Key, $"user:{d.Dana.Id}"), (ReminderKinds.MetricsDueToday.Key, $"user:{d.Dana.Id}"), (ReminderKinds.MetricsLateEscalation.Key, $"user:{d.Maria.Id}")],
            runs.Select(r => (r.Report, r.Scope)));
        Assert.All(runs, r =>
        {
            Assert.Equal(("2026-10", RunStatus.Dispatched), (r.Period, r.Status));
            var delivery = Assert.Single(r.Deliveries);
            Assert.Equal((DeliveryStatus.Sent, 1), (delivery.Status, delivery.Attempts));
        });
    }

    [Fact]
    public async Task ReminderMail_IsHtmlAndText_LinksTheMonthForm_OptionalOnesCarryOneClickUnsubscribe()
    {
        var d = await DepartmentAsync();
        await app.RunOnAsync(new DateOnly(2026, 11, 5));
        await app.RunOnAsync(new DateOnly(2026, 11, 10));

        var soon = Assert.Single(app.Received(ReminderKinds.MetricsDueSoon.Key));
        Assert.Equal("Metrics for October 2026 are due Tuesday, November 10", soon.Subject);
        var form = $"https://intranet.city.example/units/{d.Ucc.Id}/months/2026-10";
        Assert.Contains($"href=\"{form}\"", soon.HtmlBody);
        Assert.Contains(form, soon.TextBody);
        Assert.Contains("Hello Dana Reyes,", soon.TextBody);
        Assert.Empty(soon.Attachments);
        Assert.Equal("auto-generated", soon.Headers["Auto-Submitted"]);
        Assert.Equal("List-Unsubscribe=One-Click", soon.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = soon.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith("https://intranet.city.example/unsubscribe?t=", unsubscribe, StringComparison.Ordinal);
        Assert.Contains($"href=\"{unsubscribe.Replace("&", "&amp;", StringComparison.Ordinal)}\"", soon.HtmlBody);
        var token = Uri.UnescapeDataString(unsubscribe[(unsubscribe.IndexOf("?t=", StringComparison.Ordinal) + "?t=".Length)..]);
        var request = app.Factory.Services.GetRequiredService<UnsubscribeTokens>().Read(token);
        Assert.Equal(new StopReminders(d.Dana.Id, ReminderKinds.MetricsDueSoon.Key), request);

        // Mandatory: no way to unsubscribe, and it says so.
        var today = Assert.Single(app.Received(ReminderKinds.MetricsDueToday.Key));
        Assert.Null(today.Headers["List-Unsubscribe"]);
        Assert.Null(today.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("cannot be switched off", today.TextBody);
        Assert.Contains(form, today.HtmlBody);
    }

    [Fact]
    public async Task MissedDays_AreMadeUpOnce_OnTheNextRun()
    {
        var d = await DepartmentAsync();
        // The server was down from the 4th to the 10th: "due today" is still owed on the 11th, before the escalation's day.
        await app.RunOnAsync(new DateOnly(2026, 11, 11));
        Assert.Equal([d.Dana.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To));
        Assert.Empty(app.Received(ReminderKinds.MetricsDueSoon.Key));
        // Down again on the 12th and 13th: the escalation goes on Monday the 16th, once.
        await app.RunOnAsync(new DateOnly(2026, 11, 16));
        await app.RunOnAsync(new DateOnly(2026, 11, 17));
        Assert.Equal([d.Maria.Email], app.Received(ReminderKinds.MetricsLateEscalation.Key).Select(ReminderApp.To));
        Assert.Equal(2, app.Smtp.Count);
    }

    [Fact]
    public async Task AnEscalationOlderThanTheCatchUpWindow_IsNotSent()
    {
        await DepartmentAsync();
        // The escalation's day was the 12th; ten days later (the 22nd) is the last day it is still owed.
        await app.RunOnAsync(new DateOnly(2026, 11, 23));
        Assert.Equal(0, app.Smtp.Count);
        await using var db = app.Factory.CreateDbContext();
        Assert.Empty(await db.ReportRuns.ToListAsync());
    }

    [Theory]
    // A holiday on the due date: "due today" goes on the business day before, and the two business days start after it.
    [InlineData("2026-11-10", "2026-11-09")]
    // Veterans Day inside the two business days: the escalation moves from Thursday to Friday.
    [InlineData("2026-11-11", "2026-11-10")]
    public async Task CityHolidays_MoveTheEscalation(string holiday, string dueTodayOn)
    {
        var d = await DepartmentAsync();
        await app.AddHolidayAsync(DateOnly.Parse(holiday, System.Globalization.CultureInfo.InvariantCulture), "City holiday");

        await app.RunOnAsync(DateOnly.Parse(dueTodayOn, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([d.Dana.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To));
        // On the holiday itself nothing goes out.
        var onHoliday = await app.RunOnAsync(DateOnly.Parse(holiday, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, onHoliday.Owed);
        await app.RunOnAsync(new DateOnly(2026, 11, 12));
        Assert.Empty(app.Received(ReminderKinds.MetricsLateEscalation.Key));
        await app.RunOnAsync(new DateOnly(2026, 11, 13));
        Assert.Equal([d.Maria.Email], app.Received(ReminderKinds.MetricsLateEscalation.Key).Select(ReminderApp.To));
        Assert.Single(app.Received(ReminderKinds.MetricsDueToday.Key));
    }

    [Fact]
    public async Task OptedOutSupervisor_GetsNoDueSoonReminder_ButStillGetsDueToday()
    {
        var d = await DepartmentAsync(walkInSubmits: false);
        await app.Data.InScopeAsync(async services =>
        {
            var preferences = services.GetRequiredService<ReminderPreferences>();
            Assert.Null(await preferences.SaveAsync(d.Dana.Id, [ReminderKinds.MetricsDueSoon.Key], []));
            // A mandatory notice cannot be switched off.
            Assert.Equal("Mandatory notices cannot be switched off.", await preferences.SaveAsync(d.Dana.Id, [ReminderKinds.MetricsDueToday.Key], []));
            return 0;
        });

        await app.RunOnAsync(new DateOnly(2026, 11, 5));
        Assert.Equal([d.Omar.Email], app.Received(ReminderKinds.MetricsDueSoon.Key).Select(ReminderApp.To));
        await app.RunOnAsync(new DateOnly(2026, 11, 10));
        Assert.Equal([d.Dana.Email, d.Omar.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To).Order(StringComparer.Ordinal));
        // Both units late: one escalation to their manager listing both.
        await app.RunOnAsync(new DateOnly(2026, 11, 12));
        var escalation = Assert.Single(app.Received(ReminderKinds.MetricsLateEscalation.Key));
        Assert.Equal("Late metrics for October 2026: 2 units", escalation.Subject);
        Assert.Contains("Walk-In Unit: draft saved, not submitted", escalation.TextBody);
        Assert.Contains("Utility Contact Center: not started", escalation.TextBody);
    }

    [Fact]
    public async Task TwoWorkersRunningTheJobAtOnce_MakeOneRunAndOneEmailPerPerson()
    {
        var d = await DepartmentAsync(walkInSubmits: false);
        app.Clock.SetDay(new DateOnly(2026, 11, 10));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OpsIntranet.Jobs.Reminders.SendRemindersJob>().ExecuteAsync(CancellationToken.None);
        }));
        var performed = await DeliveryQueue.PerformAsync(app.Factory.Services, app.Factory.ConnectionString);
        Assert.All(performed, p => Assert.Null(p.Error));

        Assert.Equal([d.Dana.Email, d.Omar.Email], app.Received(ReminderKinds.MetricsDueToday.Key).Select(ReminderApp.To).Order(StringComparer.Ordinal));
        Assert.Equal(2, app.Smtp.Count);
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(2, await db.ReportRuns.CountAsync());
        Assert.Equal(2, await db.ReportDeliveries.CountAsync());
    }
}
