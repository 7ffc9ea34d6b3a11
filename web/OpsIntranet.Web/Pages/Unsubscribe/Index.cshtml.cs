using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Subscriptions;

namespace OpsIntranet.Web.Pages.Unsubscribe;

/// <summary>
/// Where an e-mail's unsubscribe link leads (in its body and its List-Unsubscribe header). Nobody signs in: the signed
/// token in the link is the whole credential, and all it can do is stop the mail it names to the address it was sent to.
/// GET says what the link will stop and offers the button; POST does it, once.
/// </summary>
[AllowAnonymous]
// Antiforgery is checked by hand in OnPostAsync: mail clients send RFC 8058's one-click POST
// ("List-Unsubscribe=One-Click") straight from the message, without ever loading this page, so they cannot
// carry a token. That post is accepted without one because the link's own signed token is what authorises it;
// the page's own button still carries and has its antiforgery token checked.
[IgnoreAntiforgeryToken]
public class IndexModel(Unsubscribing unsubscribing, IAntiforgery antiforgery) : PageModel
{
    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }

    public UnsubscribeView View { get; private set; } = default!;

    /// <summary>True once this request has stopped the mail (or found it stopped).</summary>
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await unsubscribing.DescribeAsync(Token, ct);
        Done = View.AlreadyStopped;
        if (!View.Valid) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var oneClick = Request.HasFormContentType && Request.Form[OneClickField] == OneClickValue;
        if (!oneClick && !await antiforgery.IsRequestValidAsync(HttpContext)) return BadRequest();
        View = await unsubscribing.ApplyAsync(Token, oneClick ? "one-click from the mail program" : "the unsubscribe page", ct);
        Done = View.AlreadyStopped;
        if (!View.Valid) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (!View.CanStop) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
