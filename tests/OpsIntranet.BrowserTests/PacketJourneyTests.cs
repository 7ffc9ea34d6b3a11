using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OpsIntranet.Core.Evaluations;
using OpsIntranet.Tests.Infrastructure;
using OpsIntranet.Tests.Jobs;

namespace OpsIntranet.BrowserTests;

/// <summary>The documents a manager files: one evaluation's packet, then the packets of its whole cycle as a ZIP.</summary>
public class PacketJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_DownloadsAnApprovedEvaluationsPacket_ThenTheWholeCyclesZip()
    {
        // An evaluation the demo has approved, of someone whose file Maria keeps.
        int evaluationId, cycleId;
        string employee;
        await using (var db = app.Factory.CreateDbContext())
        {
            var maria = await db.Users.SingleAsync(u => u.Email == DemoUsers.ManagerA);
            var approved = await db.Evaluations.Where(e => e.EvaluatorUserId == maria.Id && e.Status >= EvaluationStatus.Approved)
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.CycleId, Name = e.Employee!.FirstName + " " + e.Employee.LastName }).FirstAsync();
            (evaluationId, cycleId, employee) = (approved.Id, approved.CycleId, approved.Name);
        }

        var page = await app.SignedInPageAsync(DemoUsers.ManagerA);
        await page.GotoAsync($"/evaluations/{evaluationId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(employee);
        // The version may still be waiting for its background job ("Download PDF now" renders it on the spot).
        var packet = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).First.ClickAsync());
        Assert.EndsWith(".pdf", packet.SuggestedFilename, StringComparison.Ordinal);
        var text = PdfText.Read(await File.ReadAllBytesAsync((await packet.PathAsync())!));
        Assert.Contains(employee, text.All);
        Assert.Contains("Version 1", text.All);

        // The cycle's packets as one ZIP: the job runs (here the test works the queue, as a worker would) while the page
        // keeps its progress bar moving by itself, then offers the ZIP.
        await page.GotoAsync($"/evaluations/cycles/{cycleId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate packets for the whole cycle" }).ClickAsync();
        await Assertions.Expect(page.Locator("progress")).ToBeVisibleAsync();
        Assert.Single(await PacketBatchQueue.PerformAsync(app.Factory.Services, app.Factory.ConnectionString));
        var zipLink = page.GetByRole(AriaRole.Link, new() { Name = "Download ZIP" });
        await Assertions.Expect(zipLink).ToBeVisibleAsync();
        await BrowserApp.AssertAccessibleAsync(page);

        var zip = await page.RunAndWaitForDownloadAsync(() => zipLink.ClickAsync());
        using var archive = ZipFile.OpenRead((await zip.PathAsync())!);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("manifest.csv", names);
        Assert.Contains(names, n => n.EndsWith(".pdf", StringComparison.Ordinal) && n.Contains('/', StringComparison.Ordinal));
        using var manifest = new StreamReader(archive.GetEntry("manifest.csv")!.Open());
        var lines = (await manifest.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A header and a line per packet: every PDF in the ZIP is listed with its hash.
        Assert.Equal(names.Count(n => n.EndsWith(".pdf", StringComparison.Ordinal)), lines.Length - 1 - lines.Count(l => l.Contains("failed", StringComparison.OrdinalIgnoreCase)));
    }
}
