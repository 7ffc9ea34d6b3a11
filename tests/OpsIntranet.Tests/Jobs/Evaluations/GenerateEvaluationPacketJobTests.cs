using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Jobs.Evaluations;

/// <summary>The packet job is safe to run twice, and the generator's entry point for the cycle batch returns the stored file copy.</summary>
public class GenerateEvaluationPacketJobTests : IAsyncLifetime
{
    private readonly EmptyApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task RunTwice_StoresEachCopyOnce_AndEnsureFileCopyReturnsTheStoredOne()
    {
        var data = app.Data;
        var unit = await data.Unit("WAL").Named("Walk-In").BuildAsync();
        var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
        var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
        // Nobody above the manager: an administrator reviews.
        var admin = await data.User("Kim", "Tran").Administrator().BuildAsync();
        var id = await data.Evaluation(supervisor.Employee, evaluator: manager, reviewer: admin).AtStep(EvaluationStep.Approved).BuildAsync();

        for (var run = 0; run < 2; run++)
            await data.InScopeAsync(async services =>
            {
                await services.GetRequiredService<GenerateEvaluationPacketJob>().ExecuteAsync(id, 1, CancellationToken.None);
                return 0;
            });

        await using var db = app.Factory.CreateDbContext();
        var documents = await db.Documents.Where(d => d.SubjectType == DocumentSubjects.Evaluation && d.SubjectId == id).ToListAsync();
        // The administrator keeps every file, so no reviewer's copy: the file's and the employee's, once each.
        Assert.Equal([PacketCopies.File, PacketCopies.Employee], documents.Select(d => d.Kind).Order(StringComparer.Ordinal));
        var copies = await db.Set<PacketCopy>().Where(c => c.PacketVersion!.EvaluationId == id).ToListAsync();
        Assert.All(copies, c => Assert.Equal((PacketCopyStatus.Ready, 0), (c.Status, c.Attempts)));
        Assert.Equal(documents.Select(d => d.Id).Order(), copies.Select(c => c.DocumentId!.Value).Order());

        var file = await data.InScopeAsync(services => services.GetRequiredService<EvaluationPacketGenerator>().EnsureFileCopyAsync(id, CancellationToken.None));
        Assert.Equal(documents.Single(d => d.Kind == PacketCopies.File).Id, file!.Id);
        var draft = await data.Evaluation(await data.Employee("Lee", "Park").InUnit(unit).ReportsTo(manager).BuildAsync(), evaluator: manager, reviewer: admin).BuildAsync();
        Assert.Null(await data.InScopeAsync(services => services.GetRequiredService<EvaluationPacketGenerator>().EnsureFileCopyAsync(draft, CancellationToken.None)));
    }

    [Fact]
    public async Task AFailedRender_IsRecordedOnTheCopy_ThrownForHangfiresRetry_AndShownOnThePage()
    {
        // A browser that is not there fails every render, deterministically, at its first launch.
        var factory = new OpsWebFactory(await TestDatabases.CreateEmptyAsync(), settings: new Dictionary<string, string?> { ["Chromium:ExecutablePath"] = "/nonexistent/chromium" });
        try
        {
            var data = new Infrastructure.Builders.TestData(factory);
            var unit = await data.Unit("WAL").Named("Walk-In").BuildAsync();
            var manager = await data.User("Mae", "Ross").ManagerOf(unit).BuildAsync();
            var supervisor = await data.User("Omar", "Adeyemi").SupervisorOf(unit).ReportsTo(manager).BuildAsync();
            var admin = await data.User("Kim", "Tran").Administrator().BuildAsync();
            var id = await data.Evaluation(supervisor.Employee, evaluator: manager, reviewer: admin).AtStep(EvaluationStep.Approved).BuildAsync();

            var error = await Assert.ThrowsAnyAsync<Exception>(() => data.InScopeAsync(async services =>
            {
                await services.GetRequiredService<GenerateEvaluationPacketJob>().ExecuteAsync(id, 1, CancellationToken.None);
                return 0;
            }));
            Assert.Contains("Packet v1", error.Message, StringComparison.Ordinal);
            await using (var db = factory.CreateDbContext())
            {
                var copies = await db.Set<PacketCopy>().Where(c => c.PacketVersion!.EvaluationId == id).ToListAsync();
                Assert.Equal(2, copies.Count);
                Assert.All(copies, c => Assert.Equal((PacketCopyStatus.Failed, 1, (int?)null), (c.Status, c.Attempts, c.DocumentId)));
                Assert.All(copies, c => Assert.False(string.IsNullOrWhiteSpace(c.Error)));
                Assert.Equal(0, await db.Documents.CountAsync());
            }
            // Retried on purpose: Hangfire runs it again later.
            var method = typeof(GenerateEvaluationPacketJob).GetMethod(nameof(GenerateEvaluationPacketJob.ExecuteAsync))!;
            var retry = (Hangfire.AutomaticRetryAttribute)Attribute.GetCustomAttribute(method, typeof(Hangfire.AutomaticRetryAttribute))!;
            Assert.True(retry.Attempts > 0);
            // The manager sees the failure instead of a link that never appears.
            var page = await (await factory.SignedInClientAsync(manager.Email, Infrastructure.Builders.TestData.Password)).GetDocumentAsync($"/evaluations/{id}");
            Assert.Contains("Could not be generated", page.QuerySelector("#packets")!.TextContent);
        }
        finally
        {
            var cs = factory.ConnectionString;
            await factory.DisposeAsync();
            await TestDatabases.DropAsync(cs);
        }
    }
}
