using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Goals;
using OpsIntranet.Core.Improvement;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Reports;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Documents.ContinuousImprovementReport;
using OpsIntranet.Tests.Core.Reports;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Templates;

/// <summary>The continuous-improvement report read back from its PDF, rendered through the one call scheduled delivery uses.</summary>
public class ContinuousImprovementReportTests : IAsyncLifetime
{
    private readonly MovableClock clock = new();
    private readonly EmptyApp app;
    private SmallDepartment dept = default!;

    public ContinuousImprovementReportTests() => app = new EmptyApp(clock);

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        dept = await SmallDepartment.BuildAsync(app.Data, clock);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<RenderedReport?> RenderAsync(Viewer viewer, ReportPeriod period, params int[] units)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImprovementReportDocuments>().RenderAsync(ReportKind.ContinuousImprovement, units, period, viewer, CancellationToken.None);
    }

    [Fact]
    public async Task Pdf_ForLeadership_HasEverySectionUnitAndThePeriod_WithTheFiguresForItsEmail()
    {
        var report = (await RenderAsync(Viewer.System, ReportPeriod.Month(SmallDepartment.October), dept.ContactCenter.Id, dept.WalkIn.Id, dept.Billing.Id))!;
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "continuous-improvement-small.pdf"), report.Pdf);
        var text = PdfText.Read(report.Pdf);

        Assert.Equal("Continuous-Improvement Report — October 2026", report.Title);
        Assert.Equal("continuous-improvement-2026-10-all-units.pdf", report.FileName);
        // Summary and scorecard on the first page, one page per unit, then signals, goals, initiatives and projects.
        Assert.Equal(5, text.PageCount);
        Assert.Contains("Page 5 of 5", text.Pages[4]);
        Assert.Contains("October 2026", text.Pages[0]);
        Assert.Contains("All units (3)", text.Pages[0]);
        Assert.Contains("Compared with September 2026", text.Pages[0]);
        foreach (var heading in new[] { "Executive summary", "Biggest movers", "Late or missing submissions", "Department scorecard" })
            Assert.Contains(heading, text.Pages[0]);
        Assert.Contains("October 2026: not submitted (due Nov 10, 2026)", text.Pages[0]);
        Assert.Contains("▼ Worsened", text.Pages[0]);
        Assert.Contains("▲ Improved", text.Pages[0]);
        Assert.Contains("Contact Center", text.Pages[1]);
        Assert.Contains("Trends against target", text.Pages[1]);
        Assert.Contains("Walk-In", text.Pages[2]);
        Assert.Contains("Billing", text.Pages[3]);
        foreach (var heading in new[] { "Trend signals and what was done", "Goal progress", "Improvement initiatives", "Special projects and committees" })
            Assert.Contains(heading, text.Pages[4]);
        Assert.Contains("None in this period.", text.Pages[4]); // no signal in three months
        Assert.Contains("Lift the service level", text.Pages[4]);
        Assert.Contains("Storm readiness committee", text.Pages[4]);
        Assert.Contains("Executive summary", text.Bookmarks);
        Assert.Contains("Billing", text.Bookmarks);

        Assert.Equal(new StatusCounts(2, 1, 0, 2), report.Figures.Counts);
        Assert.Equal(new StatusCounts(2, 0, 2, 1), report.Figures.PreviousCounts);
        Assert.Equal(["Contact Center", "Billing"], report.Figures.LateUnits);
        Assert.True(report.HasData);
    }

    [Fact]
    public async Task Pdf_ForAManager_HoldsOnlyTheirUnits_AndAnotherUnitIsRefusedWhole()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var mae = await scope.ServiceProvider.GetRequiredService<Viewers>().ForUserAsync(dept.Manager.Id);
        var october = ReportPeriod.Month(SmallDepartment.October);

        var own = (await RenderAsync(mae, october, dept.ContactCenter.Id, dept.WalkIn.Id))!;
        var text = PdfText.Read(own.Pdf).All;
        Assert.Contains("Contact Center, Walk-In", text);
        Assert.DoesNotContain("Billing", text);
        Assert.Equal("continuous-improvement-2026-10-cc-wi.pdf", own.FileName);

        Assert.Null(await RenderAsync(mae, october, dept.ContactCenter.Id, dept.Billing.Id));
    }
}

