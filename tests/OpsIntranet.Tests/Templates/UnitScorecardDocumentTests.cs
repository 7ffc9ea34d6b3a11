using OpsIntranet.Core.Scorecards;
using OpsIntranet.Core.Access;
using OpsIntranet.Templates.Documents.UnitScorecard;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OpsIntranet.Tests.Templates;

public class UnitScorecardDocumentTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static readonly DateTime Generated = new(2026, 11, 15, 12, 0, 0);

    private async Task<(byte[] Pdf, UnitScorecard Card)> RenderDemoAsync(string unitCode)
    {
        using var scope = app.Factory.Services.CreateScope();
        await using var db = app.Factory.CreateDbContext();
        var unitId = db.Units.Single(u => u.Code == unitCode).Id;
        var card = (await scope.ServiceProvider.GetRequiredService<ScorecardService>().UnitAsync(unitId, TestClock.LastMonth))!;
        var model = UnitScorecardModel.From(card, Generated);
        var pdf = await scope.ServiceProvider.GetRequiredService<DocumentRenderer>()
            .RenderPdfAsync<UnitScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter));
        return (pdf, card);
    }

    [Fact]
    public async Task Pdf_DemoUnit_HasTwoPagesWithEveryMetricFooterAndBookmarks()
    {
        var (pdf, card) = await RenderDemoAsync("UCC");
        var text = PdfText.Read(pdf);

        Assert.Equal(2, text.PageCount);
        Assert.Contains("Utility Contact Center", text.Pages[0]);
        Assert.Contains("October 2026", text.Pages[0]);
        Assert.Contains("FY2027", text.Pages[0]);
        foreach (var m in card.Metrics)
        {
            Assert.Contains(m.Name, text.All);
            Assert.Contains(m.ValueText, text.All);
        }
        Assert.Contains("Page 1 of 2", text.Pages[0]);
        Assert.Contains("Page 2 of 2", text.Pages[1]);
        Assert.All(text.Pages, p => Assert.Contains("Confidential", p));
        Assert.Contains("Metric results", text.Bookmarks);
    }

    [Theory]
    [InlineData("UCC")]   // 7 of 9 metrics have a target
    [InlineData("UBCP")]  // 6 of 7
    [InlineData("WIU")]   // 3 of 5
    public async Task Pdf_ChartsEveryMetricWithATarget_NoChartSplitAcrossPages(string unitCode)
    {
        var (pdf, card) = await RenderDemoAsync(unitCode);
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, $"unit-scorecard-{unitCode}.pdf"), pdf);
        var text = PdfText.Read(pdf);

        var targeted = card.Trends.Where(t => t.Points.Any(p => p.Target is not null)).Select(t => t.Metric).ToList();
        Assert.True(targeted.Count >= 3, $"{unitCode} has only {targeted.Count} targeted metrics in the demo.");
        foreach (var m in targeted)
            Assert.Contains($"{m.Name} ({OpsIntranet.Core.Metrics.MetricFormatting.UnitLabel(m.UnitOfMeasure)})", text.All);
        // A chart's caption (its top) and its last month's label (its bottom) print on the same page: no chart is cut by a page break.
        var lastMonth = card.Month.ToString("MMM yy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(targeted.Count, CountOf(text.All, lastMonth));
        foreach (var page in text.Pages)
            Assert.Equal(CountOf(page, lastMonth), targeted.Count(m => page.Contains($"{m.Name} ({OpsIntranet.Core.Metrics.MetricFormatting.UnitLabel(m.UnitOfMeasure)})", StringComparison.Ordinal)));
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    [Fact]
    public async Task Pdf_ShowsTheSameValuesAsTheDatabase()
    {
        await using (var db = app.Factory.CreateDbContext())
        {
            var v = db.MetricValues.Single(x => x.Submission!.Unit!.Code == "QA" && x.Submission.Month == TestClock.LastMonth && x.MetricDefinition!.Code == "qc_error_rate");
            v.Value = 1.37m; // target ≤ 1.00 with 0.20 tolerance: red
            await db.SaveChangesAsync();
        }
        var (pdf, _) = await RenderDemoAsync("QA");
        var text = PdfText.Read(pdf).All;
        Assert.Contains("QC error rate 1.37% ", text);
        Assert.Contains("Off target", text);
    }
}

