using AngleSharp.Dom;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>Posts forms over HTTP the way a browser does: with the antiforgery token of the signed-in session.</summary>
public static class FormPosts
{
    /// <summary>Every signed-in page has the sign-out form, so the home page always yields a token.</summary>
    public static async Task<string> TokenAsync(this HttpClient client)
    {
        var page = await client.GetDocumentAsync("/");
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No antiforgery token on the home page.");
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? token = null)
    {
        var all = fields.ToList();
        all.Add(new("__RequestVerificationToken", token ?? await client.TokenAsync()));
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>The Version a record's page carries in its forms.</summary>
    public static string Version(this IDocument page) =>
        page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? throw new InvalidOperationException("The page has no form with a Version.");

    public static string Text(this IDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");
}
