using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Jobs.Evaluations;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Evaluations.Packets;

/// <summary>
/// Downloads one packet version in the copy the reader's rights give them (<see cref="PacketService"/>); 404 for
/// anyone else. A copy the job has not stored yet is rendered now rather than refused. Every download is audited.
/// </summary>
public class IndexModel(PacketService packets, EvaluationPacketGenerator generator, DocumentStore store) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, int version, CancellationToken ct)
    {
        var viewer = await HttpContext.ViewerAsync(ct);
        if (await packets.TicketAsync(viewer, id, version, ct) is not { } ticket) return NotFound();
        var document = await generator.EnsureCopyAsync(id, version, EvaluationPacketGenerator.EditionOf(ticket.Copy), ct);
        if (await store.OpenReadAsync(document.Id, ct) is not { } opened) return NotFound();
        await packets.RecordDownloadAsync(viewer, ticket, document, ct);
        // The result disposes the stream when it has been sent, which closes its database connection.
        return File(opened.Content, document.ContentType, document.FileName);
    }
}