public class HostileContentTests : IAsyncLifetime
{
    private readonly PrinterFixture _printer = new();
    private readonly LocalListener _listener = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _printer.DisposeAsync();
    }

    [Fact]
    public async Task Pdf_MarkupInNames_PrintsAsTextAndTouchesNoNetworkOrFile()
    {
        var unitName = "<script>document.write('EXEC'+'UTED')</script>Contact Center";
        var metricName = $"<img src=\"{_listener.Url("img.png")}\">Service level";
        var explanation = "<iframe src=file:///etc/passwd></iframe>Outage";
        var model = UnitScorecardModel.From(DocumentSamples.Unit(unitName, metricName, explanation), DateTime.Now);

        var html = await _printer.Renderer.RenderHtmlAsync<UnitScorecardDocument>(model);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img src=", html);
        Assert.DoesNotContain("<iframe", html);

        var pdf = await _printer.Renderer.RenderPdfAsync<UnitScorecardDocument>(model, new PdfDocumentOptions(model.Title, "Confidential"));
        var text = PdfText.Read(pdf).All;
        Assert.Contains("<script>document.write('EXEC'+'UTED')</script>Contact", text);
        Assert.Contains($"<img src=\"{_listener.Url("img.png")}\">Service", text);
        Assert.Contains("<iframe src=file:///etc/passwd></iframe>Outage", text);
        Assert.DoesNotContain("EXECUTED", text);
        Assert.DoesNotContain("root:x:0:0", text);
        Assert.Equal(0, _listener.Connections);
    }

    [Fact]
    public async Task Printer_RawHtmlThatTriesToLoadThings_LoadsNothing()
    {
        // No CSP and no encoding here: the printer's own defences alone must hold.
        var html = $$"""
            <!DOCTYPE html><html><head>
            <link rel="stylesheet" href="{{_listener.Url("style.css")}}">
            <style>@import url("{{_listener.Url("import.css")}}"); body { background: url("{{_listener.Url("bg.png")}}") }</style>
            </head><body>
            <p>Visible text</p>
            <img src="{{_listener.Url("img.png")}}">
            <iframe src="file:///etc/passwd" width="600" height="400"></iframe>
            <iframe src="{{_listener.Url("frame.html")}}"></iframe>
            <script>fetch("{{_listener.Url("fetch")}}"); document.write("SCRIPT" + "RAN");</script>
            </body></html>
            """;
        var pdf = await _printer.Printer.PrintAsync(html, new PdfDocumentOptions("Raw", "Confidential"));
        var text = PdfText.Read(pdf).All;
        Assert.Contains("Visible text", text);
        Assert.DoesNotContain("SCRIPTRAN", text);
        Assert.DoesNotContain("root:x:0:0", text);
        // The page did ask (so the test is not passing on a page that loads nothing), and was refused.
        Assert.True(_printer.Printer.RequestsBlocked > 0, "the raw page's requests reached the printer's interception");
        Assert.Equal(0, _listener.Connections);
    }

    [Fact]
    public async Task Footer_EncodesTheTitle()
    {
        var footer = ChromiumPdfPrinter.FooterTemplate(new PdfDocumentOptions("<b>Unit</b>", "Confidential & internal"));
        Assert.Contains("&lt;b&gt;Unit&lt;/b&gt;", footer);
        Assert.Contains("Confidential &amp; internal", footer);
        await Task.CompletedTask;
    }
}

public class PrinterLifecycleTests
{
    private static string Html(int i) => $"<!DOCTYPE html><html><body><h1>Document {i}</h1></body></html>";

    [Fact]
    public async Task Printer_ReusesOneBrowserAcrossRenders()
    {
        await using var fixture = new PrinterFixture();
        for (var i = 0; i < 3; i++) await fixture.Printer.PrintAsync(Html(i), new PdfDocumentOptions("T", "C"));
        Assert.Equal(1, fixture.Printer.BrowsersLaunched);
    }

    [Fact]
    public async Task Printer_RecyclesTheBrowserAfterNRenders_AndKillsTheOldOne()
    {
        await using var fixture = new PrinterFixture(new Dictionary<string, string?> { ["Chromium:RecycleAfterRenders"] = "2" });
        await fixture.Printer.PrintAsync(Html(1), new PdfDocumentOptions("T", "C"));
        var first = fixture.Printer.RunningProcessIds().Single();
        await fixture.Printer.PrintAsync(Html(2), new PdfDocumentOptions("T", "C"));
        await fixture.Printer.PrintAsync(Html(3), new PdfDocumentOptions("T", "C"));
        Assert.Equal(2, fixture.Printer.BrowsersLaunched);
        Assert.DoesNotContain(first, fixture.Printer.RunningProcessIds());
        // The old browser is closed in the background, off the document's path: a generous wait for it.
        for (var i = 0; i < 600 && IsAlive(first); i++) await Task.Delay(100);
        Assert.False(IsAlive(first), "the recycled browser's process is gone");
    }

