using System.Net;
using Microsoft.EntityFrameworkCore;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Web.Metrics;

public class MetricDefinitionTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<int> UnitAsync(string code)
    {
        await using var db = app.Factory.CreateDbContext();
        return await db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(url);
        var data = new Dictionary<string, string>();
        foreach (var input in page.QuerySelector("main form[method=post]:not(.d-inline)")!.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            if (input.GetAttribute("type") == "checkbox") { if (input.HasAttribute("checked")) data[name] = "true"; continue; }
            data[name] = input.TagName switch
            {
                "TEXTAREA" => input.TextContent,
                "SELECT" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? input.QuerySelector("option")?.GetAttribute("value") ?? "",
                _ => input.GetAttribute("value") ?? "",
            };
        }
        foreach (var (k, v) in fields) data[k] = v;
        return await client.PostAsync(url, new FormUrlEncodedContent(data));
    }

    [Fact]
    public async Task Create_BadInput_ShowsEachMessage_ThenAValidMetricAppearsOnTheMonthlyForm()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var unit = await UnitAsync("ES");
        var url = $"/units/{unit}/metrics/new";
        var bad = await PostFormAsync(client, url, new()
        {
            ["Input.Name"] = "", ["Input.Code"] = "Bad Code!", ["Input.UnitOfMeasure"] = "1", ["Input.Direction"] = "0", ["Input.Decimals"] = "1",
            ["Input.MinValue"] = "50", ["Input.MaxValue"] = "10", ["Input.Target[2027]"] = "120",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.ParseAsync();
        Assert.Contains("Give the metric a name.", page.QuerySelector("#Name-error")!.TextContent);
        Assert.Contains("lower-case letters", page.QuerySelector("#Code-error")!.TextContent);
        Assert.Contains("below the lowest", page.QuerySelector("#MaxValue-error")!.TextContent);
        Assert.Contains("between 0 and 100", page.QuerySelector("#Target2027-error")!.TextContent);

        var ok = await PostFormAsync(client, url, new()
        {
            ["Input.Name"] = "Heat-pump <b>rebates</b>", ["Input.Code"] = "heat_pump_rebates", ["Input.UnitOfMeasure"] = "1", ["Input.Direction"] = "0",
            ["Input.Decimals"] = "1", ["Input.MinValue"] = "0", ["Input.MaxValue"] = "100", ["Input.Target[2027]"] = "60", ["Input.Tolerance[2027]"] = "5",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var list = await client.GetAsync($"/units/{unit}/metrics");
        Assert.Contains("Heat-pump &lt;b&gt;rebates&lt;/b&gt;", await list.Content.ReadAsStringAsync());

        var manager = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        var form = await manager.GetDocumentAsync($"/units/{unit}/months/2026-10");
        Assert.NotNull(form.QuerySelector("tr[data-metric=heat_pump_rebates]"));
    }

    [Fact]
    public async Task Deactivate_RemovesItFromTheFormButKeepsHistory_AndDeleteIsRefusedWhenThereIsData()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.ManagerB);
        var unit = await UnitAsync("CUS");
        await using var db = app.Factory.CreateDbContext();
        var metric = await db.MetricDefinitions.SingleAsync(m => m.UnitId == unit && m.Code == "deposit_reviews");
        var page = await client.GetDocumentAsync($"/units/{unit}/metrics");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        async Task<HttpResponseMessage> Post(string handler) => await client.PostAsync($"/units/{unit}/metrics/{handler}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["metricId"] = metric.Id.ToString() }));

        Assert.Equal(HttpStatusCode.Redirect, (await Post("Delete")).StatusCode);
        Assert.Contains("cannot be deleted", (await client.GetDocumentAsync($"/units/{unit}/metrics")).QuerySelector(".alert-warning")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await Post("Deactivate")).StatusCode);

        var october = await client.GetDocumentAsync($"/units/{unit}/months/2026-10");
        Assert.Null(october.QuerySelector("tr[data-metric=deposit_reviews]"));
        // A past scorecard still shows the retired metric with its value.
        var pdfPage = await client.GetDocumentAsync($"/units/{unit}?month=2026-09");
        Assert.NotNull(pdfPage.QuerySelector("tr[data-metric=deposit_reviews]"));
        Assert.True(await db.MetricValues.AnyAsync(v => v.MetricDefinitionId == metric.Id));
    }

    [Fact]
    public async Task Reorder_MovesAMetricUp()
    {
        var client = await app.Factory.SignedInClientAsync(DemoUsers.Administrator);
        var unit = await UnitAsync("TRN");
        var page = await client.GetDocumentAsync($"/units/{unit}/metrics");
        var before = page.QuerySelectorAll("tr[data-metric]").Select(r => r.GetAttribute("data-metric")).ToList();
        await using var db = app.Factory.CreateDbContext();
        var second = await db.MetricDefinitions.SingleAsync(m => m.UnitId == unit && m.Code == before[1]);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.PostAsync($"/units/{unit}/metrics/Up", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["metricId"] = second.Id.ToString() }));
        var after = (await client.GetDocumentAsync($"/units/{unit}/metrics")).QuerySelectorAll("tr[data-metric]").Select(r => r.GetAttribute("data-metric")).ToList();
        Assert.Equal([before[1], before[0], .. before.Skip(2)], after);
    }

    [Theory]
    [InlineData(DemoUsers.UccSupervisor, "UCC")]
    [InlineData(DemoUsers.ManagerA, "CC")]
    [InlineData(DemoUsers.Leadership, "UCC")]
    public async Task MetricPages_WithoutTheRight_Are404(string email, string unitCode)
    {
        var client = await app.Factory.SignedInClientAsync(email);
        var unit = await UnitAsync(unitCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/units/{unit}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/units/{unit}/metrics/new")).StatusCode);
    }
}
