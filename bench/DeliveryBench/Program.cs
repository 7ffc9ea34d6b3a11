// Scheduled e-mail at scale: one run to N recipients (default 500) through the product's delivery layer — the
// ledger's run and deliveries, RunDispatcher's batch jobs, Hangfire workers, SendDeliveryJob claiming, sending over
// one SMTP connection per batch and marking each sent — against a local SMTP server, beside a bare MailKit loop
// sending the same N messages (same body, same attachment) over one connection in the same run. Then the job pick-up
// latency (enqueue → start) with a web-like node and a worker: two Hangfire servers on the same storage.
// Prints figures; asserts nothing.
//   bench/delivery.sh [recipients]   (a throwaway PostgreSQL; or: dotnet run -c Release --project bench/DeliveryBench -- <recipients> <connection string>)
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using OpsIntranet.Core;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Delivery;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;
using DeliveryBench;

if (args.Length < 2) { Console.Error.WriteLine("usage: DeliveryBench <recipients> <connection string of an empty database>"); return 2; }
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var connectionString = args[1];
var recipients = Enumerable.Range(1, count).Select(i => $"reader{i:D4}@cityutility.example").ToList();
// A scorecard-sized attachment (the department scorecard PDF is about 150 KiB), random so nothing compresses it away.
var attachment = new byte[150 * 1024];
new Random(12).NextBytes(attachment);

IHost Node(int smtpPort, bool runServer, int workers, string name)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Ops"] = connectionString,
        ["Jobs:RunServer"] = runServer ? "true" : "false",
        ["Jobs:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture),
        ["Jobs:RegisterRecurringJobs"] = "false",
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    // Each node's jobs come from its own services (Hangfire's activator is process-wide otherwise).
    builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
    builder.Services.AddOpsCore(builder.Configuration).AddOpsDocuments(builder.Configuration).AddOpsJobs(builder.Configuration);
    builder.Services.AddScoped<IReportMail, BenchMail>();
    builder.Services.AddSingleton(new PickupProbe.Log(name));
    builder.Services.AddScoped<PickupProbe>();
    return builder.Build();
}

using (var setup = Node(25, runServer: false, workers: 1, "setup"))
{
    await using var scope = setup.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<AppDbContext>().MigrateOpsAsync();
}
Console.WriteLine($"Delivery of one run to {count} recipients, {attachment.Length / 1024} KiB attachment each, local SMTP server on loopback, {Environment.ProcessorCount} cores");
Console.WriteLine();

// Warm-up (JIT, EF's compiled queries, Hangfire's schema and first connections), untimed.
await BareLoopAsync(recipients.Take(50).ToList(), quiet: true);
await ProductRunAsync(workers: 1, "warm-up", recipients.Take(50).ToList(), quiet: true);
// Alternating, twice, so the machine's drift is shared by both sides.
var bare = new List<double>();
var one = new List<double>();
var four = new List<double>();
for (var round = 1; round <= 2; round++)
{
    bare.Add(await BareLoopAsync(recipients));
    one.Add(await ProductRunAsync(workers: 1, $"bench-{round}-1", recipients));
    four.Add(await ProductRunAsync(workers: 4, $"bench-{round}-4", recipients));
}
var b = bare.Average();
Console.WriteLine();
Console.WriteLine($"{"",-70}{"seconds",9}{"msg/s",9}{"ratio",8}   runs");
Console.WriteLine($"{"bare MailKit loop, one connection (baseline)",-70}{b,9:F2}{count / b,9:F1}{1.0,8:F2}   {string.Join(" / ", bare.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s");
Console.WriteLine($"{"product, trigger → last delivery marked sent, 1 worker (1 connection)",-70}{one.Average(),9:F2}{count / one.Average(),9:F1}{b / one.Average(),8:F2}   {string.Join(" / ", one.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s");
Console.WriteLine($"{"product, trigger → last delivery marked sent, 4 workers (default)",-70}{four.Average(),9:F2}{count / four.Average(),9:F1}{b / four.Average(),8:F2}   {string.Join(" / ", four.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s");
Console.WriteLine("(ratio = product msg/s ÷ bare msg/s; aim ≥ 0.8)");
Console.WriteLine();
await PickupLatencyAsync(200);
return 0;

