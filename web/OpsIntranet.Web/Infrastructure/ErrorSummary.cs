using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// The summary at the top of a page shown again with errors: every message the page shows next to a
/// field becomes a link, named by the field's label, to the field itself. It is read from the rendered
/// page rather than from the page models, because pages name their fields in several ways (tag-helper
/// ids, radio groups, one row per metric, ModelState) and only the markup knows which field a message
/// belongs to and what its label says. The layout applies it, so every form gets it without page code.
/// </summary>
public static partial class ErrorSummary
{
    public const string Id = "error-summary";
    private const string Fields = "input:not([type=hidden]), select, textarea";
    private const string BannerAttribute = "id=\"form-error\"";

    public sealed record Entry(string? FieldId, string? Label, string Message, string? DescribedBy);

    /// <summary>The page body, with the summary added when the response reports bad input.</summary>
    public static IHtmlContent WithErrorSummary(this IHtmlHelper html, IHtmlContent body)
    {
        var context = html.ViewContext;
        if (context.HttpContext.Response.StatusCode < 400 && context.ModelState.IsValid) return body;
        using var writer = new StringWriter();
        body.WriteTo(writer, HtmlEncoder.Default);
        var page = writer.ToString();
        // An invalid ModelState alone does not mean the page shows an error: a GET whose query leaves out a
        // non-nullable property (the directory's Status) is "invalid" by the implicit [Required] and shows
        // nothing. Parsing every such page cost the directory a quarter of its throughput, so the parser
        // only runs when the markup holds a field message at all.
        return new HtmlString(MayShowFieldMessages(page) ? Add(page) : page);
    }

    /// <summary>Whether the page has any element a field message is written in (checked before parsing it).</summary>
    public static bool MayShowFieldMessages(string body) =>
        body.Contains("invalid-feedback", StringComparison.Ordinal) || body.Contains("field-validation-error", StringComparison.Ordinal);

    /// <summary>
    /// Puts the list of errors into the page's error banner (#form-error) when it has one, so the
    /// sentence and the fields are read together; otherwise adds a summary of its own under the heading.
    /// </summary>
    public static string Add(string body)
    {
        var entries = Read(body);
        if (entries.Count == 0) return body;
        var list = List(entries);
        var banner = body.IndexOf(BannerAttribute, StringComparison.Ordinal);
        if (banner >= 0)
        {
            var startTagEnd = body.IndexOf('>', banner);
            var close = body.IndexOf("</div>", startTagEnd, StringComparison.Ordinal);
            if (startTagEnd > 0 && close > 0)
                return body[..startTagEnd] + " tabindex=\"-1\" data-error-summary" + body[startTagEnd..close] + list + body[close..];
        }
        var summary = $"<div class=\"alert alert-danger\" role=\"alert\" id=\"{Id}\" tabindex=\"-1\" data-error-summary><p class=\"mb-0\">Some fields need attention:</p>{list}</div>";
        var heading = body.IndexOf("</h1>", StringComparison.Ordinal);
        return heading < 0 ? summary + body : body.Insert(heading + "</h1>".Length, summary);
    }

    /// <summary>Each field message of the page in page order, with the field it belongs to.</summary>
    public static IReadOnlyList<Entry> Read(string body)
    {
        var document = new HtmlParser().ParseDocument(body);
        var entries = new List<Entry>();
        foreach (var message in document.QuerySelectorAll(".invalid-feedback, .field-validation-error"))
        {
            var text = Text(message);
            if (text.Length == 0) continue;
            var field = FieldOf(document, message);
            var messageId = string.IsNullOrEmpty(message.Id) ? null : message.Id;
            var alreadyDescribed = messageId is not null && document.QuerySelectorAll("[aria-describedby]").Any(e => Tokens(e, "aria-describedby").Contains(messageId));
            entries.Add(new Entry(
                field is null || string.IsNullOrEmpty(field.Id) ? messageId : field.Id,
                field is null ? null : LabelOf(document, field),
                text,
                field is null || alreadyDescribed ? null : messageId));
        }
        return entries;
    }

    private static IElement? FieldOf(IDocument document, IElement message)
    {
        IElement? field = null;
        // A field (or a fieldset) that already names the message as its description.
        if (!string.IsNullOrEmpty(message.Id)
            && document.QuerySelectorAll("[aria-describedby]").FirstOrDefault(e => Tokens(e, "aria-describedby").Contains(message.Id)) is { } described)
            field = described.Matches(Fields) ? described : described.QuerySelector(Fields);
        // ASP.NET's validation message names the field it is for.
        if (field is null && message.GetAttribute("data-valmsg-for") is { Length: > 0 } name)
            field = document.QuerySelectorAll(Fields).FirstOrDefault(e => e.GetAttribute("name") == name);
        // Otherwise the field the message follows in its container: the one marked invalid, else the nearest.
        var container = message.ParentElement;
        for (var level = 0; field is null && container is not null && level < 3; level++, container = container.ParentElement)
        {
            var before = container.QuerySelectorAll(Fields).Where(e => e.CompareDocumentPosition(message).HasFlag(DocumentPositions.Following)).ToList();
            field = before.LastOrDefault(e => e.ClassList.Contains("is-invalid") || e.ClassList.Contains("input-validation-error")) ?? before.LastOrDefault();
        }
        // A group of radio buttons or checkboxes is reached through its first option.
        if (field?.GetAttribute("type") is "radio" or "checkbox" && field.GetAttribute("name") is { } group)
            field = ((IParentNode?)field.Closest("form") ?? document).QuerySelectorAll(Fields).First(e => e.GetAttribute("name") == group);
        return field;
    }

    private static string LabelOf(IDocument document, IElement field)
    {
        // A legend's own words name the group; its nested hints (a weight, "optional") would only lengthen the summary.
        if (field.GetAttribute("type") is "radio" or "checkbox" && field.Closest("fieldset")?.QuerySelector("legend") is { } legend)
            return Whitespace().Replace(string.Concat(legend.ChildNodes.OfType<IText>().Select(t => t.Data)), " ").Trim() is { Length: > 0 } own ? own : Text(legend);
        if (!string.IsNullOrEmpty(field.Id) && document.QuerySelectorAll("label").FirstOrDefault(l => l.GetAttribute("for") == field.Id) is { } label) return Text(label);
        if (field.Closest("label") is { } wrapping) return Text(wrapping);
        return field.GetAttribute("aria-label") ?? field.GetAttribute("name") ?? "";
    }

    private static string List(IReadOnlyList<Entry> entries)
    {
        var enc = HtmlEncoder.Default;
        var s = new StringBuilder("<ul class=\"error-summary-list mb-0 mt-1\">");
        foreach (var e in entries)
        {
            var text = enc.Encode(string.IsNullOrEmpty(e.Label) ? e.Message : $"{e.Label}: {e.Message}");
            if (e.FieldId is null) { s.Append("<li>").Append(text).Append("</li>"); continue; }
            s.Append("<li><a class=\"alert-link\" href=\"#").Append(enc.Encode(e.FieldId)).Append('"');
            if (e.DescribedBy is not null) s.Append(" data-describedby=\"").Append(enc.Encode(e.DescribedBy)).Append('"');
            s.Append('>').Append(text).Append("</a></li>");
        }
        return s.Append("</ul>").ToString();
    }

    private static string[] Tokens(IElement element, string attribute) =>
        (element.GetAttribute(attribute) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Text(IElement element) => Whitespace().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
