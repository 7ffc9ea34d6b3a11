using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Razor.TagHelpers;
using OpsIntranet.Core.Common;
using OpsIntranet.Core.Data;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Puts a one-time token in every form that posts, so the services that create records save one
/// record per form however often it is sent (<see cref="FormSubmissions"/>). A form shown again
/// after an error gets a new token; the refused attempt claimed nothing.
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class FormTokenTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var method = output.Attributes["method"]?.Value?.ToString() ?? context.AllAttributes["method"]?.Value?.ToString();
        if (!string.Equals(method, "post", StringComparison.OrdinalIgnoreCase)) return;
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{FormSubmissions.FieldName}\" value=\"{Guid.NewGuid():D}\" />");
    }
}

/// <summary>Hands the posted form token to the request's unit of work, where the create services claim it.</summary>
public sealed class FormTokenFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType) return;
        var user = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (Guid.TryParse(request.Form[FormSubmissions.FieldName], out var token) && int.TryParse(user, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId))
        {
            var services = context.HttpContext.RequestServices;
            services.GetRequiredService<AppDbContext>().SentForm = new SentForm(token, userId, services.GetRequiredService<TimeProvider>().GetUtcNow());
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