    [Fact]
    public async Task Printer_Dispose_LeavesNoChromiumProcess()
    {
        var fixture = new PrinterFixture();
        await fixture.Printer.PrintAsync(Html(1), new PdfDocumentOptions("T", "C"));
        var pid = fixture.Printer.RunningProcessIds().Single();
        Assert.True(IsAlive(pid));
        await fixture.DisposeAsync();
        Assert.False(IsAlive(pid));
    }

    [Fact]
    public async Task Printer_ConcurrentRenders_AllSucceed()
    {
        await using var fixture = new PrinterFixture();
        var pdfs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => fixture.Printer.PrintAsync(Html(i), new PdfDocumentOptions("T", "C"))));
        for (var i = 0; i < pdfs.Length; i++) Assert.Contains($"Document {i}", PdfText.Read(pdfs[i]).All);
        Assert.Equal(1, fixture.Printer.BrowsersLaunched);
    }

    /// <summary>
    /// A page that cannot finish: its one image is held in the printer's request seam until the test lets
    /// go, so the render is provably under way and stays there however fast or slow the machine is.
    /// </summary>
    private sealed class HeldPage
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public const string Html = "<!DOCTYPE html><html><body><h1>Held</h1><img src=\"http://held.invalid/held.png\"></body></html>";

        /// <summary>Completes once Chromium is loading the page and has asked for the held image.</summary>
        public Task Started => _started.Task;

        public async Task OnRequest(string url)
        {
            if (!url.EndsWith("/held.png", StringComparison.Ordinal)) return;
            _started.TrySetResult();
            await _released.Task;
        }

        public void Release() => _released.TrySetResult();
    }

    [Fact]
    public async Task Printer_CallerCancelsAfterTheRenderStarted_RenderStopsAndTheSlotComesBack()
    {
        await using var fixture = new PrinterFixture(new Dictionary<string, string?> { ["Chromium:MaxConcurrentRenders"] = "1" });
        var held = new HeldPage();
        fixture.Printer.BeforeRequestRefused = held.OnRequest;
        try
        {
            using var cancel = new CancellationTokenSource();
            var printing = fixture.Printer.PrintAsync(HeldPage.Html, new PdfDocumentOptions("T", "C"), cancel.Token);
            // Generous waits for things that will happen; nothing here races a deadline.
            await held.Started.WaitAsync(TimeSpan.FromMinutes(2));
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => printing.WaitAsync(TimeSpan.FromMinutes(2)));
            // With one slot, this render can only start if the cancelled one gave its slot back.
            var pdf = await fixture.Printer.PrintAsync(Html(7), new PdfDocumentOptions("T", "C")).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Contains("Document 7", PdfText.Read(pdf).All);
        }
        finally
        {
            held.Release();
        }
    }

    [Fact]
    public async Task Printer_PageThatNeverFinishes_TimesOutWithAClearMessage_AndTheNextRenderWorks()
    {
        await using var fixture = new PrinterFixture();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var held = new HeldPage();
        fixture.Printer.Timers = clock;
        fixture.Printer.BeforeRequestRefused = held.OnRequest;
        try
        {
            var printing = fixture.Printer.PrintAsync(HeldPage.Html, new PdfDocumentOptions("Held", "C"));
            await held.Started.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.False(printing.IsCompleted, "a held page cannot have finished");
            // The render timeout (60 s by default) passes on the printer's clock, not the machine's.
            clock.Advance(TimeSpan.FromSeconds(60));
            var error = await Assert.ThrowsAsync<TimeoutException>(() => printing.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.Contains("\"Held\" took longer than 60 s", error.Message);
            // The printer recovers; the clock does not move again, so this render cannot time out however slow it is.
            var pdf = await fixture.Printer.PrintAsync(Html(8), new PdfDocumentOptions("T", "C")).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Contains("Document 8", PdfText.Read(pdf).All);
        }
        finally
        {
            held.Release();
        }
    }

    [Fact]
    public async Task Printer_MissingChromium_SaysWhatToInstall()
    {
        await using var fixture = new PrinterFixture(new Dictionary<string, string?> { ["Chromium:ExecutablePath"] = "/nonexistent/chromium" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Printer.PrintAsync(Html(1), new PdfDocumentOptions("T", "C")));
        Assert.Contains("chromium", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAlive(int pid)
    {
        // A killed child may linger as a zombie until reaped; a zombie is not a running browser.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try { return !File.ReadAllText(stat).Split(' ')[2].Equals("Z", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }
}
