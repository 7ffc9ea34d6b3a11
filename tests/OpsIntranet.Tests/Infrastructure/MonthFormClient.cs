using System.Net;
using AngleSharp.Dom;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>Drives the monthly form over HTTP as a browser would: reads its fields, changes some, posts a button.</summary>
public sealed class MonthFormClient(HttpClient client, int unitId, string month)
{
    public string Url => $"/units/{unitId}/months/{month}";

    public Task<IDocument> GetAsync() => client.GetDocumentAsync(Url);

    /// <summary>Posts the form with the given values (by metric code) and explanations; other fields keep what the page had.</summary>
    public async Task<HttpResponseMessage> PostAsync(string handler, IDictionary<string, string>? values = null, IDictionary<string, string>? explanations = null, IDocument? page = null)
    {
        page ??= await GetAsync();
        var form = page.QuerySelector("#month-form") ?? throw new InvalidOperationException("No month form on the page.");
        var fields = Fields(page, form);
        foreach (var row in form.QuerySelectorAll("tr[data-metric]"))
        {
            var code = row.GetAttribute("data-metric")!;
            var valueName = row.QuerySelector("input[name$='.Raw']")!.GetAttribute("name")!;
            var explanationName = row.QuerySelector("textarea")!.GetAttribute("name")!;
            if (values?.TryGetValue(code, out var v) == true) fields[valueName] = v;
            if (explanations?.TryGetValue(code, out var e) == true) fields[explanationName] = e;
        }
        return await client.PostAsync($"{Url}/{handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts one of the review forms (Approve, Return, Reopen) with an optional reason.</summary>
    public async Task<HttpResponseMessage> ReviewAsync(string handler, string? reason = null, IDocument? page = null)
    {
        page ??= await GetAsync();
        var form = page.QuerySelectorAll("form").FirstOrDefault(f => (f.GetAttribute("action") ?? "").EndsWith("/" + handler, StringComparison.OrdinalIgnoreCase));
        var fields = form is null
            // The button is not shown to this user: post what a hand-made request would.
            ? new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page), ["Version"] = page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? "0" }
            : Fields(page, form);
        if (reason is not null) fields["Reason"] = reason;
        return await client.PostAsync($"{Url}/{handler}", new FormUrlEncodedContent(fields));
    }

    private static Dictionary<string, string> Fields(IDocument page, IElement form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name]"))
        {
            var name = input.GetAttribute("name")!;
            fields[name] = input.TagName == "TEXTAREA" ? input.TextContent : input.GetAttribute("value") ?? "";
        }
        if (!fields.ContainsKey("__RequestVerificationToken")) fields["__RequestVerificationToken"] = Token(page);
        return fields;
    }

    private static string Token(IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? throw new InvalidOperationException("No antiforgery token on the page.");

    public static void AssertRedirect(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect after a successful post, got {(int)response.StatusCode}.");
}
