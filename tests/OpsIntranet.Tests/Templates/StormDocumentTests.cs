using OpsIntranet.Core.Storm;
using OpsIntranet.Templates.Documents.StormLaborSummary;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Templates;

/// <summary>
/// The labor summary printed from a summary long enough to run over several pages: the table's header repeats on every
/// page, no person's block (their days and subtotal) is split from its rows, the totals add up, and the sign-off state
/// shows on every page.
/// </summary>
public sealed class StormDocumentTests : IAsyncLifetime
{
    private readonly PrinterFixture printer = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await printer.DisposeAsync();

    private static readonly DateTime Generated = new(2026, 11, 20, 10, 0, 0);

    /// <summary>
    /// <paramref name="people"/> people, each on days 1–3 of a storm starting Friday 23 October: 12 hours on day 1 and 2,
    /// and on day 3 a 7-hour stretch plus a 3-hour call-back; person n has n % 4 of day 3's hours set as overtime.
    /// </summary>
    private static LaborSummary Summary(int people, LaborSignOff? signed)
    {
        var rows = new List<LaborRow>();
        var id = 0;
        for (var n = 1; n <= people; n++)
        {
            var name = $"Worker{n:D2} Storm";
            for (var d = 0; d < 3; d++)
            {
                var day = new DateOnly(2026, 10, 23).AddDays(d);
                if (d < 2)
                    rows.Add(Row(++id, n, name, day, 7, 12, 12m, 0m));
                else
                {
                    rows.Add(Row(++id, n, name, day, 7, 7, 7m, 0m));
                    rows.Add(Row(++id, n, name, day, 20, 3, 3m - n % 4, n % 4));
                }
            }
        }
        var byPerson = rows.GroupBy(r => r.EmployeeId).Select(g => new LaborPerson(g.Key, g.First().Name, g.First().Position, g.First().Unit,
            g.GroupBy(r => r.Day).Select(d => new LaborDay(d.Key, d.Sum(r => r.Regular), d.Sum(r => r.Overtime))).ToList())).ToList();
        return new LaborSummary(7, "Hurricane Delia", StormKind.Hurricane, rows.Select(r => r.Day).Distinct().Order().ToList(), byPerson, rows, signed, 1, true);
    }

    private static LaborRow Row(int id, int person, string name, DateOnly day, int startHour, int hours, decimal regular, decimal overtime)
    {
        var start = StormTime.FromEastern(day, new TimeOnly(startHour, 0));
        return new LaborRow(id, person, name, "Customer Service Representative II", "Utility Contact Center", day, start, start.AddHours(hours), hours, regular, overtime, true, null, null, 1);
    }

    private async Task<(PdfText Text, StormLaborSummaryModel Model)> RenderAsync(LaborSummary summary, string name)
    {
        var model = StormLaborSummaryModel.From(summary, ["Utility Contact Center", "Walk-In Unit"], StormTime.FromEastern(new DateOnly(2026, 10, 22), new TimeOnly(12, 0)), Generated);
        var pdf = await printer.Renderer.RenderPdfAsync<StormLaborSummaryDocument>(model, model.PdfOptions);
        if (Environment.GetEnvironmentVariable("OPS_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, name), pdf);
        return (PdfText.Read(pdf), model);
    }

    [Fact]
    public async Task LaborSummary_OverSeveralPages_RepeatsTheHeader_KeepsEachPersonWhole_AndAddsUp()
    {
        // 30 people × 4 rows: several pages of the day table, then the totals.
        var (text, model) = await RenderAsync(Summary(30, null), "storm-labor-summary-unsigned.pdf");

        Assert.True(text.PageCount >= 3, $"Only {text.PageCount} pages.");
        Assert.All(text.Pages, p => Assert.Contains("NOT SIGNED OFF", p));
        Assert.Contains("City Utilities — Customer Operations Department", text.Pages[0]);
        Assert.Contains("Oct 23, 2026 – Oct 25, 2026", text.Pages[0]);
        // Every page that carries day rows starts them under the repeated header.
        var dayPages = text.Pages.Where(p => p.Contains("Total for Worker", StringComparison.Ordinal)).ToList();
        Assert.True(dayPages.Count >= 2);
        Assert.All(dayPages, p => Assert.Contains("Employee Position Date Time worked Regular Overtime Total", p));
        for (var n = 1; n <= 30; n++)
        {
            var name = $"Worker{n:D2} Storm";
            // The person's three day rows and their subtotal are on one page: the block was not cut.
            var page = Assert.Single(text.Pages, p => p.Contains($"Total for {name} (3 days)", StringComparison.Ordinal));
            foreach (var day in new[] { "Fri Oct 23, 2026", "Sat Oct 24, 2026", "Sun Oct 25, 2026" })
                Assert.Contains($"{name} Customer Service Representative II {day}", page);
            // Day 3: 7 + 3 hours, n % 4 of them overtime, in two stretches.
            var ot = n % 4;
            Assert.Contains($"{name} Customer Service Representative II Sun Oct 25, 2026 07:00–14:00, 20:00–23:00 {10 - ot}.00 {ot}.00 10.00", page);
        }
        // By hand: 30 people × 34 hours = 1,020; overtime (n % 4 over 1..30) 8 people with 1, 8 with 2, 7 with 3 = 8 + 16 + 21 = 45.
        Assert.Equal((975m, 45m, 1020m), (model.Regular, model.Overtime, model.Total));
        Assert.Contains("Grand total, 30 employees 90 975.00 45.00 1020.00", text.All);
    }

    [Fact]
    public async Task LaborSummary_Signed_NamesTheManagerAndDate_OnEveryPage()
    {
        var signedAt = StormTime.FromEastern(new DateOnly(2026, 10, 28), new TimeOnly(15, 0));
        var (text, _) = await RenderAsync(Summary(3, new LaborSignOff("Maria Alvarez", signedAt)), "storm-labor-summary-signed.pdf");

        Assert.All(text.Pages, p => Assert.Contains("Signed off by Maria Alvarez, Oct 28, 2026", p));
        Assert.DoesNotContain("NOT SIGNED OFF", text.All);
        Assert.Contains("Signed off by Maria Alvarez, Oct 28, 2026", text.Pages[0]);
        Assert.Contains("Signed off by Maria Alvarez Date Oct 28, 2026 3:00 PM ET", text.All);
        Assert.Contains("Grand total, 3 employees 9 96.00 6.00 102.00", text.All);
    }
}
