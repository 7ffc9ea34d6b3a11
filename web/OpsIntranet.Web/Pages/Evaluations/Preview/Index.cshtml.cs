using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Preview;

/// <summary>
/// "Preview packet" and "Preview PDF": the packet of an evaluation not yet approved, from a snapshot of its
/// current state, watermarked DRAFT and without a version, for the evaluator (draft) and the reviewer (submitted).
/// </summary>
public class IndexModel(PacketService packets, EvaluationPacketRenderer renderer) : PageModel
{
    /// <summary>The packet as the browser shows it: the document's own HTML, with its own content-security policy.</summary>
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await packets.DraftAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } draft) return NotFound();
        var html = await renderer.RenderHtmlAsync(draft.Snapshot, EvaluationPacketGenerator.EditionOf(draft.Copy), Stamp());
        return Content(html, "text/html; charset=utf-8");
    }

    public async Task<IActionResult> OnGetPdfAsync(int id, CancellationToken ct)
    {
        if (await packets.DraftAsync(await HttpContext.ViewerAsync(ct), id, ct) is not { } draft) return NotFound();
        var edition = EvaluationPacketGenerator.EditionOf(draft.Copy);
        var pdf = await renderer.RenderPdfAsync(draft.Snapshot, edition, Stamp(), ct);
        return File(pdf, "application/pdf", draft.FileName);
    }

    private static PacketStamp Stamp() => new(null, null, Draft: true);
}
