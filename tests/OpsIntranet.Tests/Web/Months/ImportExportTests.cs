using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Months;

public class ImportExportTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string TrnSupervisor = "hannah.lindqvist@cityutility.example";

    private async Task<int> UnitAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int unit, byte[] content, string fileName = "values.csv")
    {
        var page = await client.GetDocumentAsync($"/units/{unit}/import");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await client.PostAsync($"/units/{unit}/import", form);
    }

    private async Task<long> ValueCountAsync(string unitCode)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.MetricValues.LongCountAsync(v => v.Submission!.Unit!.Code == unitCode);
    }

    [Fact]
    public async Task Import_ValidFileOfTwoMonths_SavesDraftsWithTheTrail()
    {
        var client = await app.Factory.SignedInClientAsync(TrnSupervisor);
        var unit = await UnitAsync("TRN");
        var template = await client.GetAsync($"/units/{unit}/import/Template?month=2026-10");
        var templateText = await template.Content.ReadAsStringAsync();
        Assert.StartsWith("month,metric_code,value,explanation", templateText);
        Assert.Contains("2026-10,completion,,", templateText);

        // October is not started in the demo; the test also reopens nothing, so use October only plus a reopened September.
        var manager = new MonthFormClient(await app.Factory.SignedInClientAsync(DemoUsers.ManagerA), unit, "2026-09");
        MonthFormClient.AssertRedirect(await manager.ReviewAsync("Reopen", "Re-import from the LMS"));
        var csv = "month,metric_code,value,explanation\r\n" +
                  "2026-10,training_hours,\"1,310\",\r\n2026-10,onboarded,7,\r\n2026-10,completion,93.5,\"Two courses, late\"\r\n2026-10,assessment,86,\r\n" +
                  "2026-09,training_hours,1200,\r\n";
        var response = await UploadAsync(client, unit, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Imported 5 values for 2 months", (await response.ParseAsync()).QuerySelector("#import-result")!.TextContent);

        await using var db = app.Factory.CreateDbContext();
        var october = await db.MetricSubmissions.Include(s => s.Values).Include(s => s.Events).SingleAsync(s => s.UnitId == unit && s.Month == new DateOnly(2026, 10, 1));
        Assert.Equal(SubmissionStatus.Draft, october.Status);
        Assert.Equal(4, october.Values.Count);
        Assert.Contains(october.Values, v => v.Value == 1310m);
        Assert.Contains(october.Values, v => v.Explanation == "Two courses, late");
        Assert.Contains(october.Events, e => e.Action == SubmissionAction.Imported && e.UserName == "Hannah Lindqvist");
        var september = await db.MetricSubmissions.SingleAsync(s => s.UnitId == unit && s.Month == new DateOnly(2026, 9, 1));
        Assert.Equal(SubmissionStatus.Returned, september.Status);
        Assert.True(await db.MetricValueChanges.AnyAsync(c => c.SubmissionId == september.Id && c.Source == "import" && c.NewValue == 1200m));
    }

    [Fact]
    public async Task Import_RowErrors_AreListedByRowNumber_AndNothingIsSaved()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor);
        var unit = await UnitAsync("WIU");
        var before = await ValueCountAsync("WIU");
        var csv = "month,metric_code,value,explanation\n" +
                  "2026-10,avg_wait,9.5,\n" +          // row 2 fine
                  "2026-13,avg_wait,9.5,\n" +          // row 3 bad month
                  "2026-10,no_such_metric,1,\n" +      // row 4 unknown metric
                  "2026-10,served_15,101,\n" +         // row 5 percent over 100
                  "2026-10,avg_wait,9.6,\n" +          // row 6 duplicate
                  "2026-12,payments,5,\n" +            // row 7 month not ended
                  "2026-09,payments,5,\n";             // September is approved: locked
        var response = await UploadAsync(client, unit, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        var errors = page.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent).ToList();
        Assert.Contains(errors, e => e.StartsWith("Row 3:", StringComparison.Ordinal) && e.Contains("is not a month", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Row 4:", StringComparison.Ordinal) && e.Contains("not an active metric", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Row 5:", StringComparison.Ordinal) && e.Contains("between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Row 6:", StringComparison.Ordinal) && e.Contains("appears twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Row 7:", StringComparison.Ordinal) && e.Contains("has not ended", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("September 2026 is approved", StringComparison.Ordinal));
        Assert.Contains("nothing was imported", page.QuerySelector("#import-result")!.TextContent);
        Assert.Equal(before, await ValueCountAsync("WIU"));
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "empty", [], "The file is empty." },
        { "header only", Encoding.UTF8.GetBytes("month,metric_code,value,explanation\n"), "has a header but no values" },
        { "wrong columns", Encoding.UTF8.GetBytes("date,metric,amount\n2026-10,avg_wait,9\n"), "The first row must name the columns" },
        { "bad encoding", [0x6D, 0x6F, 0x6E, 0x74, 0x68, 0xFF, 0xFE, 0xC3, 0x28, 0x0A], "not UTF-8" },
        { "binary", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00], "binary data" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Import_MalformedFile_GetsAClearMessage(string what, byte[] content, string message)
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var response = await UploadAsync(client, await UnitAsync("UCC"), content);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{what}: {(int)response.StatusCode}");
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector("#import-result")!.TextContent);
    }

    [Fact]
    public async Task Import_HugeFile_IsRefusedWithAClearMessage()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        var huge = new byte[MetricImportService.MaxBytes + 1024];
        Array.Fill(huge, (byte)'a');
        var response = await UploadAsync(client, await UnitAsync("UCC"), huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 20 MB", (await response.ParseAsync()).QuerySelector("#file-error")!.TextContent);
    }

    [Fact]
    public async Task Import_IsForTheUnitsOwnPeopleOnly()
    {
        var supervisor = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/units/{await UnitAsync("CC")}/import")).StatusCode);
        var leadership = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        Assert.Equal(HttpStatusCode.NotFound, (await leadership.GetAsync($"/units/{await UnitAsync("UCC")}/import")).StatusCode);
    }

    [Fact]
    public async Task Export_CsvAndExcel_HoldTheUnitsHistory()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var unit = await UnitAsync("CC");
        await using var db = app.Factory.CreateDbContext();
        var expected = await db.MetricValues.CountAsync(v => v.Submission!.UnitId == unit);

        var csv = await client.GetAsync($"/units/{unit}/ExportCsv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("month,fiscal_year,metric_code,metric,unit_of_measure,value,target,tolerance,status,submission,explanation", lines[0]);
        Assert.Equal(expected, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("2026-09,FY2026,collection_rate,Collection rate,%,", StringComparison.Ordinal));

        var xlsx = await client.GetAsync($"/units/{unit}/ExportXlsx");
        using var zip = new ZipArchive(await xlsx.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = System.Xml.Linq.XDocument.Parse(await reader.ReadToEndAsync());
        var ns = sheet.Root!.Name.Namespace;
        Assert.Equal(expected + 1, sheet.Descendants(ns + "row").Count());

        var outside = await app.Factory.SignedInClientAsync(DemoUsers.UccSupervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/units/{unit}/ExportCsv")).StatusCode);
    }

    [Fact]
    public async Task Import_UnterminatedQuote_IsRefusedWithItsRowNumber_AndNothingIsSaved()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.WalkInSupervisor);
        var unit = await UnitAsync("WIU");
        var before = await ValueCountAsync("WIU");
        // Row 3 opens a quote that never closes: without the check, rows 4 and 5 would vanish into its explanation.
        var csv = "month,metric_code,value,explanation\n" +
                  "2026-10,avg_wait,9.5,\n" +
                  "2026-10,served_15,80,\"Two windows closed\n" +
                  "2026-10,payments,5,\n" +
                  "2026-10,avg_transaction,7,\n";
        var response = await UploadAsync(client, unit, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        var errors = page.QuerySelectorAll("[data-testid=import-errors] li").Select(li => li.TextContent).ToList();
        Assert.Contains(errors, e => e.StartsWith("Row 3:", StringComparison.Ordinal) && e.Contains("quote", StringComparison.Ordinal));
        Assert.Contains("nothing was imported", page.QuerySelector("#import-result")!.TextContent);
        Assert.Equal(before, await ValueCountAsync("WIU"));
    }

    [Fact]
    public async Task Export_Excel_WithCharactersXmlCannotCarry_StillOpens()
    {
        var unit = await UnitAsync("ES");
        await using var db = app.Factory.CreateDbContext();
        // Stored before input refused such characters (or by a SQL fix): the export must survive them.
        var value = await db.MetricValues.Where(v => v.Submission!.UnitId == unit).OrderBy(v => v.Id).FirstAsync();
        value.Explanation = "Rebates\uFFFF late\uFFFE, audit\u0001 backlog cleared";
        await db.SaveChangesAsync();

        var client = await app.Factory.SignedInClientAsync(DemoUsers.Leadership);
        var xlsx = await client.GetAsync($"/units/{unit}/ExportXlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var zip = new ZipArchive(await xlsx.Content.ReadAsStreamAsync());
        var texts = new List<string>();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            // Every part must be well-formed XML, as Excel reads it.
            using var reader = System.Xml.XmlReader.Create(entry.Open(), new System.Xml.XmlReaderSettings { CheckCharacters = true });
            while (reader.Read())
                if (reader.NodeType == System.Xml.XmlNodeType.Text && entry.FullName == "xl/worksheets/sheet1.xml") texts.Add(reader.Value);
        }
        Assert.Contains("Rebates late, audit backlog cleared", texts);
    }

    [Fact]
    public void Csv_Escape_NeutralisesSpreadsheetFormulas()
    {
        Assert.Equal("'=HYPERLINK(\"\"x\"\")", Csv.Escape("=HYPERLINK(\"x\")").Trim('"'));
        Assert.Equal("-5", Csv.Escape("-5"));
        Assert.Equal("\"a, b\"", Csv.Escape("a, b"));
    }
}
