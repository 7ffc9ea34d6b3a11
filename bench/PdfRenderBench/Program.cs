// PDF rendering throughput: the product's printer (one Chromium reused across documents, renders
// bounded by CPU count) against the naive baseline of launching Chromium for every document,
// measured in the same run on the same one-unit scorecard. Prints figures; asserts nothing.
//   dotnet run -c Release --project bench/PdfRenderBench [documents]
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Scorecards;
using OpsIntranet.Templates.Documents.UnitScorecard;
using OpsIntranet.Templates.Rendering;

var documents = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var model = UnitScorecardModel.From(SampleScorecard(), DateTime.Now);
var options = new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter);

ServiceProvider Services(int recycleAfter)
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chromium:RecycleAfterRenders"] = recycleAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build();
    return new ServiceCollection().AddLogging().AddOpsDocuments(config).BuildServiceProvider();
}

async Task<(double Seconds, long Bytes)> RunAsync(int recycleAfter, bool parallel)
{
    await using var services = Services(recycleAfter);
    var renderer = services.GetRequiredService<DocumentRenderer>();
    await renderer.RenderPdfAsync<UnitScorecardDocument>(model, options); // warm-up: first launch and JIT
    var sw = Stopwatch.StartNew();
    long bytes = 0;
    if (parallel)
    {
        var pdfs = await Task.WhenAll(Enumerable.Range(0, documents).Select(_ => renderer.RenderPdfAsync<UnitScorecardDocument>(model, options)));
        bytes = pdfs.Sum(p => (long)p.Length);
    }
    else
    {
        for (var i = 0; i < documents; i++) bytes += (await renderer.RenderPdfAsync<UnitScorecardDocument>(model, options)).Length;
    }
    return (sw.Elapsed.TotalSeconds, bytes / documents);
}

Console.WriteLine($"One-unit scorecard PDF (2 pages, 4 charts), {documents} documents, {Environment.ProcessorCount} cores");
var baseline = await RunAsync(recycleAfter: 1, parallel: false);
var reused = await RunAsync(recycleAfter: 10_000, parallel: false);
var bounded = await RunAsync(recycleAfter: 10_000, parallel: true);
void Row(string name, (double Seconds, long Bytes) r) =>
    Console.WriteLine($"{name,-48} {r.Seconds / documents * 1000,8:F0} ms/doc {documents / r.Seconds,7:F2} docs/s  {r.Bytes / 1024,5} KiB  x{baseline.Seconds / r.Seconds,5:F2} vs baseline");
Row("baseline: new Chromium per document", baseline);
Row("reused Chromium, one at a time", reused);
Row("reused Chromium, all at once (bounded by cores)", bounded);

static UnitScorecard SampleScorecard()
{
    var month = new DateOnly(2026, 10, 1);
    var metrics = new List<MetricResult>();
    var trends = new List<MetricTrend>();
    for (var i = 0; i < 9; i++)
    {
        var direction = i % 3 == 2 ? MetricDirection.LowerIsBetter : MetricDirection.HigherIsBetter;
        var result = new MetricResult(i, $"m{i}", $"Metric number {i}", null, UnitOfMeasure.Percent, direction, 1, 80 + i, 79 + i, 80, 3, MetricStatus.Green, null);
        metrics.Add(result);
        trends.Add(new MetricTrend(result, Enumerable.Range(0, 24).Select(k =>
        {
            var v = 80m + (decimal)Math.Sin(k / 2.0 + i) * 4;
            return new TrendPoint(month.AddMonths(k - 23), v, 80, StatusRules.Evaluate(direction, v, 80, 3));
        }).ToList()));
    }
    return new UnitScorecard(1, "Utility Contact Center", "UCC", month, 2027, SubmissionStatus.Approved, metrics, trends);
}
