using System.Net;
using System.Security.Cryptography;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Audit;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Core.People;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Jobs.Hangfire;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Infrastructure.Builders;

namespace OpsIntranet.Tests.Web.Evaluations;

/// <summary>
/// Evaluation packets as records, over HTTP as people use them: a version per approval and acknowledgement, each
/// stored once and downloadable for good in the copy the reader's rights give; the verify page recognises every
/// stored copy and nothing else; drafts preview for their evaluator only.
/// </summary>
public class EvaluationPacketTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>A unit with its manager, her supervisor (the employee evaluated), the manager's boss (leadership, the reviewer), a manager of another unit, an administrator.</summary>
    private sealed record Department(BuiltUser Leader, BuiltUser Manager, BuiltUser Supervisor, BuiltUser Outsider, BuiltUser Admin);

    private async Task<Department> DepartmentAsync()
    {
        var data = app.Data;
        var unit = await data.Unit("CC").Named("Credit and Collections").BuildAsync();
        var other = await data.Unit("ES").Named("Energy Services").BuildAsync();
        var leader = await data.User("Ruth", "Okafor").Leadership().BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).ReportsTo(leader).BuildAsync();
        var supervisor = await data.User("Tom", "Gaines").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        var outsider = await data.User("Ann", "Lee").ManagerOf(other).ReportsTo(leader).BuildAsync();
        var admin = await data.User("Kim", "Tran").Administrator().BuildAsync();
        return new Department(leader, manager, supervisor, outsider, admin);
    }

    private Task<HttpClient> As(BuiltUser user) => app.Factory.SignedInClientAsync(user.Email, TestData.Password);

    private Task RunPacketJobAsync(int evaluationId, int version) => app.Data.InScopeAsync(async services =>
    {
        await services.GetRequiredService<GenerateEvaluationPacketJob>().ExecuteAsync(evaluationId, version, CancellationToken.None);
        return 0;
    });

    private Task<uint> RowVersionAsync(int id) => app.Data.InScopeAsync(services =>
        services.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>().Evaluations.Where(e => e.Id == id).Select(e => e.Version).SingleAsync());

    private Task StepAsync(BuiltUser who, Func<EvaluationService, OpsIntranet.Core.Access.Viewer, uint, Task<OpsIntranet.Core.Common.Outcome>> step, int id, string what) =>
        app.Data.InScopeAsync(async services =>
        {
            var viewer = await services.GetRequiredService<OpsIntranet.Core.Access.Viewers>().ForUserAsync(who.Id);
            return TestData.Must(await step(services.GetRequiredService<EvaluationService>(), viewer, await RowVersionAsync(id)), what);
        });

    /// <summary>The packet jobs waiting in this database's Hangfire queue: (evaluation id, version).</summary>
    private List<(int EvaluationId, int Version)> EnqueuedPacketJobs()
    {
        var options = HangfireSetup.StorageOptions(new JobsOptions());
        options.PrepareSchemaIfNecessary = false;
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(app.Factory.ConnectionString, options), options);
        return [.. storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(GenerateEvaluationPacketJob))
            .Select(j => ((int)j.Value.Job.Args[0], (int)j.Value.Job.Args[1]))
            .OrderBy(j => j.Item2)];
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, int id, int version)
    {
        var response = await client.GetAsync($"/evaluations/{id}/packets/{version}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Approve_StoresV1_ReopenAndReapprove_StoresV2_V1StaysUnchanged_AndTheAcknowledgementIsAVersionToo()
    {
        var d = await DepartmentAsync();
        await app.Data.LogEntry(about: d.Supervisor.Employee, writtenBy: d.Manager).On(new DateOnly(2026, 3, 10)).Summary("Coaching on payment plans").SharedWithEmployee().BuildAsync();
        var id = await app.Data.Evaluation(d.Supervisor.Employee, evaluator: d.Manager, reviewer: d.Leader).AtStep(EvaluationStep.Approved).BuildAsync();

        // The approval queued its job in its own transaction; the job stores every copy.
        Assert.Equal([(id, 1)], EnqueuedPacketJobs());
        await RunPacketJobAsync(id, 1);
        var manager = await As(d.Manager);
        var v1 = await DownloadAsync(manager, id, 1);
        Assert.Contains("Tom Gaines", PdfText.Read(v1).All);

        await using (var db = app.Factory.CreateDbContext())
        {
            var copies = await db.Set<PacketCopy>().Where(c => c.PacketVersion!.EvaluationId == id).OrderBy(c => c.Kind).ToListAsync();
            // Ruth reviews without keeping Tom's file, so her copy is made too.
            Assert.Equal([PacketCopies.File, PacketCopies.Employee, PacketCopies.Reviewer], copies.Select(c => c.Kind).OrderBy(k => PacketCopies.All.ToList().IndexOf(k)));
            Assert.All(copies, c => Assert.Equal(PacketCopyStatus.Ready, c.Status));
            var stored = await db.Documents.SingleAsync(x => x.Kind == PacketCopies.File && x.SubjectId == id && x.Version == 1);
            Assert.Equal(stored.Sha256, Sha(v1));
            // The snapshot the packet prints is schema 3: who approved, the log of the period, the history.
            var snapshot = EvaluationSnapshot.Read((await db.Set<PacketVersion>().Where(v => v.EvaluationId == id && v.Number == 1).Select(v => v.Event!.Snapshot).SingleAsync())!);
            Assert.Equal(EvaluationSnapshot.CurrentSchemaVersion, snapshot.SchemaVersion);
            Assert.Equal("Ruth Okafor", snapshot.ApprovedBy?.Name);
            Assert.Equal("Coaching on payment plans", Assert.Single(snapshot.LogEntries).Summary);
            Assert.Equal(["Created", "Submitted for review", "Approved"], snapshot.History.Select(h => h.Step));
        }

        // Reopened, rewritten and approved again: version 2.
        await StepAsync(d.Leader, (s, v, rv) => s.ReopenAsync(v, id, rv, "The QA score was corrected."), id, "a reopening");
        await app.Data.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>();
            var ratings = await db.EvaluationRatings.Where(r => r.EvaluationId == id).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
            var viewer = await services.GetRequiredService<OpsIntranet.Core.Access.Viewers>().ForUserAsync(d.Manager.Id);
            return TestData.Must(await services.GetRequiredService<EvaluationService>().SaveAsync(viewer, id, await RowVersionAsync(id),
                new EvaluationInput([.. ratings.Select(r => new RatingInput(r, "4", null))], "Recovered the service level.", "Written summaries.", "Writing course."), submit: true), "a resubmission");
        });
        await StepAsync(d.Leader, (s, v, rv) => s.ApproveAsync(v, id, rv, null), id, "a second approval");
        Assert.Equal([(id, 1), (id, 2)], EnqueuedPacketJobs());
        await RunPacketJobAsync(id, 2);
        var v2 = await DownloadAsync(manager, id, 2);
        Assert.NotEqual(Sha(v1), Sha(v2));
        Assert.Equal(Sha(v1), Sha(await DownloadAsync(manager, id, 1)));

        // The employee acknowledges with a comment: version 3, the approved record plus the acknowledgement.
        await StepAsync(d.Supervisor, (s, v, rv) => s.AcknowledgeAsync(v, id, rv, "Thanks; I will take the course."), id, "an acknowledgement");
        Assert.Equal([(id, 1), (id, 2), (id, 3)], EnqueuedPacketJobs());
        await using (var db = app.Factory.CreateDbContext())
        {
            var versions = await db.Set<PacketVersion>().Where(v => v.EvaluationId == id).OrderBy(v => v.Number).Select(v => new { v.Number, v.Step, v.Event!.Snapshot }).ToListAsync();
            Assert.Equal([EvaluationStep.Approved, EvaluationStep.Approved, EvaluationStep.Acknowledged], versions.Select(v => v.Step));
            var approved = EvaluationSnapshot.Read(versions[1].Snapshot!);
            var acknowledged = EvaluationSnapshot.Read(versions[2].Snapshot!);
            Assert.Equal(EvaluationStatus.Acknowledged, acknowledged.Status);
            Assert.Equal("Tom Gaines", acknowledged.AcknowledgedBy?.Name);
            Assert.Equal("Thanks; I will take the course.", acknowledged.EmployeeComment);
            Assert.Equal("Acknowledged by the employee", acknowledged.History[^1].Step);
            // Not re-read from live data: everything approved is carried over as approved.
            Assert.Equal(approved.History.Count + 1, acknowledged.History.Count);
            Assert.Equal(approved.ApprovedAt, acknowledged.ApprovedAt);
            Assert.Equal(approved.Ratings, acknowledged.Ratings);
            Assert.Equal(approved.OverallScore, acknowledged.OverallScore);
        }
        var evaluationPage = await manager.GetDocumentAsync($"/evaluations/{id}");
        var rows = evaluationPage.QuerySelectorAll("#packets tbody tr");
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.GetAttribute("data-version")));
        Assert.Equal(2, rows.Count(r => r.QuerySelector("a.download")?.TextContent == "Download PDF"));
        Assert.Contains("Being prepared…", rows[2].TextContent);
        Assert.Matches("^[0-9a-f]{12}$", rows[0].QuerySelector("code")!.TextContent);
    }

    [Fact]
    public async Task Downloads_GiveEachReaderTheirCopy_EveryDownloadIsAudited_AndAnyoneElseGets404()
    {
        var d = await DepartmentAsync();
        var id = await app.Data.Evaluation(d.Supervisor.Employee, evaluator: d.Manager, reviewer: d.Leader).AtStep(EvaluationStep.Approved).BuildAsync();
        // The job has not run: a download renders the copy it needs then, rather than failing.
        var expected = new (BuiltUser Who, string Copy)[] { (d.Manager, PacketCopies.File), (d.Admin, PacketCopies.File), (d.Supervisor, PacketCopies.Employee), (d.Leader, PacketCopies.Reviewer) };
        foreach (var (who, copy) in expected)
        {
            var client = await As(who);
            var response = await client.GetAsync($"/evaluations/{id}/packets/1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? "";
            Assert.Equal(copy switch { PacketCopies.Employee => true, PacketCopies.Reviewer => true, _ => false }, name.Contains("-copy", StringComparison.Ordinal));
            Assert.Contains("v1", name, StringComparison.Ordinal);
        }
        var outsider = await As(d.Outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/evaluations/{id}/packets/1")).StatusCode);
        var manager = await As(d.Manager);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/evaluations/{id}/packets/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/evaluations/{id + 1000}/packets/1")).StatusCode);

        await using var db = app.Factory.CreateDbContext();
        var downloads = await db.AuditEntries.Where(a => a.Action == AuditAction.Downloaded && a.RecordType == AuditRecords.Evaluation && a.RecordId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["Mae Ross", "Kim Tran", "Tom Gaines", "Ruth Okafor"], downloads.Select(a => a.UserName));
        Assert.All(downloads, a => Assert.Equal(d.Supervisor.Employee.Id, a.SubjectEmployeeId));
        Assert.Contains("Packet v1", downloads[0].Detail);
        // Each copy was stored once, by the first download that needed it.
        Assert.Equal(3, await db.Documents.CountAsync(x => x.SubjectType == DocumentSubjects.Evaluation && x.SubjectId == id));
    }

    [Fact]
    public async Task TheEmployee_BeforeApproval_Gets404_AndAfterwardsFindsTheirCopyOnTheirProfile()
    {
        var d = await DepartmentAsync();
        var id = await app.Data.Evaluation(d.Supervisor.Employee, evaluator: d.Manager, reviewer: d.Leader).AtStep(EvaluationStep.Submitted).BuildAsync();
        var tom = await As(d.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await tom.GetAsync($"/evaluations/{id}/packets/1")).StatusCode);
        Assert.Empty((await tom.GetDocumentAsync($"/people/{d.Supervisor.Employee.Id}")).QuerySelectorAll("#packets"));

        await StepAsync(d.Leader, (s, v, rv) => s.ApproveAsync(v, id, rv, null), id, "an approval");
        await RunPacketJobAsync(id, 1);
        var profile = await tom.GetDocumentAsync($"/people/{d.Supervisor.Employee.Id}");
        var row = Assert.Single(profile.QuerySelectorAll("#packets tbody tr"));
        Assert.Contains("Employee's copy", row.TextContent);
        Assert.Equal($"/evaluations/{id}/packets/1", row.QuerySelector("a.download")!.GetAttribute("href"));
        var managerProfile = await (await As(d.Manager)).GetDocumentAsync($"/people/{d.Supervisor.Employee.Id}");
        Assert.Contains("Personnel-file copy", Assert.Single(managerProfile.QuerySelectorAll("#packets tbody tr")).TextContent);
        await DownloadAsync(tom, id, 1);
    }

    [Fact]
    public async Task Verify_RecognisesEveryStoredCopy_ByFileAndByPrintedFingerprint_AndRejectsAModifiedFile()
    {
        var d = await DepartmentAsync();
        var id = await app.Data.Evaluation(d.Supervisor.Employee, evaluator: d.Manager, reviewer: d.Leader).AtStep(EvaluationStep.Approved).BuildAsync();
        await RunPacketJobAsync(id, 1);
        var stored = await app.Data.InScopeAsync(async services =>
        {
            var store = services.GetRequiredService<DocumentStore>();
            var result = new List<(string Kind, byte[] Bytes, string Fingerprint)>();
            var db = services.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>();
            foreach (var copy in await db.Set<PacketCopy>().Where(c => c.PacketVersion!.EvaluationId == id).ToListAsync())
            {
                await using var opened = (await store.OpenReadAsync(copy.DocumentId!.Value))!;
                using var memory = new MemoryStream();
                await opened.Content.CopyToAsync(memory);
                result.Add((copy.Kind, memory.ToArray(), copy.Fingerprint));
            }
            return result;
        });
        Assert.Equal(3, stored.Count);
        // Anyone signed in may check a copy they hold.
        var outsider = await As(d.Outsider);
        foreach (var (kind, bytes, fingerprint) in stored)
        {
            var byFile = await (await VerifyFileAsync(outsider, bytes, "packet.pdf")).ParseAsync();
            Assert.NotNull(byFile.QuerySelector("#match"));
            var match = Assert.Single(byFile.QuerySelectorAll("#matches tbody tr"));
            Assert.Contains("Tom Gaines", match.TextContent);
            Assert.Contains("v1", match.TextContent);
            Assert.Contains(PacketCopies.Label(kind), match.TextContent);
            // The fingerprint as printed in the footer of every page.
            var printed = fingerprint[..12];
            Assert.Contains(printed, PdfText.Read(bytes).All);
            var typed = await outsider.PostFormAsync("/documents/verify", ("Hash", printed.ToUpperInvariant()));
            Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
            Assert.Contains(PacketCopies.Label(kind), Assert.Single((await typed.ParseAsync()).QuerySelectorAll("#matches tbody tr")).TextContent);
            var bySha = await (await outsider.PostFormAsync("/documents/verify", ("Hash", Sha(bytes)))).ParseAsync();
            Assert.Single(bySha.QuerySelectorAll("#matches tbody tr"));
        }

        // One byte changed, and a re-save that appends an update: neither is the record.
        var original = stored[0].Bytes;
        var altered = (byte[])original.Clone();
        altered[altered.Length / 2] ^= 0x01;
        var resaved = original.Concat("\n%% re-saved\n"u8.ToArray()).ToArray();
        foreach (var bytes in new[] { altered, resaved })
        {
            var page = await (await VerifyFileAsync(outsider, bytes, "packet.pdf")).ParseAsync();
            Assert.Null(page.QuerySelector("#match"));
            Assert.Contains("cannot be confirmed", page.QuerySelector("#no-match")!.TextContent);
        }
        // The re-saved file still reads: it names the record it claims to be, and says it differs.
        var claimed = (await (await VerifyFileAsync(outsider, resaved, "packet.pdf")).ParseAsync()).QuerySelector("#claimed");
        Assert.NotNull(claimed);
        Assert.Contains("Tom Gaines", claimed.TextContent);
        Assert.Contains("differs", claimed.TextContent);
        Assert.Null((await (await outsider.PostFormAsync("/documents/verify", ("Hash", "0123456789ab"))).ParseAsync()).QuerySelector("#match"));

        // Bad input is told apart from "no match".
        var notPdf = await VerifyFileAsync(outsider, "name,score\nTom,4\n"u8.ToArray(), "scores.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notPdf.StatusCode);
        Assert.Contains("not a PDF", (await notPdf.ParseAsync()).QuerySelector("#verify-form")!.TextContent);
        var empty = await VerifyFileAsync(outsider, [], "empty.pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("empty", (await empty.ParseAsync()).QuerySelector("#verify-form")!.TextContent);
        var badHash = await outsider.PostFormAsync("/documents/verify", ("Hash", "not-a-hash"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badHash.StatusCode);
        // The navigation offers the page to everyone signed in.
        Assert.NotNull((await outsider.GetDocumentAsync("/")).QuerySelector("nav a[href='/documents/verify']"));
    }

    [Fact]
    public async Task DraftPreview_IsForTheEvaluatorWhileDraft_AndTheReviewerWhileSubmitted_MarkedDraft()
    {
        var d = await DepartmentAsync();
        var id = await app.Data.Evaluation(d.Supervisor.Employee, evaluator: d.Manager, reviewer: d.Leader).AtStep(EvaluationStep.Saved).BuildAsync();
        var manager = await As(d.Manager);
        var leader = await As(d.Leader);
        var page = await manager.GetDocumentAsync($"/evaluations/{id}");
        Assert.NotNull(page.QuerySelector($"#packet-preview a[href='/evaluations/{id}/preview']"));
        var html = await manager.GetAsync($"/evaluations/{id}/preview");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("DRAFT", await html.Content.ReadAsStringAsync());
        var pdf = await manager.GetAsync($"/evaluations/{id}/preview/Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains("DRAFT", PdfText.Read(await pdf.Content.ReadAsByteArrayAsync()).All);
        foreach (var other in new[] { leader, await As(d.Outsider), await As(d.Admin) })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/evaluations/{id}/preview")).StatusCode);

        await StepAsync(d.Manager, async (s, v, rv) =>
        {
            var ratings = await app.Data.InScopeAsync(services => services.GetRequiredService<OpsIntranet.Core.Data.AppDbContext>().EvaluationRatings
                .Where(r => r.EvaluationId == id).Select(r => r.Id).ToListAsync());
            return await s.SaveAsync(v, id, rv, new EvaluationInput([.. ratings.Select(r => new RatingInput(r, "3", null))], "Steady.", "Summaries.", "Course."), submit: true);
        }, id, "a submission");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/evaluations/{id}/preview/Pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/evaluations/{id}/preview")).StatusCode);
        // Nothing was stored by a preview: a draft is not a record.
        await using var db = app.Factory.CreateDbContext();
        Assert.Equal(0, await db.Documents.CountAsync());
        Assert.Equal(0, await db.Set<PacketVersion>().CountAsync());
    }

    private static async Task<HttpResponseMessage> VerifyFileAsync(HttpClient client, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(await client.TokenAsync()), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(fileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/csv");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync("/documents/verify", form);
    }
}
