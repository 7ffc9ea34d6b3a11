using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using OpsIntranet.Core.Scorecards;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// A page's rendered parts kept per data version and viewer scope, so a page whose data did not change is
/// served without its queries and without rendering it again. The page looks its parts up first
/// (<see cref="LookupAsync"/>, one primary-key read of the version) and loads its data only on a miss; the view
/// wraps each part in <c>&lt;cached-part&gt;</c>, which writes the kept HTML or renders and keeps it. A part may hold
/// forms: their antiforgery token is kept as a marker and replaced by the current request's own token on every use
/// (<see cref="CachedPartTagHelper"/>). Flash messages, a form's errors shown again and the layout (signed-in name,
/// storm banner) stay outside and are rendered on every request. The key the page gives must carry everything
/// the parts depend on besides the data version: the viewer's scope or user id, the route values, the query string,
/// today's date.
/// </summary>
public sealed class PageCache(ScorecardCache cache)
{
    public async Task<CachedPage> LookupAsync(CachedRead read, string key, CancellationToken ct, params string[] parts) =>
        Lookup(await cache.VersionAsync(ct), read, key, parts);

    /// <summary>The data version, for a page that looks up several parts keyed differently (one read per request).</summary>
    public Task<string> VersionAsync(CancellationToken ct) => cache.VersionAsync(ct);

    public CachedPage Lookup(string version, CachedRead read, string key, params string[] parts)
    {
        var slot = cache.At<string>(version, read, key);
        var found = parts.Select(p => (p, slot.Part<string>(p))).ToList();
        var complete = found.All(f => f.Item2 is not null);
        return new CachedPage(read, slot, complete ? found.ToDictionary(f => f.p, f => f.Item2!) : null, complete ? slot.Part<string>(TitlePart) : null);
    }

    internal const string TitlePart = "title";
}

/// <summary>A page's parts at one data version: all of them (a hit) or none (render and keep).</summary>
public sealed class CachedPage(CachedRead read, CacheSlot<string> slot, IReadOnlyDictionary<string, string>? parts, string? title)
{
    /// <summary>Every part the page asked for is kept: the page skips loading its data.</summary>
    public bool IsHit => parts is not null;

    public string? Title => title;

    internal string? Get(string part) => parts?.GetValueOrDefault(part);

    internal void Store(string part, string html, string? title)
    {
        slot.Store(html, part);
        if (title is not null) slot.Store(title, PageCache.TitlePart);
    }

    /// <summary>Loads the page's data on a miss, marked as this read so the dependency test sees every query it sends.</summary>
    public Task LoadAsync(Func<Task> load) => ScorecardCache.ComputeAsync(read, async () => { await load(); return true; });
}

/// <summary>
/// <c>&lt;cached-part page="@Model.Cached" name="body"&gt;…&lt;/cached-part&gt;</c>: on a hit writes the kept HTML
/// and never runs its content (which would read the page's unloaded data); on a miss renders the content once and keeps it.
/// A page that is not looked up (null: a post shown again with its errors) renders the content and keeps nothing.
/// </summary>
/// <remarks>
/// An antiforgery token is valid only with the cookie and the user it was made for, so a kept part never holds one:
/// the rendered token is replaced by <see cref="TokenMarker"/> before the part is kept, and the marker by the current
/// request's token (the one its forms would have had) whenever the part is written, on a miss as on a hit.
/// </remarks>
[HtmlTargetElement("cached-part")]
public sealed class CachedPartTagHelper(IAntiforgery antiforgery, Microsoft.Extensions.Options.IOptions<AntiforgeryOptions> options) : TagHelper
{
    /// <summary>Starts with "&lt;", which Razor always encodes in text it writes, so no value shown on a page can imitate it.</summary>
    internal const string TokenMarker = "<!--kept-antiforgery-token-->";

    [HtmlAttributeName("page")] public CachedPage? Page { get; set; }

    [HtmlAttributeName("name")] public string Name { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        if (Page?.Get(Name) is { } kept)
        {
            if (Page.Title is { } title) ViewContext.ViewData["Title"] = title;
            output.Content.SetHtmlContent(WithThisRequestsToken(kept));
            return;
        }
        var content = await output.GetChildContentAsync();
        var html = content.GetContent();
        // Only a page shown as it is (not a 422 with a form's errors, not an error page) is kept.
        if (Page is not null && ViewContext.HttpContext.Response.StatusCode == StatusCodes.Status200OK)
        {
            var withMarker = WithoutToken(html);
            Page.Store(Name, withMarker, ViewContext.ViewData["Title"] as string);
            html = WithThisRequestsToken(withMarker);
        }
        output.Content.SetHtmlContent(new HtmlString(html));
    }

    /// <summary>The part as it may be kept: every copy of this request's token (one per form, all the same value) made the marker.</summary>
    private string WithoutToken(string html)
    {
        // Asking for tokens sets the cookie and no-cache headers: only a part that has a form does (the form did already).
        if (options.Value.FormFieldName is not { } field || !html.Contains(field, StringComparison.Ordinal)) return html;
        var token = antiforgery.GetAndStoreTokens(ViewContext.HttpContext).RequestToken;
        return string.IsNullOrEmpty(token) ? html : html.Replace(token, TokenMarker, StringComparison.Ordinal);
    }

    private string WithThisRequestsToken(string kept) =>
        kept.Contains(TokenMarker, StringComparison.Ordinal)
            ? kept.Replace(TokenMarker, antiforgery.GetAndStoreTokens(ViewContext.HttpContext).RequestToken, StringComparison.Ordinal)
            : kept;
}
