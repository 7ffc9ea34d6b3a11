using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace OpsIntranet.Templates.Rendering;

/// <summary>
/// Turns a document component and its model into HTML (Razor encodes every value, so user text
/// stays text) and, through Chromium, into a PDF. The same HTML is what a browser preview shows.
/// </summary>
public class DocumentRenderer(IServiceProvider services, ILoggerFactory loggerFactory, ChromiumPdfPrinter printer)
{
    public async Task<string> RenderHtmlAsync<TComponent>(object model) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        var body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
        // Razor components cannot emit a doctype; without it Chromium lays out in quirks mode.
        return "<!DOCTYPE html>\n" + body;
    }

    public async Task<byte[]> RenderPdfAsync<TComponent>(object model, PdfDocumentOptions options, CancellationToken ct = default) where TComponent : IComponent
    {
        var html = await RenderHtmlAsync<TComponent>(model);
        return await printer.PrintAsync(html, options, ct);
    }
}
