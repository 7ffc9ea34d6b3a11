using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>The markup every form repeats: a field's error message (with an id for aria-describedby) and its invalid class.</summary>
public static class FormHtml
{
    public static string InvalidClass(string? error) => error is null ? "" : "is-invalid";

    public static IHtmlContent FieldError(this IHtmlHelper html, string field, string? error)
    {
        if (error is null) return HtmlString.Empty;
        var enc = HtmlEncoder.Default;
        return new HtmlString($"<div class=\"invalid-feedback d-block\" id=\"{enc.Encode(field)}-error\">{enc.Encode(error)}</div>");
    }

    public static IHtmlContent Alerts(this IHtmlHelper html, string? message, string? error)
    {
        var enc = HtmlEncoder.Default;
        var s = "";
        if (message is not null) s += $"<div class=\"alert alert-success\" role=\"status\" id=\"flash\">{enc.Encode(message)}</div>";
        if (error is not null) s += $"<div class=\"alert alert-danger\" role=\"alert\" id=\"form-error\">{enc.Encode(error)}</div>";
        return new HtmlString(s);
    }

    /// <summary>What was just posted in a field, so a form shown again with an error keeps what was typed.</summary>
    public static string Posted(this IHtmlHelper html, string name)
    {
        var request = html.ViewContext.HttpContext.Request;
        return HttpMethods.IsPost(request.Method) && request.HasFormContentType ? request.Form[name].ToString() : "";
    }

    /// <summary>Free text as the author wrote it: encoded, with line breaks kept.</summary>
    public static IHtmlContent Prose(this IHtmlHelper html, string? text) =>
        text is null ? new HtmlString("<span class=\"text-body-secondary\">—</span>")
            : new HtmlString("<span class=\"prose\">" + HtmlEncoder.Default.Encode(text) + "</span>");
}
