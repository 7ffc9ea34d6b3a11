using OpsIntranet.Core.Evaluations;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Templates.Documents.EvaluationPacket;

/// <summary>
/// Prints an evaluation packet from a snapshot (never live data): the one entry point the packet job,
/// the cycle batch, the draft preview and the benchmarks use.
/// </summary>
public class EvaluationPacketRenderer(DocumentRenderer renderer)
{
    /// <summary>The packet as HTML (the browser preview of a draft shows this).</summary>
    public Task<string> RenderHtmlAsync(EvaluationSnapshot snapshot, PacketEdition edition, PacketStamp stamp) =>
        renderer.RenderHtmlAsync<EvaluationPacketDocument>(EvaluationPacketModel.From(snapshot, edition, stamp));

    /// <summary>The packet as a PDF: US Letter, running header, "page x of y", the confidentiality footer with version and fingerprint, bookmarks, metadata, tagged.</summary>
    public Task<byte[]> RenderPdfAsync(EvaluationSnapshot snapshot, PacketEdition edition, PacketStamp stamp, CancellationToken ct = default)
    {
        var model = EvaluationPacketModel.From(snapshot, edition, stamp);
        return renderer.RenderPdfAsync<EvaluationPacketDocument>(model, model.PdfOptions, ct);
    }
}
