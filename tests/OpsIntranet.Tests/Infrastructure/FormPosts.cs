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
        // Fields read from a page's form already carry its token; a second one would make the pair invalid.
        if (!all.Any(f => f.Key == "__RequestVerificationToken")) all.Add(new("__RequestVerificationToken", token ?? await client.TokenAsync()));
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>The form on the page that has a field of this name.</summary>
    public static IElement FormWith(this IDocument page, string fieldName) =>
        page.QuerySelectorAll("form[method=post]").FirstOrDefault(f => f.QuerySelector($"[name='{fieldName}']") is not null)
        ?? throw new InvalidOperationException($"No form on the page has a field named {fieldName}.");

    /// <summary>What a browser would post from this form as it stands (hidden tokens included), with some fields set.</summary>
    public static List<KeyValuePair<string, string>> Fields(this IElement form, params (string Key, string Value)[] set)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            var type = input.GetAttribute("type");
            if (type is "checkbox" or "radio" && !input.HasAttribute("checked")) continue;
            if (type is "submit" or "file") continue;
            var value = input.TagName switch
            {
                "TEXTAREA" => input.TextContent,
                "SELECT" => (input.QuerySelector("option[selected]") ?? input.QuerySelector("option"))?.GetAttribute("value") ?? "",
                _ => input.GetAttribute("value") ?? "",
            };
            fields.Add(new(name, value));
        }
        foreach (var (key, value) in set)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }
        return fields;
    }

    /// <summary>Where the form posts: its action, or the page it is on.</summary>
    public static string Action(this IElement form, string pageUrl) => form.GetAttribute("action") is { Length: > 0 } action ? action : pageUrl;

    /// <summary>The Version a record's page carries in its forms.</summary>
    public static string Version(this IDocument page) =>
        page.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? throw new InvalidOperationException("The page has no form with a Version.");

    public static string Text(this IDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");
}