async Task<double> BareLoopAsync(List<string> recipients, bool quiet = false)
{
    var count = recipients.Count;
    using var smtp = new LocalSmtpServer();
    var sw = Stopwatch.StartNew();
    using var client = new SmtpClient();
    await client.ConnectAsync("127.0.0.1", smtp.Port, SecureSocketOptions.None);
    foreach (var (recipient, i) in recipients.Select((r, i) => (r, i)))
    {
        // The same message the product builds: HTML and text, Auto-Submitted, a stable Message-ID, the PDF from a stream.
        var message = new MimeMessage { Subject = BenchMail.Subject, MessageId = $"bare.{i}@opsintranet" };
        message.From.Add(new MailboxAddress("OpsIntranet", "opsintranet@cityutility.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { HtmlBody = BenchMail.Html(recipient), TextBody = BenchMail.Text(recipient) };
        body.Attachments.Add(new MimePart("application", "pdf")
        {
            Content = new MimeContent(new MemoryStream(attachment, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "bench.pdf",
        });
        message.Body = body.ToMessageBody();
        await client.SendAsync(message);
    }
    await client.DisconnectAsync(true);
    var seconds = sw.Elapsed.TotalSeconds;
    if (smtp.Count != count) throw new InvalidOperationException($"The bare loop delivered {smtp.Count} of {count}.");
    if (!quiet) Console.WriteLine($"bare loop: {count} messages in {seconds:F2} s");
    return seconds;
}

async Task<double> ProductRunAsync(int workers, string period, List<string> recipients, bool quiet = false)
{
    var count = recipients.Count;
    using var smtp = new LocalSmtpServer();
    using var node = Node(smtp.Port, runServer: true, workers, "worker");
    await node.StartAsync();
    ReportRun run;
    await using (var scope = node.Services.CreateAsyncScope())
    {
        // The document is rendered and stored before the trigger in a real run too; the clock starts at the fan-out.
        var ledger = scope.ServiceProvider.GetRequiredService<DeliveryLedger>();
        run = await ledger.EnsureRunAsync(new RunKey(BenchMail.ReportName, "bench", period), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), null, CancellationToken.None);
        using var pdf = new MemoryStream(attachment, writable: false);
        var document = await scope.ServiceProvider.GetRequiredService<DocumentStore>().SaveAsync(
            new DocumentKey(BenchMail.ReportName, new DocumentSubject(DocumentSubjects.ReportRun, run.Id), 1), "bench.pdf", "application/pdf", pdf, null);
        run = await ledger.AttachDocumentAsync(run.Id, document.Document.Id, "{}", CancellationToken.None);
    }
    var sw = Stopwatch.StartNew();
    await using (var scope = node.Services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<RunDispatcher>().DispatchAsync(run, recipients, "bench", CancellationToken.None);
    var dispatched = sw.Elapsed.TotalSeconds;
    await using (var db = node.Services.CreateAsyncScope())
    {
        var context = db.ServiceProvider.GetRequiredService<AppDbContext>();
        while (await context.ReportDeliveries.CountAsync(d => d.ReportRunId == run.Id && d.Status == DeliveryStatus.Sent) < count)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"The run did not finish in 10 minutes ({smtp.Count} delivered).");
            await Task.Delay(20);
        }
    }
    var seconds = sw.Elapsed.TotalSeconds;
    await node.StopAsync();
    if (smtp.Count != count) throw new InvalidOperationException($"The product delivered {smtp.Count} messages for {count} recipients.");
    if (!quiet) Console.WriteLine($"product, {workers} worker(s): {count} messages in {seconds:F2} s (fan-out of {Math.Ceiling(count / (double)RunDispatcher.BatchSize)} batch jobs {dispatched:F2} s, {smtp.Connections} SMTP connections)");
    return seconds;
}

async Task PickupLatencyAsync(int jobs)
{
    using var smtp = new LocalSmtpServer();
    // The web app runs a Hangfire server in-process by default; the worker is another. Both poll the same queue.
    using var web = Node(smtp.Port, runServer: true, workers: 4, "web");
    using var worker = Node(smtp.Port, runServer: true, workers: 4, "worker");
    await web.StartAsync();
    await worker.StartAsync();
    await Task.Delay(TimeSpan.FromSeconds(3));
    var client = web.Services.GetRequiredService<IBackgroundJobClient>();
    var random = new Random(7);
    for (var i = 0; i < jobs; i++)
    {
        var at = Stopwatch.GetTimestamp();
        client.Enqueue<PickupProbe>(p => p.ExecuteAsync(at));
        // Jobs arrive one at a time, at irregular moments, as users' clicks and schedules make them.
        await Task.Delay(random.Next(20, 120));
    }
    var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
    while (PickupProbe.Samples.Count < jobs && DateTime.UtcNow < until) await Task.Delay(50);
    await web.StopAsync();
    await worker.StopAsync();
    var ms = PickupProbe.Samples.Select(s => s.Milliseconds).Order().ToList();
    double P(double q) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    var byNode = PickupProbe.Samples.GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.Count());
    Console.WriteLine($"Job pick-up latency (enqueue → start), {ms.Count} of {jobs} jobs, web-like node + worker on the same storage (EnableLongPolling on)");
    Console.WriteLine($"  p50 {P(0.50):F0} ms   p95 {P(0.95):F0} ms   max {ms.LastOrDefault():F0} ms   (aim: p95 ≤ 1000 ms)");
    Console.WriteLine($"  taken by: {string.Join(", ", byNode.Select(kv => $"{kv.Key} {kv.Value}"))}");
}