/// <summary>The report's layout and safety on hand-made contents that need no database.</summary>
public sealed class ContinuousImprovementReportLayoutTests : IAsyncLifetime
{
    private readonly PrinterFixture _printer = new();
    private readonly LocalListener _listener = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _printer.DisposeAsync();
    }

    private Task<byte[]> PrintAsync(ImprovementReport report) =>
        _printer.Renderer.RenderPdfAsync<ContinuousImprovementReportDocument>(ContinuousImprovementReportModel.From(report), ImprovementReportDocuments.PdfOptions(ContinuousImprovementReportModel.From(report)));

    [Fact]
    public async Task LongTable_300Rows_SplitsAcrossPagesWithTheHeaderRepeated_AndNoRowCutInHalf()
    {
        // Every row starts and ends with a marker; a row cut by a page break would leave them on different pages.
        var projects = Enumerable.Range(1, 300).Select(i => new ReportProject(
            $"rowstart{i:D3} Project", ProjectKind.Project, ProjectStatus.Active, "Mae Ross",
            i % 7 == 0 ? string.Join(" ", Enumerable.Repeat("A longer purpose that wraps onto several lines.", 6)) : "Purpose.",
            new DateOnly(2026, 1, 1), null, [new ReportMilestone(new DateOnly(2026, 10, 1), $"Milestone rowend{i:D3}", false, false)])).ToList();
        var report = Sample.Report(projects: projects);
        var pdf = await PrintAsync(report);
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "continuous-improvement-300-rows.pdf"), pdf);
        var text = PdfText.Read(pdf);

        var projectPages = text.Pages.Select((p, n) => (p, n)).Where(x => x.p.Contains("rowstart", StringComparison.Ordinal)).ToList();
        Assert.True(projectPages.Count >= 5, $"300 rows took only {projectPages.Count} pages");
        for (var i = 1; i <= 300; i++)
        {
            var start = text.Pages.ToList().FindIndex(p => p.Contains($"rowstart{i:D3}", StringComparison.Ordinal));
            var end = text.Pages.ToList().FindIndex(p => p.Contains($"rowend{i:D3}", StringComparison.Ordinal));
            Assert.True(start >= 0 && start == end, $"row {i} starts on page {start + 1} and ends on page {end + 1}");
        }
        // The table's header is repeated on every page it runs over.
        Assert.All(projectPages, x => Assert.Contains("Project or committee Lead Status Milestones", x.p));
    }

    [Fact]
    public async Task HostileText_InEveryField_PrintsAsText_LoadsNothing_ReadsNoFile()
    {
        var script = $"<script>fetch('{_listener.Url("s")}');document.write('EXEC'+'UTED')</script>";
        var image = $"<img src=\"{_listener.Url("i.png")}\">";
        var css = $"<b style=\"background:url({_listener.Url("c.png")})\">css</b>";
        var file = "<iframe src=\"file:///etc/passwd\"></iframe>";
        var link = $"<link rel=\"stylesheet\" href=\"{_listener.Url("l.css")}\">";
        const string rtl = "\u202Eأداء الخدمة\u202C";
        const string emoji = "🚨📈👍🏽";
        var hostile = $"{script} {image} {css} {file} {link} {rtl} {emoji} {_listener.Url("plain")} file:///etc/shadow";
        var report = Sample.Report(text: hostile);

        var model = ContinuousImprovementReportModel.From(report);
        var html = await _printer.Renderer.RenderHtmlAsync<ContinuousImprovementReportDocument>(model);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img src=", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<link rel=\"stylesheet\" href=\"http", html);

        // The machine has no emoji font, so the PDF cannot show them; the document carries them as text all the same.
        Assert.Contains(emoji, System.Net.WebUtility.HtmlDecode(html));

        var pdf = await PrintAsync(report);
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "continuous-improvement-hostile.pdf"), pdf);
        var text = PdfText.Read(pdf).All;
        Assert.Contains("<script>fetch('", text);
        Assert.Contains($"<img src=\"{_listener.Url("i.png")}\">", text);
        Assert.Contains("<iframe src=\"file:///etc/passwd\"></iframe>", text);
        Assert.Contains("url(" + _listener.Url("c.png") + ")\">css</b>", text);
        Assert.DoesNotContain("EXECUTED", text);
        Assert.DoesNotContain("root:x:0:0", text);
        Assert.Equal(0, _listener.Connections);
    }

    [Fact]
    public async Task EmptyReport_SaysNoneInThisPeriod_InEverySection()
    {
        var report = Sample.Report(empty: true);
        var text = PdfText.Read(await PrintAsync(report)).All;
        // Movers, late submissions, signals, goals, initiatives, projects.
        Assert.Equal(6, text.Split("None in this period.").Length - 1);
    }

    /// <summary>A report made by hand: one unit with two metrics, and <paramref name="text"/> in every field a person writes.</summary>
    private static class Sample
    {
        public static ImprovementReport Report(string text = "Plain text", IReadOnlyList<ReportProject>? projects = null, bool empty = false)
        {
            var period = ReportPeriod.Month(new DateOnly(2026, 10, 1));
            var unit = new ReportUnit(1, empty ? "Contact Center" : text, "CC");
            var sl = new MetricPeriodResult(1, 1, empty ? "Service level" : text, UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1, true, 82m, 1, 70m, 80m, MetricStatus.Green, MetricStatus.Red, 80m);
            var asa = new MetricPeriodResult(2, 1, "Average speed of answer", UnitOfMeasure.Seconds, MetricDirection.LowerIsBetter, 0, true, 66m, 1, 55m, 60m, MetricStatus.Amber, MetricStatus.Green, 60m);
            var trend = new MetricTrend(new MetricResult(1, "sl", sl.Name, null, UnitOfMeasure.Percent, MetricDirection.HigherIsBetter, 1, 82m, 70m, 80m, 5m, MetricStatus.Green, null),
                Enumerable.Range(0, 13).Select(i => new TrendPoint(period.To.AddMonths(i - 12), 70m + i, 80m, StatusRules.Evaluate(MetricDirection.HigherIsBetter, 70m + i, 80m, 5m))).ToList());
            var summary = empty
                ? new ExecutiveSummary(new StatusCounts(0, 0, 0, 2), new StatusCounts(0, 0, 0, 2), [], [])
                : new ExecutiveSummary(new StatusCounts(1, 1, 0, 0), new StatusCounts(1, 0, 1, 0),
                    [new Mover(text, sl, 12m, true, "Improved and now meets target")],
                    [new LateUnit(1, text, [new LateMonth(period.From, new DateOnly(2026, 11, 10), null)])]);
            IReadOnlyList<ReportSignal> signals = empty ? [] :
            [
                new ReportSignal(text, text, SignalKind.ThreeMonthsWorse, period.From, "Worse three months running.", SignalResponse.Dismissed, null, text, text, new DateOnly(2026, 11, 14)),
                new ReportSignal(text, text, SignalKind.RedThreeMonths, period.From, "Off target (red) three months running.", SignalResponse.InitiativeStarted, text, null, null, null),
            ];
            IReadOnlyList<GoalRow> goals = empty ? [] :
                [new GoalRow(1, 1, text, 2027, text, text, new DateOnly(2027, 9, 30), 50, GoalStatus.OnTrack, text, null, new DateOnly(2026, 11, 1), text)];
            IReadOnlyList<ReportInitiative> initiatives = empty ? [] :
                [new ReportInitiative(1, text, text, text, text, InitiativeStage.Do, InitiativeStatus.Active, new DateOnly(2026, 9, 15), new DateOnly(2027, 1, 31), "72.0% (1 mo.)", "82.0% (1 mo.)", "+10.0%", "≥ 80.0%", true, true)];
            projects ??= empty ? [] :
                [new ReportProject(text, ProjectKind.Committee, ProjectStatus.Active, text, text, new DateOnly(2026, 9, 1), null, [new ReportMilestone(new DateOnly(2026, 10, 20), text, true, false)])];
            return new ImprovementReport(period, [unit], false, new DateTimeOffset(2026, 11, 15, 17, 0, 0, TimeSpan.Zero), summary,
                [new UnitSection(unit, [sl, asa], [trend])], signals, goals, initiatives, projects);
        }
    }
}
