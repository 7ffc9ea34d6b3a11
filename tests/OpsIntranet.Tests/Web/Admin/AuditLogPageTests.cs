using OpsIntranet.Core.Audit;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Admin;

public class AuditLogPageTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task AuditLog_ShowsPlainWords_InRowsAndFilters_AndFiltersByTheStoredNames()
    {
        await using (var db = app.Factory.CreateDbContext())
        {
            db.AuditEntries.Add(new AuditEntry { At = TestClock.Now, UserName = "Audit Test", Action = AuditAction.StepTaken, RecordType = AuditRecords.LogEntry, RecordId = 4242, Detail = "addendum" });
            await db.SaveChangesAsync();
        }
        var kevin = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var page = await kevin.GetDocumentAsync("/admin/audit?RecordType=LogEntry&Action=StepTaken");

        var row = Assert.Single(page.QuerySelectorAll("#audit tbody tr"));
        var cells = row.Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Step taken", cells[2]);
        Assert.Equal("Performance log entry #4242", System.Text.RegularExpressions.Regex.Replace(cells[3], @"\s+", " "));
        // The filters read the same way and keep the stored names as their values.
        var record = page.QuerySelector("#RecordType option[selected]")!;
        Assert.Equal(("LogEntry", "Performance log entry"), (record.GetAttribute("value"), record.TextContent.Trim()));
        var action = page.QuerySelector("#Action option[selected]")!;
        Assert.Equal(("StepTaken", "Step taken"), (action.GetAttribute("value"), action.TextContent.Trim()));
        var shown = page.QuerySelector("main")!.TextContent;
        foreach (var internalName in new[] { "StepTaken", "LogEntry" })
            Assert.DoesNotContain(internalName, shown);
    }
}
