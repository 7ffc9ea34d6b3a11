// The nine-unit fiscal-year continuous-improvement report, end to end through the one call scheduled
// delivery uses (query + template + charts + PDF), on the demo department loaded into a throwaway
// database; beside it, in the same run, Chromium printing the same final HTML alone. Prints figures.
//   dotnet run -c Release --project bench/ImprovementReportBench -- "<superuser connection string>" [runs] [--keep-pdf path]
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpsIntranet.Core;
using OpsIntranet.Core.Access;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Identity;
using OpsIntranet.Core.Reports;
using OpsIntranet.Demo;
using OpsIntranet.Templates.Documents.ContinuousImprovementReport;
using OpsIntranet.Templates.Rendering;

if (args.Length < 1) { Console.Error.WriteLine("usage: ImprovementReportBench <superuser connection string> [runs] [--keep-pdf path]"); return 2; }
var runs = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 5;
var keep = Array.IndexOf(args, "--keep-pdf") is var k and >= 0 && k + 1 < args.Length ? args[k + 1] : null;

// The demo as of 15 November 2026 (its history then runs to October 2026), so every run reports the same data.
var clock = new FixedClock(new DateTimeOffset(2026, 11, 15, 17, 0, 0, TimeSpan.Zero));
const string database = "ops_improvement_report_bench";
var admin = new NpgsqlConnectionStringBuilder(args[0]);
await using (var conn = new NpgsqlConnection(admin.ConnectionString))
{
    await conn.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
    await drop.ExecuteNonQueryAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", conn);
    await create.ExecuteNonQueryAsync();
}
var connection = new NpgsqlConnectionStringBuilder(args[0]) { Database = database }.ConnectionString;
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Ops"] = connection }).Build();
var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
services.AddSingleton<TimeProvider>(clock);
services.AddOpsCore(config).AddOpsDemo().AddOpsDocuments(config);
services.AddIdentityCore<AppUser>().AddRoles<AppRole>().AddEntityFrameworkStores<AppDbContext>();
await using var provider = services.BuildServiceProvider();

try
{
    var load = Stopwatch.StartNew();
    List<int> units;
    await using (var scope = provider.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        units = await db.Units.Where(u => u.IsActive).OrderBy(u => u.SortOrder).Select(u => u.Id).ToListAsync();
    }
    Console.WriteLine($"Demo department loaded in {load.Elapsed.TotalSeconds:F1} s: {units.Count} units. {Environment.ProcessorCount} cores.");

    // The fiscal year that ended before the demo's "today": FY2026, October 2025 – September 2026.
    var period = ReportPeriod.FiscalYearToDate(new DateOnly(2026, 9, 1));
    Console.WriteLine($"Report: {period.Label}, all {units.Count} units, {runs} runs after one warm-up");

    async Task<(double Seconds, RenderedReport Report)> EndToEndAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        var sw = Stopwatch.StartNew();
        var report = await scope.ServiceProvider.GetRequiredService<ImprovementReportDocuments>().RenderAsync(ReportKind.ContinuousImprovement, units, period, Viewer.System)
            ?? throw new InvalidOperationException("The report came back empty.");
        return (sw.Elapsed.TotalSeconds, report);
    }

    var (_, first) = await EndToEndAsync(); // warm-up: Chromium's launch, JIT, the first queries
    var html = await HtmlAsync();
    var endToEnd = new List<double>();
    var printOnly = new List<double>();
    var dataOnly = new List<double>();
    RenderedReport last = first;
    for (var i = 0; i < runs; i++)
    {
        var (seconds, report) = await EndToEndAsync();
        endToEnd.Add(seconds);
        last = report;
        var sw = Stopwatch.StartNew();
        await provider.GetRequiredService<ChromiumPdfPrinter>().PrintAsync(html, new PdfDocumentOptions(report.Title, PdfDocumentOptions.ConfidentialFooter));
        printOnly.Add(sw.Elapsed.TotalSeconds);
        await using var scope = provider.CreateAsyncScope();
        sw.Restart();
        await scope.ServiceProvider.GetRequiredService<ImprovementReportQuery>().LoadAsync(Viewer.System, units, period);
        dataOnly.Add(sw.Elapsed.TotalSeconds);
    }

    var pages = Regex.Count(System.Text.Encoding.Latin1.GetString(last.Pdf), @"/Type\s*/Page\b(?!s)");
    static double P50(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
    Console.WriteLine($"{"",-58} {"p50",8} {"min",8} {"max",8}");
    Console.WriteLine($"{"end to end: data + template + charts + PDF",-58} {P50(endToEnd),7:F2}s {endToEnd.Min(),7:F2}s {endToEnd.Max(),7:F2}s");
    Console.WriteLine($"{"baseline: Chromium printing the same final HTML alone",-58} {P50(printOnly),7:F2}s {printOnly.Min(),7:F2}s {printOnly.Max(),7:F2}s");
    Console.WriteLine($"{"the report's query alone (no charts, no HTML)",-58} {P50(dataOnly),7:F2}s {dataOnly.Min(),7:F2}s {dataOnly.Max(),7:F2}s");
    Console.WriteLine($"end to end / bare print: x{P50(endToEnd) / P50(printOnly):F2}");
    var charts = Regex.Count(html, "<svg");
    Console.WriteLine($"pages: {pages}, charts: {charts}, PDF {last.Pdf.Length / 1024} KiB, HTML {html.Length / 1024} KiB, file {last.FileName}");
    Console.WriteLine($"e-mail figures: {last.Figures.Counts.Green} meet target ({last.Figures.PreviousCounts.Green} before), {last.Figures.Counts.Amber} within tolerance ({last.Figures.PreviousCounts.Amber}), {last.Figures.Counts.Red} off target ({last.Figures.PreviousCounts.Red}); late: {string.Join(", ", last.Figures.LateUnits)}");
    if (keep is not null) await File.WriteAllBytesAsync(keep, last.Pdf);
    return 0;

    async Task<string> HtmlAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImprovementReportDocuments>().RenderHtmlAsync(ReportKind.ContinuousImprovement, units, period, Viewer.System)
            ?? throw new InvalidOperationException("The report came back empty.");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var conn = new NpgsqlConnection(admin.ConnectionString);
    await conn.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
    await drop.ExecuteNonQueryAsync();
}

/// <summary>A clock stopped at one instant, so the demo and the report are the same on every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
