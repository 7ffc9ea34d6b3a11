using System.Collections.Concurrent;
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
public sealed class PageCache(ScorecardCache cache) : IDisposable
{
    /// <summary>
    /// Pages being rendered after a miss in this app, by versioned key. A request that misses a key another request is
    /// already rendering waits for that one's parts instead of loading and rendering the same page again: on the morning
    /// everyone opens the dashboard, and at every new data version, a page is made once rather than once per request
    /// that arrives before the first is done.
    /// </summary>
    private ConcurrentDictionary<string, TaskCompletionSource> Rendering => cache.InFlight.Renders;

    /// <summary>
    /// How long a request waits for another's render before making the page itself. The one rendering always lets go
    /// (its parts stored, or its request over), so this only bounds a render slower than any page should be.
    /// </summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>The keys this request is rendering (it never waits for itself when it looks one up again).</summary>
    private readonly Dictionary<string, TaskCompletionSource> _rendering = [];

    public async Task<CachedPage> LookupAsync(CachedRead read, string key, CancellationToken ct, params string[] parts) =>
        await LookupAsync(await cache.VersionAsync(ct), read, key, ct, parts);

    /// <summary>The data version, for a page that looks up several parts keyed differently (one read per request).</summary>
    public Task<string> VersionAsync(CancellationToken ct) => cache.VersionAsync(ct);

    /// <summary>
    /// The page's parts at a version already read: all of them (a hit), or none, in which case this request renders
    /// them, first waiting for another request that is rendering the same key already.
    /// </summary>
    public async Task<CachedPage> LookupAsync(string version, CachedRead read, string key, CancellationToken ct, params string[] parts)
    {
        var slot = cache.At<string>(version, read, key);
        if (Kept(read, slot, parts) is { } hit) return hit;
        if (_rendering.ContainsKey(slot.Key)) return new CachedPage(read, slot, parts, null);
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Rendering.GetOrAdd(slot.Key, mine);
        if (running == mine)
        {
            _rendering[slot.Key] = mine;
            return new CachedPage(read, slot, parts, () => Release(slot.Key));
        }
        try
        {
            await running.Task.WaitAsync(LongestWait, ct);
        }
        catch (TimeoutException)
        {
            // Slower than any page should be: render it here rather than keep the reader waiting.
        }
        return Kept(read, slot, parts) ?? new CachedPage(read, slot, parts, null);
    }

    private static CachedPage? Kept(CachedRead read, CacheSlot<string> slot, string[] parts)
    {
        var found = new Dictionary<string, KeptPart>(parts.Length);
        foreach (var part in parts)
        {
            if (slot.Part<KeptPart>(part) is not { } kept) return null;
            found[part] = kept;
        }
        return new CachedPage(read, slot, found, slot.Part<string>(TitlePart));
    }

    private void Release(string key)
    {
        if (!_rendering.Remove(key, out var done)) return;
        Rendering.TryRemove(new KeyValuePair<string, TaskCompletionSource>(key, done));
        done.TrySetResult();
    }

    /// <summary>At the end of the request: a render that kept nothing (a 404, a redirect, an error) lets the waiting requests go too.</summary>
    public void Dispose()
    {
        foreach (var key in _rendering.Keys.ToList()) Release(key);
    }

    internal const string TitlePart = "title";
}

/// <summary>A page's parts at one data version: all of them (a hit) or none (render and keep).</summary>
public sealed class CachedPage
{
    private readonly CachedRead _read;
    private readonly CacheSlot<string> _slot;
    private readonly IReadOnlyDictionary<string, KeptPart>? _parts;
    private readonly HashSet<string>? _toStore;
    private readonly Action? _allStored;

    /// <summary>A hit: every part kept.</summary>
    internal CachedPage(CachedRead read, CacheSlot<string> slot, IReadOnlyDictionary<string, KeptPart> parts, string? title) =>
        (_read, _slot, _parts, Title) = (read, slot, parts, title);

    /// <summary>A miss: the parts are rendered and kept; <paramref name="allStored"/> lets go of the render once every one is.</summary>
    internal CachedPage(CachedRead read, CacheSlot<string> slot, string[] parts, Action? allStored) =>
        (_read, _slot, _toStore, _allStored) = (read, slot, [.. parts], allStored);

    /// <summary>Every part the page asked for is kept: the page skips loading its data.</summary>
    public bool IsHit => _parts is not null;

    public string? Title { get; }

    internal KeptPart? Get(string part) => _parts?.GetValueOrDefault(part);

    internal void Store(string part, KeptPart kept, string? title)
    {
        // The title first: a request waiting for this render finds the page complete only once its last part is in.
        if (title is not null) _slot.Store(title, PageCache.TitlePart);
        _slot.StorePart(kept, part, kept.Length);
        if (_toStore is not null && _toStore.Remove(part) && _toStore.Count == 0) _allStored?.Invoke();
    }

    /// <summary>Loads the page's data on a miss, marked as this read so the dependency test sees every query it sends.</summary>
    public Task LoadAsync(Func<Task> load) => ScorecardCache.ComputeAsync(_read, async () => { await load(); return true; });
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
            var made = KeptPart.Of(WithoutToken(html));
            Page.Store(Name, made, ViewContext.ViewData["Title"] as string);
            output.Content.SetHtmlContent(WithThisRequestsToken(made));
            return;
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

    private IHtmlContent WithThisRequestsToken(KeptPart kept) =>
        kept.With(kept.HasForms ? antiforgery.GetAndStoreTokens(ViewContext.HttpContext).RequestToken : null);
}

/// <summary>
/// A kept part's HTML, cut where its forms' antiforgery token goes. Each use writes the pieces with the request's token
/// between them straight to the response: a page of a hundred forms (the report subscriptions, 190 KB) would otherwise
/// be copied into a new string on every request, a large-object allocation each time.
/// </summary>
internal sealed class KeptPart
{
    private readonly string[] _pieces;

    private KeptPart(string[] pieces) => _pieces = pieces;

    public static KeptPart Of(string html) => new(html.Split(CachedPartTagHelper.TokenMarker));

    /// <summary>Whether the part holds a form (somewhere a token goes).</summary>
    public bool HasForms => _pieces.Length > 1;

    /// <summary>Characters kept, for the cache's weighing of large entries.</summary>
    public int Length => _pieces.Sum(p => p.Length);

    public IHtmlContent With(string? token) => _pieces.Length == 1 ? new HtmlString(_pieces[0]) : new WithToken(_pieces, token ?? "");

    private sealed class WithToken(string[] pieces, string token) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder)
        {
            writer.Write(pieces[0]);
            for (var i = 1; i < pieces.Length; i++)
            {
                writer.Write(token);
                writer.Write(pieces[i]);
            }
        }
    }
}
