using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Web.Infrastructure;

/// <summary>
/// A page that shows a record and posts commands about it. A command's outcome decides the answer:
/// done → back to the record with a message; not for this person → 404; bad fields → 422 with the
/// messages next to the fields; the record moved on → 409 with the reason. Nothing is saved unless done.
/// </summary>
public abstract class RecordPage : PageModel
{
    // Settable by pages whose service answers with its own result type rather than an Outcome.
    public IReadOnlyDictionary<string, string> Errors { get; protected set; } = new Dictionary<string, string>();
    public string? Error { get; protected set; }
    [TempData] public string? Message { get; set; }

    public string? E(string key) => Errors.GetValueOrDefault(key);

    /// <summary>Returns the redirect or 404 to send, or null when the page should be shown again with the errors.</summary>
    protected IActionResult? Handle(Outcome outcome, Func<int, string> successUrl, string message)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Message = outcome.Message ?? message;
                return Redirect(successUrl(outcome.Id ?? 0));
            case OutcomeKind.NotFound:
                return NotFound();
            default:
                Errors = outcome.Errors;
                Error = outcome.Message;
                Response.StatusCode = outcome.Kind == OutcomeKind.Invalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
                return null;
        }
    }

    /// <summary>
    /// Load or 404: a Core query returns null for a record that is missing or out of the viewer's scope
    /// (the two are not told apart, so ids cannot be probed); otherwise the page keeps the read model and is shown.
    /// </summary>
    protected async Task<IActionResult> ShowOrNotFoundAsync<T>(Task<T?> load, Action<T> keep) where T : class
    {
        if (await load is not { } record) return NotFound();
        keep(record);
        return Page();
    }

    /// <summary>The row version a form posted back; 0 when missing or unreadable, which never matches a stored row.</summary>
    protected uint PostedVersion() =>
        uint.TryParse(Request.Form["Version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
}
