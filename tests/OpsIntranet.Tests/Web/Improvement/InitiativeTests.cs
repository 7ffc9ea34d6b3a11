using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Improvement;

public class InitiativeTests : IAsyncLifetime
{
    // Each test has its own clone of the demo: an action one test gives the Training supervisor would make another's "her one action" ambiguous, and a dismissed signal changes which signal another picks.
    private readonly DemoAppFixture app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static string V(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.ToString().Split('/', '?').Where(p => p.Length > 0).Last(p => p.All(char.IsDigit)), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The fields of the page's main form, as a browser would post them.</summary>
    private static List<KeyValuePair<string, string>> FormFields(IDocument page, string selector = "main form[method=post]")
    {
        var form = page.QuerySelector(selector)!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            var type = input.GetAttribute("type");
            if (type is "checkbox" && !input.HasAttribute("checked")) continue;
            var value = input.TagName switch
            {
                "TEXTAREA" => input.TextContent,
                "SELECT" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => input.GetAttribute("value") ?? "",
            };
            if (name != "__RequestVerificationToken") fields.Add(new(name, value));
        }
        return fields;
    }

    private static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, params (string Key, string Value)[] changes)
    {
        foreach (var (k, v) in changes) { fields.RemoveAll(f => f.Key == k); fields.Add(new(k, v)); }
        return fields;
    }

    private async Task<IReadOnlyList<MetricSignal>> SignalsAsync(DateOnly month, int? unitId = null)
    {
        using var scope = app.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SignalService>().ForMonthAsync(Viewer.System, month, unitId);
    }

    [Fact]
    public async Task Signal_BecomesAnInitiative_ThenCompletedWithAComputedResult()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        // The latest month whose dashboard has a signal nobody is working on yet.
        IElement? start = null;
        var signalMonth = TestClock.LastMonth;
        for (; start is null && signalMonth > TestClock.LastMonth.AddMonths(-12); signalMonth = signalMonth.AddMonths(-1))
        {
            var home = await maria.GetDocumentAsync($"/?month={DepartmentCalendar.MonthKey(signalMonth)}");
            start = home.QuerySelectorAll("[data-testid=signals] a").FirstOrDefault(a => a.TextContent == "Start an initiative");
        }
        Assert.NotNull(start);
        signalMonth = signalMonth.AddMonths(1);
        var url = start.GetAttribute("href")!;

        // One step from the signal: the form comes pre-filled with its metric, a year's baseline and an owner.
        var form = await maria.GetDocumentAsync(url);
        Assert.NotNull(form.QuerySelector("#from-signal"));
        Assert.False(string.IsNullOrEmpty(form.QuerySelector("#Title")!.GetAttribute("value")));
        Assert.NotNull(form.QuerySelector("#MetricDefinitionId option[selected]"));
        Assert.Equal(DepartmentCalendar.MonthKey(signalMonth), form.QuerySelector("#BaselineTo")!.GetAttribute("value"));
        Assert.Equal(DepartmentCalendar.MonthKey(signalMonth.AddMonths(-11)), form.QuerySelector("#BaselineFrom")!.GetAttribute("value"));
        // Say the change started in June: the baseline is the year before it, July–October are "after", and the result can be computed at once.
        var tooLate = await maria.PostFormAsync("/initiatives/new", With(FormFields(form), ("StartDate", "2026-06-10"), ("DueDate", "2027-03-31")));
        Assert.Contains("must end before the change starts (June 2026)", (await tooLate.ParseAsync()).Text("#BaselineTo-error"));
        var id = IdFrom(await maria.PostFormAsync("/initiatives/new", With(FormFields(form), ("StartDate", "2026-06-10"), ("DueDate", "2027-03-31"), ("BaselineFrom", "2025-06"), ("BaselineTo", "2026-05"))));

        await using var db = app.Factory.CreateDbContext();
        var initiative = await db.Initiatives.Include(i => i.Metric).Include(i => i.Units).AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.NotNull(initiative.SignalKind);
        Assert.Equal(signalMonth, initiative.SignalMonth);

        // The signal now says an initiative is under way, and offers no second one, even by its address.
        var second = await maria.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal($"/initiatives/{id}", second.Headers.Location!.ToString());
        // A new form (its own one-time token), not the same one sent again, which would only lead to the initiative it saved.
        var forged = await maria.PostFormAsync("/initiatives/new", With(FormFields(form), ("StartDate", "2026-06-10"), ("BaselineFrom", "2025-06"), ("BaselineTo", "2026-05"),
            (OpsIntranet.Core.Common.FormSubmissions.FieldName, Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("is already working on this metric", (await forged.ParseAsync()).Text("#form-error"));
        var unitPage = await maria.GetDocumentAsync($"/units/{initiative.Units[0].UnitId}?month={DepartmentCalendar.MonthKey(signalMonth)}");
        var item = unitPage.QuerySelector($"[data-testid=signals] li[data-metric='{initiative.MetricDefinitionId}']")!;
        Assert.Contains("Initiative under way", item.TextContent);
        Assert.Contains(initiative.Title, unitPage.Text("#unit-initiatives"));
        Assert.DoesNotContain("Start an initiative", item.TextContent);

        // An action for the unit's supervisor, who completes it; the manager closes the initiative.
        var supervisor = await db.Employees.Where(e => e.UnitId == initiative.Units[0].UnitId && e.Position.Contains("Supervisor")).OrderBy(e => e.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/initiatives/{id}?handler=AddAction", ("actionDescription", "Review the roster for peak days"), ("actionOwner", V(supervisor.Id)), ("actionDue", "2026-12-01"))).StatusCode);
        var action = await db.InitiativeActions.AsNoTracking().SingleAsync(a => a.InitiativeId == id);
        var sup = await app.Factory.SignedInClientAsync(supervisor.Email);
        Assert.Contains("Review the roster for peak days", (await sup.GetDocumentAsync("/")).QuerySelector("#waiting")!.TextContent);
        // Through another initiative's page the action is not there.
        var otherInitiative = await db.Initiatives.Where(i => i.Id != id).Select(i => i.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await sup.PostFormAsync($"/initiatives/{otherInitiative}?handler=CompleteAction", ("actionId", V(action.Id)), ("Version", action.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await sup.PostFormAsync($"/initiatives/{id}?handler=CompleteAction", ("actionId", V(action.Id)), ("Version", action.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        var again = await sup.PostFormAsync($"/initiatives/{id}?handler=CompleteAction", ("actionId", V(action.Id)), ("Version", (await db.InitiativeActions.AsNoTracking().SingleAsync(a => a.Id == action.Id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already completed", (await again.ParseAsync()).Text("#form-error"));

        var page = await maria.GetDocumentAsync($"/initiatives/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/initiatives/{id}?handler=Move", ("Version", page.Version()), ("stage", "Act"), ("status", "Completed"), ("moveNote", "Roster change kept."))).StatusCode);
        page = await maria.GetDocumentAsync($"/initiatives/{id}");
        Assert.Contains("Act", page.Text("#stage"));
        Assert.Contains("Completed", page.Text("#stage"));

        // The result is computed at once (its arithmetic is checked against hand-worked numbers in InitiativeResultTests):
        // a baseline of the year before June, and July–October after it.
        Assert.NotEqual("—", page.Text("#baseline"));
        Assert.NotEqual("—", page.Text("#after"));
        Assert.StartsWith("Change:", page.Text("#verdict"));
        // Completed initiatives leave the active board but stay on record.
        Assert.Null((await maria.GetDocumentAsync("/initiatives")).QuerySelector($"[data-initiative='{id}']"));
        Assert.NotNull((await maria.GetDocumentAsync("/initiatives?Status=Completed")).QuerySelector($"[data-initiative='{id}']"));
    }

    [Fact]
    public async Task Signal_Dismissed_StaysDismissedForItsMonth_AndComesBackWhenItFiresForALaterMonth()
    {
        // A signal of Manager A's units that fires for two months running.
        await using var db = app.Factory.CreateDbContext();
        var mine = await db.Units.Where(u => u.Code == "UCC" || u.Code == "TCC" || u.Code == "WIU" || u.Code == "QA" || u.Code == "TRN").Select(u => u.Id).ToListAsync();
        (MetricSignal First, DateOnly Later)? pair = null;
        for (var m = TestClock.LastMonth.AddMonths(-1); pair is null && m >= TestClock.LastMonth.AddMonths(-24); m = m.AddMonths(-1))
        {
            var now = (await SignalsAsync(m)).Where(s => mine.Contains(s.UnitId)).ToList();
            var next = await SignalsAsync(m.AddMonths(1));
            if (now.FirstOrDefault(s => next.Any(n => n.MetricId == s.MetricId && n.Signal.Kind == s.Signal.Kind)) is { } found) pair = (found, m.AddMonths(1));
        }
        Assert.True(pair is not null, "The demo data has no signal that fires two months running.");
        var (signal, later) = pair.Value;
        var month = DepartmentCalendar.MonthKey(signal.Signal.Month);
        var query = $"metric={signal.MetricId}&kind={signal.Signal.Kind}&month={month}";

        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var empty = await maria.PostFormAsync($"/signals/dismiss?{query}", ("Reason", "  "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Say why this signal needs no initiative.", (await empty.ParseAsync()).Text("#Reason-error"));
        var done = await maria.PostFormAsync($"/signals/dismiss?{query}", ("Reason", "Known <b>one-off</b>: the phone system outage."));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await maria.PostFormAsync($"/signals/dismiss?{query}", ("Reason", "again"))).StatusCode);

        string Selector(MetricSignal s) => $"[data-testid=signals] li[data-metric='{s.MetricId}'][data-kind='{s.Signal.Kind}']";
        var thatMonth = await maria.GetDocumentAsync($"/units/{signal.UnitId}?month={month}");
        Assert.Null(thatMonth.QuerySelector(Selector(signal)));
        // Not invisible: the month's dismissals are listed with the reason (as text), who and when.
        Assert.Contains("Known <b>one-off</b>: the phone system outage.", thatMonth.Text("#dismissed-signals"));
        Assert.Contains("Known &lt;b&gt;one-off&lt;/b&gt;", await maria.GetStringAsync($"/units/{signal.UnitId}?month={month}"));
        Assert.Contains("Maria Alvarez", thatMonth.Text("#dismissed-signals"));
        var laterMonth = await maria.GetDocumentAsync($"/units/{signal.UnitId}?month={DepartmentCalendar.MonthKey(later)}");
        Assert.NotNull(laterMonth.QuerySelector(Selector(signal)));

        // A manager of other units can neither see the dismissal page nor dismiss.
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        Assert.Equal(HttpStatusCode.NotFound, (await james.GetAsync($"/signals/dismiss?{query}")).StatusCode);
        Assert.Equal("Known <b>one-off</b>: the phone system outage.", (await db.SignalDismissals.SingleAsync(d => d.MetricDefinitionId == signal.MetricId)).Reason);
    }

    [Fact]
    public async Task Scope_OutsideTheUnitsIsNotFound_LeadershipReadsOnly_SupervisorsUpdateButDoNotManage()
    {
        await using var db = app.Factory.CreateDbContext();
        var walkIn = await db.Initiatives.Where(i => i.Units.Any(u => u.Unit!.Code == "WIU")).Select(i => i.Id).FirstAsync();
        var omar = await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor);
        var dana = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        var patricia = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);

        Assert.Equal(HttpStatusCode.NotFound, (await dana.GetAsync($"/initiatives/{walkIn}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await james.GetAsync($"/initiatives/{walkIn}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dana.PostFormAsync($"/initiatives/{walkIn}?handler=AddUpdate", ("updateDate", "2026-11-14"), ("updateNote", "x"))).StatusCode);
        Assert.DoesNotContain((await james.GetDocumentAsync("/initiatives")).QuerySelectorAll("[data-initiative]"), c => c.GetAttribute("data-initiative") == V(walkIn));

        var read = await patricia.GetDocumentAsync($"/initiatives/{walkIn}");
        Assert.Null(read.QuerySelector("#move-form"));
        Assert.Null(read.QuerySelector("#add-action"));
        Assert.Equal(HttpStatusCode.Conflict, (await patricia.PostFormAsync($"/initiatives/{walkIn}?handler=AddUpdate", ("updateDate", "2026-11-14"), ("updateNote", "x"))).StatusCode);

        // The supervisor adds updates, but moving stages, adding actions and editing are the manager's.
        Assert.Equal(HttpStatusCode.Redirect, (await omar.PostFormAsync($"/initiatives/{walkIn}?handler=AddUpdate", ("updateDate", "2026-11-14"), ("updateNote", "Queue shorter again this week."))).StatusCode);
        var page = await omar.GetDocumentAsync($"/initiatives/{walkIn}");
        Assert.Null(page.QuerySelector("#move-form"));
        Assert.Equal(HttpStatusCode.Conflict, (await omar.PostFormAsync($"/initiatives/{walkIn}?handler=Move", ("Version", "0"), ("stage", "Check"), ("status", "Active"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await omar.PostFormAsync($"/initiatives/{walkIn}?handler=AddAction", ("actionDescription", "x"), ("actionOwner", "1"), ("actionDue", "2026-12-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await omar.GetAsync($"/initiatives/{walkIn}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await omar.GetAsync("/initiatives/new")).StatusCode);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithMessages_AndHtmlIsShownAsText()
    {
        const string payload = "<script>alert(1)</script>";
        const string encoded = "&lt;script&gt;alert(1)&lt;/script&gt;";
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var qa = await db.Units.SingleAsync(u => u.Code == "QA");
        var qaMetric = await db.MetricDefinitions.Where(m => m.UnitId == qa.Id && m.IsActive).OrderBy(m => m.SortOrder).FirstAsync();
        var before = await db.Initiatives.CountAsync();

        var bad = await maria.PostFormAsync("/initiatives/new", ("Title", ""), ("ProblemStatement", new string('p', 4001)), ("UnitIds", V(qa.Id)), ("MetricDefinitionId", V(qaMetric.Id)),
            ("BaselineFrom", "2026-09"), ("BaselineTo", "2026-03"), ("StartDate", "2026-11-01"), ("DueDate", "2026-10-01"), ("Stage", "Plan"), ("Status", "Active"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.Equal("Give the initiative a title.", page.Text("#Title-error"));
        Assert.Contains("under 4,000 characters", page.Text("#ProblemStatement-error"));
        Assert.Equal("The baseline ends before it starts.", page.Text("#BaselineTo-error"));
        Assert.Equal("The due date is before the start date.", page.Text("#DueDate-error"));
        var future = await (await maria.PostFormAsync("/initiatives/new", ("Title", "t"), ("ProblemStatement", "p"), ("UnitIds", V(qa.Id)), ("MetricDefinitionId", V(qaMetric.Id)),
            ("BaselineFrom", "2026-06"), ("BaselineTo", "2027-01"), ("StartDate", "2026-11-01"), ("DueDate", "2027-01-01"), ("Stage", "Plan"), ("Status", "Active"))).ParseAsync();
        Assert.Contains("only use months that have ended", future.Text("#BaselineTo-error"));
        var foreign = await (await maria.PostFormAsync("/initiatives/new", ("Title", "t"), ("ProblemStatement", "p"), ("UnitIds", V(await db.Units.Where(u => u.Code == "CC").Select(u => u.Id).SingleAsync())),
            ("StartDate", "2026-11-01"), ("DueDate", "2027-01-01"), ("Stage", "Plan"), ("Status", "Active"))).ParseAsync();
        Assert.Equal("Choose units you manage.", foreign.Text("#UnitIds-error"));
        Assert.Equal(before, await db.Initiatives.CountAsync());

        var id = IdFrom(await maria.PostFormAsync("/initiatives/new", ("Title", payload), ("ProblemStatement", payload), ("UnitIds", V(qa.Id)),
            ("StartDate", "2026-11-01"), ("DueDate", "2027-01-01"), ("Stage", "Plan"), ("Status", "Active")));
        var hannah = await db.Employees.SingleAsync(e => e.Email == "hannah.lindqvist@cityutility.example");
        var early = await maria.PostFormAsync($"/initiatives/{id}?handler=AddAction", ("actionDescription", "Typed before the error"), ("actionOwner", V(hannah.Id)), ("actionDue", "2026-10-01"));
        var earlyPage = await early.ParseAsync();
        Assert.Contains("cannot be due before the initiative starts", earlyPage.Text("#ActionDue-error"));
        // Nothing typed is lost.
        Assert.Equal("Typed before the error", earlyPage.QuerySelector("#actionDescription")!.GetAttribute("value"));
        Assert.Equal(V(hannah.Id), earlyPage.QuerySelector("#actionOwner option[selected]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/initiatives/{id}?handler=AddAction", ("actionDescription", payload), ("actionOwner", V(hannah.Id)), ("actionDue", "2026-11-20"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/initiatives/{id}?handler=AddUpdate", ("updateDate", "2026-11-14"), ("updateNote", payload))).StatusCode);
        var tomorrow = await maria.PostFormAsync($"/initiatives/{id}?handler=AddUpdate", ("updateDate", "2026-11-16"), ("updateNote", "x"));
        Assert.Equal("The date cannot be in the future.", (await tomorrow.ParseAsync()).Text("#UpdateDate-error"));

        var hannahClient = await app.Factory.SignedInClientAsync(hannah.Email);
        foreach (var (client, url) in new[] { (maria, $"/initiatives/{id}"), (maria, "/initiatives"), (hannahClient, "/"), (maria, $"/initiatives/{id}/edit") })
        {
            var html = await client.GetStringAsync(url);
            Assert.False(html.Contains(payload, StringComparison.Ordinal), $"{url} shows the payload as HTML.");
            Assert.Contains(encoded, html);
        }
    }

    [Fact]
    public async Task SharedInitiative_StaysEditableByEachManager_AndNoneCanDropTheOthersUnit()
    {
        await using var db = app.Factory.CreateDbContext();
        var wiu = await db.Units.Where(u => u.Code == "WIU").Select(u => u.Id).SingleAsync();
        var cus = await db.Units.Where(u => u.Code == "CUS").Select(u => u.Id).SingleAsync();
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var id = IdFrom(await kevin.PostFormAsync("/initiatives/new", ("Title", "Commercial walk-in desk"), ("ProblemStatement", "Commercial customers queue with residential ones."),
            ("UnitIds", V(wiu)), ("UnitIds", V(cus)), ("StartDate", "2026-11-01"), ("DueDate", "2027-03-01"), ("Stage", "Plan"), ("Status", "Active")));

        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        var form = await maria.GetDocumentAsync($"/initiatives/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await maria.PostFormAsync($"/initiatives/{id}/edit", With(FormFields(form), ("Title", "Commercial desk at the Walk-In counter")))).StatusCode);
        form = await maria.GetDocumentAsync($"/initiatives/{id}/edit");
        var fields = FormFields(form);
        fields.RemoveAll(f => f.Key == "UnitIds" && f.Value == V(cus));
        var dropped = await maria.PostFormAsync($"/initiatives/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dropped.StatusCode);
        Assert.Contains("cannot be taken off", (await dropped.ParseAsync()).Text("#UnitIds-error"));
        var james = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        Assert.Equal(HttpStatusCode.OK, (await james.GetAsync($"/initiatives/{id}")).StatusCode);
    }

    [Fact]
    public async Task ActionOwner_FromAnotherUnit_OpensTheInitiative_AndCompletesTheirAction()
    {
        // The demo's Walk-In initiative has a retraining action owned by the Training supervisor.
        await using var db = app.Factory.CreateDbContext();
        var action = await db.InitiativeActions.AsNoTracking().SingleAsync(a => a.Owner!.Email == "hannah.lindqvist@cityutility.example");
        var hannah = await app.Factory.SignedInClientAsync("hannah.lindqvist@cityutility.example");
        var page = await hannah.GetDocumentAsync($"/initiatives/{action.InitiativeId}");
        Assert.NotNull(page.QuerySelector($"#action-{action.Id} button"));
        // It is on her board too, though not her unit's.
        Assert.NotNull((await hannah.GetDocumentAsync("/initiatives")).QuerySelector($"[data-initiative='{action.InitiativeId}']"));
        Assert.Null(page.QuerySelector("#updateNote"));
        Assert.Equal(HttpStatusCode.Redirect, (await hannah.PostFormAsync($"/initiatives/{action.InitiativeId}?handler=CompleteAction", ("actionId", V(action.Id)), ("Version", action.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        Assert.NotNull((await db.InitiativeActions.AsNoTracking().SingleAsync(a => a.Id == action.Id)).CompletedOn);
    }

    [Fact]
    public async Task ASignalThatDoesNotFire_CannotBeClaimedByAnInitiative()
    {
        var maria = await app.Factory.SignedInClientAsync(DemoUsers.ManagerA);
        await using var db = app.Factory.CreateDbContext();
        var qa = await db.Units.SingleAsync(u => u.Code == "QA");
        var forged = await maria.PostFormAsync("/initiatives/new", ("Title", "t"), ("ProblemStatement", "p"), ("UnitIds", V(qa.Id)), ("StartDate", "2026-11-01"), ("DueDate", "2027-01-01"),
            ("Stage", "Plan"), ("Status", "Active"), ("SignalKind", "RedThreeMonths"), ("SignalMonth", ""));
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("no longer applies", (await forged.ParseAsync()).Text("#form-error"));
    }
}
