// One evaluation packet end to end (sample snapshot → model → HTML with vector charts → PDF through the
// product's printer) beside Chromium printing the same final HTML alone, in the same run, alternating so
// both see the same machine. Prints p50/p95 and their ratio; asserts nothing.
//   dotnet run -c Release --project bench/PacketRenderBench [runs] [--write folder]
// --write also saves the three copies and a draft, to look at (pdftoppm -png -r 60).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using OpsIntranet.Templates.Rendering;

var runs = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 30;
var write = Array.IndexOf(args, "--write") is var w and >= 0 && w + 1 < args.Length ? args[w + 1] : null;

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chromium:RecycleAfterRenders"] = "10000" }).Build();
await using var services = new ServiceCollection().AddLogging().AddOpsDocuments(config).BuildServiceProvider();
using var scope = services.CreateScope();
var packets = scope.ServiceProvider.GetRequiredService<EvaluationPacketRenderer>();
var printer = services.GetRequiredService<ChromiumPdfPrinter>();

var snapshot = EvaluationPacketSamples.Snapshot();
var stamp = EvaluationPacketSamples.Stamp();

if (write is not null)
{
    Directory.CreateDirectory(write);
    foreach (var edition in Enum.GetValues<PacketEdition>())
        await File.WriteAllBytesAsync(Path.Combine(write, $"packet-{edition.ToString().ToLowerInvariant()}.pdf"), await packets.RenderPdfAsync(snapshot, edition, stamp));
    await File.WriteAllBytesAsync(Path.Combine(write, "packet-draft.pdf"), await packets.RenderPdfAsync(snapshot with { Status = OpsIntranet.Core.Evaluations.EvaluationStatus.Submitted }, PacketEdition.File, EvaluationPacketSamples.DraftStamp));
    await File.WriteAllTextAsync(Path.Combine(write, "packet-file.html"), await packets.RenderHtmlAsync(snapshot, PacketEdition.File, stamp));
    Console.WriteLine($"Wrote the sample packets to {write}");
}

var model = EvaluationPacketModel.From(snapshot, PacketEdition.File, stamp);
var html = await packets.RenderHtmlAsync(snapshot, PacketEdition.File, stamp);
var options = model.PdfOptions;

// Warm-up: the browser's launch, JIT, ScottPlot's fonts.
for (var i = 0; i < 3; i++)
{
    await packets.RenderPdfAsync(snapshot, PacketEdition.File, stamp);
    await printer.PrintAsync(html, options);
}

var endToEnd = new List<double>();
var bare = new List<double>();
var modelOnly = new List<double>();
var htmlOnly = new List<double>();
var pages = 0;
long bytes = 0;
for (var i = 0; i < runs; i++)
{
    var sw = Stopwatch.StartNew();
    var pdf = await packets.RenderPdfAsync(snapshot, PacketEdition.File, stamp);
    endToEnd.Add(sw.Elapsed.TotalMilliseconds);
    bytes = pdf.Length;
    pages = CountPages(pdf);
    sw.Restart();
    await printer.PrintAsync(html, options);
    bare.Add(sw.Elapsed.TotalMilliseconds);
    // Where the difference goes: the model with its charts, then the HTML.
    sw.Restart();
    EvaluationPacketModel.From(snapshot, PacketEdition.File, stamp);
    modelOnly.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await packets.RenderHtmlAsync(snapshot, PacketEdition.File, stamp);
    htmlOnly.Add(sw.Elapsed.TotalMilliseconds);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

// Pages of a Chromium PDF: one "/Type /Page" object each (the tree's nodes are "/Type /Pages").
static int CountPages(byte[] pdf) =>
    System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])");

Console.WriteLine($"Evaluation packet (personnel file copy, {pages} pages, {model.Results.Charts.Count} charts, {bytes / 1024} KiB), {runs} runs after 3 warm-up, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"",-52} {"p50",8} {"p95",8}");
Console.WriteLine($"{"end to end: snapshot → model → HTML + charts → PDF",-52} {Percentile(endToEnd, 50),6:F0} ms {Percentile(endToEnd, 95),6:F0} ms");
Console.WriteLine($"{"baseline: Chromium printing the same HTML alone",-52} {Percentile(bare, 50),6:F0} ms {Percentile(bare, 95),6:F0} ms");
Console.WriteLine($"{$"  of which: model with {model.Results.Charts.Count} SVG charts",-52} {Percentile(modelOnly, 50),6:F0} ms {Percentile(modelOnly, 95),6:F0} ms");
Console.WriteLine($"{"  of which: model + HTML (Razor)",-52} {Percentile(htmlOnly, 50),6:F0} ms {Percentile(htmlOnly, 95),6:F0} ms");
Console.WriteLine($"{"ratio end to end / bare print",-52} {Percentile(endToEnd, 50) / Percentile(bare, 50),7:F2}x {Percentile(endToEnd, 95) / Percentile(bare, 95),7:F2}x");
