using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Reminders;

namespace OpsIntranet.Tests.Jobs.Reminders;

/// <summary>
/// Evaluation reminders. Both evaluations are built on Monday 2 November 2026 in a cycle over FY2026 due on
/// 29 November 2026 (the builder's: 60 days after 30 September). One is submitted and waits on its reviewer,
/// the other approved and waits on the employee's acknowledgement. With the 7-day cadence, worked by hand:
/// reminders are owed from the 9th (week 1), 16th (2), 23rd (3), 30th (4), 7 December (5); the overdue review notice from the 30th.
/// </summary>
public class EvaluationRemindersTests : IAsyncLifetime
{
    private readonly ReminderApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task StepReminders_GoOnTheCadence_AndTheOverdueNoticeOnce()
    {
        app.Clock.SetDay(new DateOnly(2026, 11, 2));
        // An inactive unit: no metric reminders mixed into the evaluation ones.
        var unit = await app.Data.Unit("BIL").Named("Billing").Inactive().BuildAsync();
        var manager = await app.Data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var reviewer = await app.Data.User("Pat", "Odum").Leadership().BuildAsync();
        var sam = await app.Data.Employee("Sam", "Lee").InUnit(unit).ReportsTo(manager).BuildAsync();
        var ana = await app.Data.User("Ana", "Cruz").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        var submitted = await app.Data.Evaluation(sam, evaluator: manager, reviewer: reviewer).AtStep(EvaluationStep.Submitted).BuildAsync();
        var approved = await app.Data.Evaluation(ana.Employee, evaluator: manager, reviewer: reviewer).AtStep(EvaluationStep.Approved).BuildAsync();

        // Friday the 6th: four days of waiting, nothing yet.
        await app.RunOnAsync(new DateOnly(2026, 11, 6));
        Assert.Equal(0, app.Smtp.Count);

        await app.RunOnAsync(new DateOnly(2026, 11, 9));
        await app.RunOnAsync(new DateOnly(2026, 11, 10));
        var waiting = app.Received(ReminderKinds.EvaluationStepWaiting.Key);
        Assert.Equal([ana.Email, reviewer.Email], waiting.Select(ReminderApp.To).Order(StringComparer.Ordinal));
        var review = waiting.Single(m => ReminderApp.To(m) == reviewer.Email);
        Assert.Equal("An evaluation is waiting on you: review the submitted evaluation", review.Subject);
        Assert.Contains($"https://intranet.city.example/evaluations/{submitted}", review.TextBody);
        Assert.Contains("Sam Lee", review.TextBody);
        Assert.NotNull(review.Headers["List-Unsubscribe"]);
        var acknowledge = waiting.Single(m => ReminderApp.To(m) == ana.Email);
        Assert.Contains($"https://intranet.city.example/evaluations/{approved}", acknowledge.HtmlBody);
        Assert.Contains("acknowledge", acknowledge.TextBody);

        // Week 2 on Monday the 16th; week 3 missed (no run that week) is not sent late, week 4 is, with the overdue notice.
        foreach (var day in new[] { 16, 17, 30 }) await app.RunOnAsync(new DateOnly(2026, 11, day));
        await app.RunOnAsync(new DateOnly(2026, 12, 1));
        await app.RunOnAsync(new DateOnly(2026, 12, 7));
        await app.RunOnAsync(new DateOnly(2026, 12, 8));

        Assert.Equal(4, app.Received(ReminderKinds.EvaluationStepWaiting.Key).Count(m => ReminderApp.To(m) == reviewer.Email));
        Assert.Equal(4, app.Received(ReminderKinds.EvaluationStepWaiting.Key).Count(m => ReminderApp.To(m) == ana.Email));
        var overdue = Assert.Single(app.Received(ReminderKinds.EvaluationReviewOverdue.Key));
        Assert.Equal(reviewer.Email, ReminderApp.To(overdue));
        Assert.Equal("Evaluation review overdue: Sam Lee · Evaluation of Sam Lee 2025-10-01", overdue.Subject);
        Assert.Null(overdue.Headers["List-Unsubscribe"]);
        // The evaluator has nothing waiting on them: both evaluations are past the writing step.
        Assert.DoesNotContain(app.Smtp.Messages, m => ReminderApp.To(m) == manager.Email);

        await using var db = app.Factory.CreateDbContext();
        var periods = await db.ReportRuns.Where(r => r.Report == ReminderKinds.EvaluationStepWaiting.Key && r.Scope == $"user:{reviewer.Id}")
            .OrderBy(r => r.Id).Select(r => r.Period).ToListAsync();
        Assert.Equal([$"evaluation-{submitted}-20261102-w1", $"evaluation-{submitted}-20261102-w2", $"evaluation-{submitted}-20261102-w4", $"evaluation-{submitted}-20261102-w5"], periods);
    }

    [Fact]
    public async Task OptedOutReviewer_GetsNoStepReminders_ButTheOverdueNoticeStillGoes()
    {
        app.Clock.SetDay(new DateOnly(2026, 11, 2));
        // An inactive unit: no metric reminders mixed into the evaluation ones.
        var unit = await app.Data.Unit("BIL").Named("Billing").Inactive().BuildAsync();
        var manager = await app.Data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var reviewer = await app.Data.User("Pat", "Odum").Leadership().BuildAsync();
        var sam = await app.Data.Employee("Sam", "Lee").InUnit(unit).ReportsTo(manager).BuildAsync();
        await app.Data.Evaluation(sam, evaluator: manager, reviewer: reviewer).AtStep(EvaluationStep.Submitted).BuildAsync();
        await using (var db = app.Factory.CreateDbContext())
        {
            db.ReminderOptOuts.Add(new ReminderOptOut { UserId = reviewer.Id, Kind = ReminderKinds.EvaluationStepWaiting.Key, CreatedAt = app.Clock.Now });
            await db.SaveChangesAsync();
        }

        await app.RunOnAsync(new DateOnly(2026, 11, 9));
        await app.RunOnAsync(new DateOnly(2026, 11, 30));

        Assert.Empty(app.Received(ReminderKinds.EvaluationStepWaiting.Key));
        Assert.Equal([reviewer.Email], app.Received(ReminderKinds.EvaluationReviewOverdue.Key).Select(ReminderApp.To));
    }
}
