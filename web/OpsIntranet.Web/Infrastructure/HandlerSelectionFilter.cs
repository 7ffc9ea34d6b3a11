using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// Razor Pages renders the page when no handler matches the request (a POST to a read-only page, an
/// unknown ?handler=), and runs the unnamed handler whatever name was asked for. Neither is a request
/// the page was written for: an unknown handler name answers 404, a known page or handler asked with
/// the wrong method answers 405 with the methods it does take.
/// </summary>
public sealed class HandlerSelectionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // The error page is re-executed with whatever method failed; it must always render.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null) return next();

        var name = HandlerName(context);
        var selected = context.HandlerMethod;
        if (selected is not null && (name is null || string.Equals(selected.Name, name, StringComparison.OrdinalIgnoreCase))) return next();
        var handlers = context.ActionDescriptor.HandlerMethods;
        // A page without any handler (a static page) is there to be read.
        if (selected is null && name is null && handlers.Count == 0 && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))) return next();

        var methods = handlers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.HttpMethod.ToUpperInvariant()).ToList();
        if (name is not null && methods.Count == 0)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }
        if (methods.Count == 0 || methods.Contains("GET")) methods.AddRange(["GET", "HEAD"]);
        http.Response.Headers.Allow = string.Join(", ", methods.Distinct());
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        return Task.CompletedTask;
    }

    /// <summary>The handler name as Razor Pages reads it: the route value first, then the query string.</summary>
    private static string? HandlerName(PageHandlerExecutingContext context)
    {
        var fromRoute = Convert.ToString(context.RouteData.Values["handler"], System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(fromRoute)) return fromRoute;
        return context.HttpContext.Request.Query.TryGetValue("handler", out var fromQuery) && !string.IsNullOrEmpty(fromQuery[0]) ? fromQuery[0] : null;
    }
}
