using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Data;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.PacketBatches;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;
using OpsIntranet.Tests.Jobs;

namespace OpsIntranet.Tests.Web.Evaluations.Cycle;

/// <summary>
/// The packets of a whole cycle from its page: progress item by item (the job driven by the test, each packet let
/// through a gate, so nothing races a timer), an injected crash that fails one packet only and is retried, the ZIP's
/// names and manifest, a job run twice or stopped halfway doing no double work, and the scope of every route.
/// </summary>
public class CyclePacketsTests : IAsyncLifetime
{
    private sealed class PacketApp(string connectionString) : OpsWebFactory(connectionString)
    {
        public PacketScript Script { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Script);
                services.AddScoped<EvaluationPacketGenerator, ScriptedPacketGenerator>();
            });
        }
    }

    private PacketApp _app = default!;
    private TestData Data => new(_app);

    public async Task InitializeAsync()
    {
        _app = new PacketApp(await TestDatabases.CreateEmptyAsync());
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        var cs = _app.ConnectionString;
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(cs);
    }

    private sealed record Department(BuiltUser Manager, BuiltUser OtherManager, BuiltUser Reviewer, BuiltUser Administrator, int CycleId,
        int Okafor, int Brandt, int Nguyen, int Draft);

    /// <summary>
    /// A manager of two units with four supervisors in one cycle: three approved (two at the contact center, one at the
    /// walk-in unit), one still a draft; another manager of a third unit; a reviewer from leadership; an administrator.
    /// </summary>
    private async Task<Department> DepartmentAsync()
    {
        var ucc = await Data.Unit("UCC").Named("Utility Contact Center").BuildAsync();
        var wiu = await Data.Unit("WIU").Named("Walk-In Unit").BuildAsync();
        var qa = await Data.Unit("QA").Named("Quality Assurance & Quality Control").BuildAsync();
        var manager = await Data.User("Maria", "Alvarez").ManagerOf(ucc, wiu).BuildAsync();
        var other = await Data.User("James", "Whitfield").ManagerOf(qa).BuildAsync();
        var reviewer = await Data.User("Patricia", "Odum").Leadership().BuildAsync();
        var admin = await Data.User("Kevin", "Tran").Administrator().BuildAsync();
        var okafor = await Data.Employee("Lena", "Okafor").InUnit(ucc).ReportsTo(manager).BuildAsync();
        var brandt = await Data.Employee("Tomás", "Brandt").Email("tomas.brandt@builder.example").InUnit(ucc).ReportsTo(manager).BuildAsync();
        var nguyen = await Data.Employee("Minh", "Nguyen").InUnit(wiu).ReportsTo(manager).BuildAsync();
        var draft = await Data.Employee("Omar", "Haddad").InUnit(wiu).ReportsTo(manager).BuildAsync();
        var people = new[] { okafor, brandt, nguyen, draft };

        var evaluations = await Data.InScopeAsync(async services =>
        {
            var viewer = await TestData.ViewerAsync(services, manager);
            var input = new CycleInput("FY2026 annual evaluations", CycleKind.Annual, new DateOnly(2025, 10, 1), new DateOnly(2026, 9, 30), new DateOnly(2026, 11, 29),
                [.. people.Select(p => p.Id)], reviewer.Id);
            var cycle = TestData.Must(await services.GetRequiredService<EvaluationService>().CreateCycleAsync(viewer, input), "a cycle");
            return await services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.CycleId == cycle).ToDictionaryAsync(e => e.EmployeeId, e => e.Id);
        });
        foreach (var p in people.Take(3)) await ApproveAsync(evaluations[p.Id], manager, reviewer);
        var cycleId = await Data.InScopeAsync(services => services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.Id == evaluations[okafor.Id]).Select(e => e.CycleId).SingleAsync());
        return new Department(manager, other, reviewer, admin, cycleId, evaluations[okafor.Id], evaluations[brandt.Id], evaluations[nguyen.Id], evaluations[draft.Id]);
    }

    /// <summary>Written and submitted by the evaluator, approved by the reviewer, through the services.</summary>
    private async Task ApproveAsync(int id, BuiltUser evaluator, BuiltUser reviewer)
    {
        await Data.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var ratings = await db.EvaluationRatings.Where(r => r.EvaluationId == id).Select(r => r.Id).ToListAsync();
            var version = await db.Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
            var input = new EvaluationInput([.. ratings.Select(r => new RatingInput(r, "3", null))], "Calm under pressure.", "Reports arrive late.", "Writing course.");
            return TestData.Must(await services.GetRequiredService<EvaluationService>().SaveAsync(await TestData.ViewerAsync(services, evaluator), id, version, input, submit: true), "a submission");
        });
        await Data.InScopeAsync(async services =>
        {
            var version = await services.GetRequiredService<AppDbContext>().Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync();
            return TestData.Must(await services.GetRequiredService<EvaluationService>().ApproveAsync(await TestData.ViewerAsync(services, reviewer), id, version, null), "an approval");
        });
    }

    private static string Page(int cycleId) => $"/evaluations/cycles/{cycleId}";

    private static async Task<JsonElement> StatusAsync(HttpClient client, int cycleId)
    {
        var response = await client.GetAsync($"{Page(cycleId)}?handler=Status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("batch");
    }

    /// <summary>The status once it satisfies the condition; the job runs in the background of the test, so this waits (generously) for it.</summary>
    private static async Task<JsonElement> StatusWhenAsync(HttpClient client, int cycleId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = await StatusAsync(client, cycleId);
            if (status.ValueKind == JsonValueKind.Object && condition(status)) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The batch never reached the expected state; last seen: {status}");
            await Task.Delay(50);
        }
    }

    private static async Task<HttpResponseMessage> GenerateAsync(HttpClient client, int cycleId, string scope, params int[] ids)
    {
        var page = await client.GetDocumentAsync(Page(cycleId));
        var fields = page.QuerySelector("#generate-packets")!.Fields(("Scope", scope));
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("EvaluationIds", id.ToString(CultureInfo.InvariantCulture))));
        return await client.PostFormAsync($"{Page(cycleId)}?handler=Generate", fields);
    }

    private static async Task<List<(string Name, byte[] Bytes)>> ZipAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            entries.Add((e.FullName, m.ToArray()));
        }
        return entries;
    }

    private static List<IReadOnlyList<string>> Manifest(List<(string Name, byte[] Bytes)> zip)
    {
        var text = System.Text.Encoding.UTF8.GetString(zip.Single(e => e.Name == "manifest.csv").Bytes).TrimStart('\uFEFF');
        var (rows, unclosed) = Csv.Parse(text);
        Assert.Null(unclosed);
        return rows.Select(r => r.Fields).ToList();
    }

    private const string OkaforFile = "Utility Contact Center/Okafor-Lena-FY2026-annual-evaluations-v1.pdf";
    private const string BrandtFile = "Utility Contact Center/Brandt-Tomas-FY2026-annual-evaluations-v1.pdf";
    private const string NguyenFile = "Walk-In Unit/Nguyen-Minh-FY2026-annual-evaluations-v1.pdf";
    private const string Crash = "Chromium closed the page while printing (injected by the test).";

    [Fact]
    public async Task WholeCycle_ProgressAdvancesItemByItem_CrashFailsOnePacket_RetryFailedCompletesTheZip()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);

        // Before: the approved three can be ticked; the draft cannot, and says why; no batch yet.
        var page = await maria.GetDocumentAsync(Page(d.CycleId));
        Assert.Null(page.QuerySelector($"#packet-{d.Okafor}")!.GetAttribute("disabled"));
        Assert.NotNull(page.QuerySelector($"#packet-{d.Draft}")!.GetAttribute("disabled"));
        Assert.Contains("Still a draft", page.QuerySelector($"#packet-{d.Draft}-why")!.TextContent);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(maria, d.CycleId)).ValueKind);

        _app.Script.Gate = new SemaphoreSlim(0);
        _app.Script.Crash[d.Brandt] = Crash;
        var started = await GenerateAsync(maria, d.CycleId, "all");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var queued = await StatusAsync(maria, d.CycleId);
        Assert.Equal("Queued", queued.GetProperty("status").GetString());
        Assert.Equal(3, queued.GetProperty("total").GetInt32());
        Assert.Equal("Waiting to start: 3 packets to generate.", queued.GetProperty("summary").GetString());

        // The job runs beside the test; each packet waits at the gate until the test lets exactly one through.
        var job = Task.Run(() => PacketBatchQueue.PerformAsync(_app.Services, _app.ConnectionString));
        var running = await StatusWhenAsync(maria, d.CycleId, s => s.GetProperty("status").GetString() == "Running");
        Assert.Equal(0, running.GetProperty("processed").GetInt32());
        for (var step = 1; step <= 3; step++)
        {
            _app.Script.Gate.Release();
            var now = await StatusWhenAsync(maria, d.CycleId, s => s.GetProperty("processed").GetInt32() == step);
            Assert.Equal(3, now.GetProperty("total").GetInt32());
            if (step < 3)
            {
                Assert.False(now.GetProperty("finished").GetBoolean());
                // Coming back to the page while it runs shows the same point, with no form to start another.
                var meanwhile = await maria.GetDocumentAsync(Page(d.CycleId));
                Assert.Equal(step.ToString(CultureInfo.InvariantCulture), meanwhile.QuerySelector("#packet-progress")!.GetAttribute("value"));
                Assert.Null(meanwhile.QuerySelector("#generate-packets"));
            }
        }
        Assert.Equal([PacketBatchRun.Finished], await job);

        var finished = await StatusAsync(maria, d.CycleId);
        Assert.True(finished.GetProperty("finished").GetBoolean());
        Assert.Equal(2, finished.GetProperty("done").GetInt32());
        Assert.Equal(1, finished.GetProperty("failed").GetInt32());
        Assert.Equal("Finished: 2 of 3 packets generated, 1 failed.", finished.GetProperty("summary").GetString());
        var failure = Assert.Single(finished.GetProperty("failures").EnumerateArray());
        Assert.Equal("Tomás Brandt", failure.GetProperty("employee").GetString());
        Assert.Equal(Crash, failure.GetProperty("reason").GetString());

        // The page lists the failure with its reason, offers "Retry failed" and the ZIP.
        page = await maria.GetDocumentAsync(Page(d.CycleId));
        Assert.Contains(Crash, page.QuerySelector($"#packet-failures li[data-evaluation='{d.Brandt}']")!.TextContent);
        Assert.Equal("Retry failed (1)", page.QuerySelector("#retry-failed")!.TextContent.Trim());
        Assert.Equal("3", page.QuerySelector("#packet-progress")!.GetAttribute("value"));
        var zipUrl = page.QuerySelector("#packet-zip")!.GetAttribute("href")!;

        var zip = await ZipAsync(maria, zipUrl);
        Assert.Equal([OkaforFile, NguyenFile, "manifest.csv"], zip.Select(e => e.Name).ToArray());
        var manifest = Manifest(zip);
        Assert.Equal(PacketZipWriter.ManifestHeader, manifest[0]);
        foreach (var (name, bytes) in zip.Where(e => e.Name.EndsWith(".pdf", StringComparison.Ordinal)))
        {
            var row = manifest.Single(r => r[4] == name);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), row[5]);
            Assert.Equal(bytes.Length.ToString(CultureInfo.InvariantCulture), row[6]);
            Assert.Equal(["1", "done"], new[] { row[3], row[7] });
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        }
        Assert.Equal(["Utility Contact Center", "Tomás Brandt", "FY2026 annual evaluations", "", "", "", "", "failed", Crash], manifest.Single(r => r[7] == "failed"));

        // The download is on the audit trail for each evaluation whose packet it holds.
        await using (var db = _app.CreateDbContext())
        {
            var audited = await db.AuditEntries.Where(a => a.Action == AuditAction.Downloaded && a.UserId == d.Manager.Id).Select(a => a.RecordId).OrderBy(x => x).ToListAsync();
            Assert.Equal(new[] { d.Okafor, d.Nguyen }.Order(), audited);
        }

        // Retry failed: only the failed packet is generated again, and the new round's ZIP holds all three.
        _app.Script.Gate = null;
        _app.Script.Crash.Clear();
        var retryForm = page.FormWith("Version");
        var retried = await maria.PostFormAsync(retryForm.Action(Page(d.CycleId)), retryForm.Fields());
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal([PacketBatchRun.Finished], await PacketBatchQueue.PerformAsync(_app.Services, _app.ConnectionString));
        var again = await StatusAsync(maria, d.CycleId);
        Assert.Equal((3, 0, 2), (again.GetProperty("done").GetInt32(), again.GetProperty("failed").GetInt32(), again.GetProperty("round").GetInt32()));
        Assert.Equal(1, _app.Script.Stored[d.Okafor]);
        Assert.Equal(1, _app.Script.Stored[d.Brandt]);
        zip = await ZipAsync(maria, again.GetProperty("zipUrl").GetString()!);
        Assert.Equal([BrandtFile, OkaforFile, NguyenFile, "manifest.csv"], zip.Select(e => e.Name).ToArray());
        Assert.All(Manifest(zip).Skip(1), row => Assert.Equal("done", row[7]));
        Assert.Null((await maria.GetDocumentAsync(Page(d.CycleId))).QuerySelector("#retry-failed"));
    }

    [Fact]
    public async Task Job_StoppedHalfwayThenRunTwice_GeneratesEachPacketOnceAndStoresOneZip()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);
        _app.Script.Gate = new SemaphoreSlim(0);
        Assert.Equal(HttpStatusCode.Redirect, (await GenerateAsync(maria, d.CycleId, "selected", d.Okafor, d.Nguyen)).StatusCode);
        var batchId = Assert.Single(PacketBatchQueue.Enqueued(_app.ConnectionString));

        // One packet through, then the worker shuts down: the job stops (cancelled), the done packet stays done.
        using var shutdown = new CancellationTokenSource();
        var first = Task.Run(() => PacketBatchQueue.RunAsync(_app.Services, batchId, shutdown.Token));
        _app.Script.Gate.Release();
        await StatusWhenAsync(maria, d.CycleId, s => s.GetProperty("processed").GetInt32() == 1);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var halfway = await StatusAsync(maria, d.CycleId);
        Assert.Equal((1, 0, false), (halfway.GetProperty("done").GetInt32(), halfway.GetProperty("failed").GetInt32(), halfway.GetProperty("finished").GetBoolean()));

        // Run again (Hangfire's retry), then once more (a duplicate run): each packet stored once, one ZIP.
        _app.Script.Gate = null;
        Assert.Equal(PacketBatchRun.Finished, await PacketBatchQueue.RunAsync(_app.Services, batchId));
        Assert.Equal(PacketBatchRun.AlreadyFinished, await PacketBatchQueue.RunAsync(_app.Services, batchId));
        Assert.Equal(new Dictionary<int, int> { [d.Okafor] = 1, [d.Nguyen] = 1 }, _app.Script.Stored.ToDictionary());
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.Documents.CountAsync(x => x.Kind == PacketBatchService.ZipKind));
        var batch = await db.Set<PacketBatch>().SingleAsync();
        Assert.Equal((2, 2, 0), (batch.Total, batch.Done, batch.Failed));
        Assert.All(await db.Set<PacketBatchItem>().ToListAsync(), i => Assert.Equal((PacketBatchItemStatus.Done, 1), (i.Status, i.Attempts)));
    }

    [Fact]
    public async Task PacketRoutes_OutOfScope_Answer404_ABatchIsItsStartersOnly()
    {
        var d = await DepartmentAsync();
        var maria = await _app.SignedInClientAsync(d.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await GenerateAsync(maria, d.CycleId, "all")).StatusCode);
        await PacketBatchQueue.PerformAsync(_app.Services, _app.ConnectionString);
        var batchId = (await StatusAsync(maria, d.CycleId)).GetProperty("id").GetInt32();

        // Another manager's cycle is not there for James, nor for the reviewer (who reads the evaluations but keeps no file).
        foreach (var outsider in new[] { d.OtherManager, d.Reviewer })
        {
            var client = await _app.SignedInClientAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Page(d.CycleId)}?handler=Status")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Page(d.CycleId)}?handler=Status&batch={batchId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Page(d.CycleId)}?handler=Zip&batch={batchId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page(d.CycleId)}?handler=Generate", ("Scope", "all"))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page(d.CycleId)}?handler=RetryFailed&batch={batchId}", ("Version", "0"))).StatusCode);
        }
        var reviewerPage = await (await _app.SignedInClientAsync(d.Reviewer)).GetDocumentAsync(Page(d.CycleId));
        Assert.Null(reviewerPage.QuerySelector("#packets"));

        // Maria cannot put an evaluation of someone else's file into a batch by forging its id.
        var forged = await GenerateAsync(maria, d.CycleId, "selected", d.Okafor, 999_999);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        // A batch is its starter's (its retries act with their rights): even the administrator, who keeps every file,
        // neither sees nor downloads Maria's; they start their own.
        var kevin = await _app.SignedInClientAsync(d.Administrator);
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(kevin, d.CycleId)).ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await kevin.GetAsync($"{Page(d.CycleId)}?handler=Zip&batch={batchId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kevin.PostFormAsync($"{Page(d.CycleId)}?handler=RetryFailed&batch={batchId}", ("Version", "0"))).StatusCode);
    }
}
