using OpsIntranet.Core.Access;
using OpsIntranet.Core.Reports;
using OpsIntranet.Templates.Rendering;

namespace OpsIntranet.Templates.Documents.ContinuousImprovementReport;

/// <summary>A rendered report: the PDF, its title and file name, and the figures an e-mail about it quotes.</summary>
public sealed record RenderedReport(byte[] Pdf, string Title, string FileName, ImprovementReportFigures Figures, bool HasData);

/// <summary>
/// The one call behind every copy of a report, for the reports page and for scheduled delivery alike:
/// (kind, units, period, viewer) → the document and its figures. The viewer decides what it may show
/// (a manager: their units; <see cref="Viewer.System"/> or leadership: all); anything out of scope
/// answers null, never a partial report.
/// </summary>
public class ImprovementReportDocuments(ImprovementReportQuery query, DocumentRenderer renderer)
{
    public async Task<RenderedReport?> RenderAsync(ReportKind kind, IReadOnlyList<int> unitIds, ReportPeriod period, Viewer viewer, CancellationToken ct = default)
    {
        if (await ModelAsync(kind, unitIds, period, viewer, ct) is not { } model) return null;
        var pdf = await renderer.RenderPdfAsync<ContinuousImprovementReportDocument>(model, PdfOptions(model), ct);
        return new RenderedReport(pdf, model.Title, model.FileName, ImprovementReportFigures.From(model.Report), model.Report.HasData);
    }

    /// <summary>The same document as HTML, for the preview in a browser.</summary>
    public async Task<string?> RenderHtmlAsync(ReportKind kind, IReadOnlyList<int> unitIds, ReportPeriod period, Viewer viewer, CancellationToken ct = default) =>
        await ModelAsync(kind, unitIds, period, viewer, ct) is { } model ? await renderer.RenderHtmlAsync<ContinuousImprovementReportDocument>(model) : null;

    /// <summary>The filters run along the top of every page, so a page read on its own still says what it covers.</summary>
    public static PdfDocumentOptions PdfOptions(ContinuousImprovementReportModel model) =>
        new(model.Title, PdfDocumentOptions.ConfidentialFooter,
            HeaderNote: $"{Core.Reports.ImprovementReport.Title} · {model.Report.Period.Label} · {model.Report.UnitsLabel}",
            Author: "City Customer Operations Department",
            Subject: $"{Core.Reports.ImprovementReport.Title}, {model.Report.Period.Label}, {model.Report.UnitsLabel}",
            Keywords: "continuous improvement; scorecard; trend signals; initiatives");

    private async Task<ContinuousImprovementReportModel?> ModelAsync(ReportKind kind, IReadOnlyList<int> unitIds, ReportPeriod period, Viewer viewer, CancellationToken ct)
    {
        if (kind != ReportKind.ContinuousImprovement) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a report this renders.");
        return await query.LoadAsync(viewer, unitIds, period, ct) is { } report ? ContinuousImprovementReportModel.From(report) : null;
    }
}
