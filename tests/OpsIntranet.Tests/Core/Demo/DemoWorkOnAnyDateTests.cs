using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core.Demo;

/// <summary>
/// Whatever the date, every demo sign-in has real work waiting: the demo is what a new user tries first.
/// The dates are the awkward ones: the first of the fiscal year, both daylight-saving days, the due day
/// and the day after it, a month end, 29 February, the last day of the fiscal year.
/// </summary>
public class DemoWorkOnAnyDateTests
{
    public static TheoryData<string> Dates => new()
    {
        "2027-10-01 00:05", "2027-11-07 01:30", "2027-12-10 09:00", "2027-12-11 07:00", "2028-01-31 23:55",
        "2028-02-29 12:00", "2028-03-12 03:30", "2028-09-30 18:00",
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task DemoAccounts_OnAwkwardDates_EachHaveWorkWaiting(string easternTime)
    {
        var local = DateTime.ParseExact(easternTime, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var now = new DateTimeOffset(local, DepartmentCalendar.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using var app = new OpsWebFactory(cs, loadDemoData: true, clock: new FakeTimeProvider(now));
            _ = app.Server; // starting the host loads the demo department
            int walkIn;
            await using (var db = app.CreateDbContext()) walkIn = await db.Units.Where(u => u.Code == "WIU").Select(u => u.Id).SingleAsync();

            // A supervisor has a month to enter, and the form opens for editing.
            var omar = await app.SignedInClientAsync(DemoUsers.WalkInSupervisor);
            var home = await omar.GetDocumentAsync("/");
            var open = home.QuerySelectorAll($"a[href^='/units/{walkIn}/months/']").FirstOrDefault(a => a.TextContent.Contains("Open the form"));
            Assert.True(open is not null, "The Walk-In supervisor's home page offers no month to enter.");
            var form = await omar.GetDocumentAsync(open.GetAttribute("href")!);
            Assert.NotNull(form.QuerySelector("form[method=post] input[name=__RequestVerificationToken]"));

            // The import page offers a month that is still open, and its template downloads.
            var import = await omar.GetDocumentAsync($"/units/{walkIn}/import");
            var months = import.QuerySelectorAll("#template-month option").Select(o => o.GetAttribute("value")!).ToList();
            Assert.NotEmpty(months);
            await using (var db = app.CreateDbContext())
            {
                var first = DateOnly.ParseExact(months[0] + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                Assert.False(await db.MetricSubmissions.AnyAsync(s => s.UnitId == walkIn && s.Month == first && (s.Status == Ops.Submitted || s.Status == Ops.Approved)),
                    $"The import page offers {months[0]}, which is locked.");
                Assert.True(first < DepartmentCalendar.MonthOf(DateOnly.FromDateTime(local)), $"The import page offers {months[0]}, which has not ended.");
            }
            var template = await omar.GetAsync($"/units/{walkIn}/import/Template?month={months[0]}");
            Assert.Equal(HttpStatusCode.OK, template.StatusCode);
            Assert.Contains($"{months[0]},avg_wait,,", await template.Content.ReadAsStringAsync());

            // The other supervisor has her evaluation to read and acknowledge.
            await AssertWaitingAsync(app, DemoUsers.UccSupervisor, "/evaluations/");

            // Managers have months to approve and an evaluation to write.
            foreach (var manager in new[] { DemoUsers.ManagerA, DemoUsers.ManagerB })
            {
                var page = await AssertWaitingAsync(app, manager, "/evaluations/");
                Assert.True(page.QuerySelector("a[href='/review']") is not null, $"{manager} has nothing to approve on {easternTime}.");
            }

            // Leadership has an evaluation to review and sees figures; so does the administrator.
            await AssertWaitingAsync(app, DemoUsers.Leadership, "/evaluations/");
            foreach (var reader in new[] { DemoUsers.Leadership, DemoUsers.Administrator })
            {
                var page = await (await app.SignedInClientAsync(reader)).GetDocumentAsync("/");
                var statuses = page.QuerySelectorAll("section.unit-card .badge[data-status]").Select(b => b.GetAttribute("data-status")).ToList();
                Assert.True(statuses.Count(s => s is "green" or "amber" or "red") >= 9, $"{reader} sees {statuses.Count} figures on {easternTime}.");
            }
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    private static async Task<AngleSharp.Dom.IDocument> AssertWaitingAsync(OpsWebFactory app, string who, string linkPrefix)
    {
        var page = await (await app.SignedInClientAsync(who)).GetDocumentAsync("/");
        Assert.True(page.QuerySelector($"#waiting a[href^='{linkPrefix}']") is not null, $"Nothing is waiting for {who}.");
        return page;
    }

    private static class Ops
    {
        public const OpsIntranet.Core.Metrics.SubmissionStatus Submitted = OpsIntranet.Core.Metrics.SubmissionStatus.Submitted;
        public const OpsIntranet.Core.Metrics.SubmissionStatus Approved = OpsIntranet.Core.Metrics.SubmissionStatus.Approved;
    }
}
