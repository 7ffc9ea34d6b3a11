using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsIntranet.Jobs.Reminders;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.BrowserTests;

/// <summary>
/// The Hangfire job dashboard is a page of the intranet like any other: an administrator reaches it from the
/// Admin menu, it declares English, wears the intranet's colours, leads back to the intranet, and each of its
/// pages passes axe with something on it — a job in each state the lists show and the real recurring jobs.
/// </summary>
public class JobsDashboardTests(JobsDashboardTests.App app) : IClassFixture<JobsDashboardTests.App>
{
    public sealed class App : BrowserApp
    {
        // The recurring jobs the product registers at start-up, so their list has rows (with selection boxes).
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:RegisterRecurringJobs"] = "true" };
    }

    [Fact]
    public async Task Administrator_OpensJobsFromTheAdminMenu_AndEveryDashboardPagePassesAxe()
    {
        // No job server runs in the test app, so each job stays in the state it is put in.
        var jobs = app.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<SendRemindersJob>(j => j.ExecuteAsync(CancellationToken.None));
        jobs.Schedule<SendRemindersJob>(j => j.ExecuteAsync(CancellationToken.None), TimeSpan.FromHours(2));
        var succeeded = jobs.Enqueue<SendRemindersJob>(j => j.ExecuteAsync(CancellationToken.None));
        jobs.ChangeState(succeeded, new SucceededState(null, 40, 1200));
        var failed = jobs.Enqueue<SendRemindersJob>(j => j.ExecuteAsync(CancellationToken.None));
        jobs.ChangeState(failed, new FailedState(new InvalidOperationException("The mail server localhost:2525 could not be reached.")));

        var page = await app.SignedInPageAsync(DemoUsers.Administrator);
        await page.GetByRole(AriaRole.Button, new() { Name = "Admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Overview");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        // The intranet's brand band, not Hangfire's light grey one (whose #777 links were below 4.5:1).
        Assert.Equal("rgb(29, 78, 137)", await page.Locator(".navbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await BrowserApp.AssertAccessibleAsync(page);

        foreach (var path in new[]
        {
            "/admin/jobs/jobs/enqueued", "/admin/jobs/jobs/enqueued/default", "/admin/jobs/jobs/scheduled", "/admin/jobs/jobs/succeeded",
            "/admin/jobs/jobs/failed", $"/admin/jobs/jobs/details/{failed}", $"/admin/jobs/jobs/details/{succeeded}",
            "/admin/jobs/recurring", "/admin/jobs/retries", "/admin/jobs/servers",
        })
        {
            await page.GotoAsync(path);
            await BrowserApp.AssertAccessibleAsync(page);
        }
        // The lists did have rows to select.
        await page.GotoAsync("/admin/jobs/recurring");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Select daily-reminders" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to site" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Department scorecard");
    }
}
