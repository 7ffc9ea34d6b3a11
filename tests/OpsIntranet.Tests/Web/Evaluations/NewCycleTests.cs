using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Evaluations;

/// <summary>
/// Starting a cycle: the form's defaults never offer a duplicate or a cycle late at birth, and a post
/// naming someone who already has an evaluation of that kind for an overlapping period is refused.
/// The demo has an FY2026 annual cycle (Oct 2025 – Sep 2026) for every supervisor.
/// </summary>
public class NewCycleTests(MovableClockApp app) : IClassFixture<MovableClockApp>
{
    private const string Url = "/evaluations/cycles/new";

    private async Task<int> EmployeeAsync(string email)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    /// <summary>What a browser would post for the form as shown: its values, its selected options and its ticked, enabled boxes.</summary>
    private static List<KeyValuePair<string, string>> AsShown(IDocument page)
    {
        var form = page.QuerySelector("#PeriodStart")!.Closest("form")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]"))
        {
            if (input.HasAttribute("disabled") || input.GetAttribute("name") == "__RequestVerificationToken") continue;
            var type = input.GetAttribute("type");
            if (type == "checkbox" && !input.HasAttribute("checked")) continue;
            fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""));
        }
        foreach (var select in form.QuerySelectorAll("select[name]"))
            fields.Add(new(select.GetAttribute("name")!, select.QuerySelector("option[selected]")?.GetAttribute("value") ?? ""));
        return fields;
    }

    [Theory]
    [InlineData("2026-10-01", "2025-10-01", "2026-09-30", "2026-11-29")] // the 1st, first day of the fiscal year: 60 days after the year closed
    [InlineData("2026-11-15", "2025-10-01", "2026-09-30", "2026-12-15")] // at least 30 days to write them
    [InlineData("2026-11-30", "2025-10-01", "2026-09-30", "2026-12-30")] // month end, after the demo cycle's own due date
    [InlineData("2027-02-28", "2025-10-01", "2026-09-30", "2027-03-30")] // the last day still within six months of the year it covers
    [InlineData("2027-03-01", "2026-10-01", "2027-09-30", "2027-11-29")] // too late for last year: the current one
    [InlineData("2027-09-30", "2026-10-01", "2027-09-30", "2027-11-29")] // fiscal year end
    [InlineData("2028-02-29", "2026-10-01", "2027-09-30", "2028-03-30")] // 29 February
    public async Task Defaults_OnAnyDate_OneClickCreatesNoDuplicateAndNothingLate(string today, string from, string to, string due)
    {
        var day = DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        app.Clock.SetDay(day);
        try
        {
            var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
            var page = await maria.GetDocumentAsync(Url);
            Assert.Equal(from, page.QuerySelector("#PeriodStart")!.GetAttribute("value"));
            Assert.Equal(to, page.QuerySelector("#PeriodEnd")!.GetAttribute("value"));
            Assert.Equal(due, page.QuerySelector("#DueDate")!.GetAttribute("value"));

            await using var db = app.Factory.CreateDbContext();
            var before = await db.Evaluations.Select(e => e.Id).ToListAsync();
            var response = await maria.PostFormAsync(Url, AsShown(page));
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                // Everyone the form would pick already has one: it says so, and starts nothing.
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                Assert.Equal("Choose at least one employee.", (await response.ParseAsync()).Text("#EmployeeIds-error"));
            }

            var all = await db.Evaluations.AsNoTracking().Select(e => new { e.Id, e.EmployeeId, e.Cycle!.Kind, e.Cycle.PeriodStart, e.Cycle.PeriodEnd, e.Cycle.DueDate }).ToListAsync();
            var created = all.Where(e => !before.Contains(e.Id)).ToList();
            Assert.All(created, e => Assert.True(e.DueDate > day, $"Created due {e.DueDate} on {day}: late at birth."));
            var overlapping = all.SelectMany(a => all.Where(b => b.Id > a.Id && b.EmployeeId == a.EmployeeId && b.Kind == a.Kind
                && b.PeriodStart <= a.PeriodEnd && a.PeriodStart <= b.PeriodEnd).Select(b => (a.EmployeeId, a.Id, b.Id))).ToList();
            Assert.Empty(overlapping);
        }
        finally
        {
            app.Clock.Now = TestClock.Now;
        }
    }

    [Fact]
    public async Task Form_ShowsPeopleWhoAlreadyHaveOneForThePeriodDisabled_AndTicksNobodyTwice()
    {
        var dana = await EmployeeAsync(DemoUsers.UccSupervisor);
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var page = await maria.GetDocumentAsync(Url);
        var box = page.QuerySelector($"#emp-{dana}")!;
        Assert.True(box.HasAttribute("disabled"));
        Assert.False(box.HasAttribute("checked"));
        Assert.Contains("already has an evaluation for this period", box.ParentElement!.TextContent);
    }

    [Fact]
    public async Task Post_PersonWithAnOverlappingEvaluationOfTheSameKind_IsRefusedByName_NothingSaved()
    {
        var dana = await EmployeeAsync(DemoUsers.UccSupervisor);
        await using var db = app.Factory.CreateDbContext();
        var rep = await db.Employees.Where(e => e.Unit!.Code == "UCC" && e.IsActive && !e.Position.Contains("Supervisor") && !db.Evaluations.Any(v => v.EmployeeId == e.Id))
            .OrderBy(e => e.Id).Select(e => new { e.Id, Name = e.FirstName + " " + e.LastName }).FirstAsync();
        var reviewer = await db.Users.Where(u => u.Email == DemoUsers.Leadership).Select(u => u.Id).SingleAsync();
        var cycles = await db.EvaluationCycles.CountAsync();
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);

        (string, string)[] Post(string kind) =>
        [
            ("Name", "Spring annual"), ("Kind", kind), ("PeriodStart", "2026-04-01"), ("PeriodEnd", "2026-10-31"), ("DueDate", "2026-12-31"),
            ("ReviewerUserId", reviewer.ToString(CultureInfo.InvariantCulture)),
            ("EmployeeIds", dana.ToString(CultureInfo.InvariantCulture)), ("EmployeeIds", rep.Id.ToString(CultureInfo.InvariantCulture)),
        ];
        var refused = await maria.PostFormAsync(Url, Post("Annual"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = (await refused.ParseAsync()).Text("#EmployeeIds-error");
        Assert.Contains("Dana Reyes", message);
        Assert.Contains("FY2026 annual evaluations", message);
        Assert.DoesNotContain(rep.Name, message);
        Assert.Equal(cycles, await db.EvaluationCycles.CountAsync());

        // Another kind over the same months is a different evaluation.
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync(Url, Post("Special"))).StatusCode);
        Assert.Equal(cycles + 1, await db.EvaluationCycles.CountAsync());
    }
}
