using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>Set when a form post was larger than the page accepts; the page is shown again (GET) with status 413.</summary>
public sealed class FormTooLargeFeature;

/// <summary>
/// Reads a page's posted form before the antiforgery check does, so two kinds of bad input get an
/// answer on the page instead of a bare "bad request": a form over the page's size limits (an upload
/// too large) shows the page again with 413 and <see cref="FormTooLargeFeature"/> for the field message;
/// a URL-encoded form holding a NUL, which ASP.NET Core's reader refuses outright, is read here so the
/// text reaches the page and its service, which say which field to correct (TextRules).
/// </summary>
public static class FormReading
{
    public static bool FormWasTooLarge(this HttpContext context) => context.Features.Get<FormTooLargeFeature>() is not null;

    public static async Task ReadPostedFormAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is null)
        {
            await next();
            return;
        }
        var urlEncoded = request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (urlEncoded) request.EnableBuffering();
        try
        {
            await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            if (!(e is InvalidDataException && urlEncoded && await TryReadWithNulAsync(context)))
            {
                context.Features.Set(new FormTooLargeFeature());
                context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                // Shown again as when it was opened, so nothing is done with a request that was not read whole.
                request.Method = HttpMethods.Get;
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }
        }
        await next();
    }

    /// <summary>The URL-encoded form read again with %00 allowed; false when it is not readable for another reason (then it is treated as too large).</summary>
    private static async Task<bool> TryReadWithNulAsync(HttpContext context)
    {
        var options = new FormOptions();
        var body = context.Request.Body;
        if (!body.CanSeek || body.Length > options.ValueLengthLimit) return false;
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (!text.Contains("%00", StringComparison.Ordinal)) return false;
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var pairs = text.Split('&', StringSplitOptions.RemoveEmptyEntries);
        if (pairs.Length > options.ValueCountLimit) return false;
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(at < 0 ? pair : pair[..at]);
            var value = at < 0 ? "" : Decode(pair[(at + 1)..]);
            if (key.Length > options.KeyLengthLimit) return false;
            fields[key] = StringValues.Concat(fields.GetValueOrDefault(key), value);
        }
        context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields)));
        return true;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
