using System.Diagnostics;
using OpsIntranet.Templates.Documents.UnitScorecard;
using OpsIntranet.Templates.Rendering;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Templates;

/// <summary>A printed document says it was made by OpsIntranet, not by the browser that printed it, and stays a valid tagged PDF.</summary>
public sealed class PdfMetadataTests : IAsyncDisposable
{
    private readonly PrinterFixture _printer = new();

    public ValueTask DisposeAsync() => _printer.DisposeAsync();

    [Fact]
    public async Task Pdf_CreatorAndProducerAreOpsIntranet_TitleAndTagsKept()
    {
        var model = UnitScorecardModel.From(DocumentSamples.Unit(), new DateTime(2026, 11, 15, 12, 0, 0));
        var pdf = await _printer.Renderer.RenderPdfAsync<UnitScorecardDocument>(model, new PdfDocumentOptions(model.Title, PdfDocumentOptions.ConfidentialFooter));

        var (info, errors) = await PdfInfoAsync(pdf);
        Assert.True(errors.Length == 0, "pdfinfo complained: " + errors);
        Assert.Equal("OpsIntranet", info["Creator"]);
        Assert.Equal("OpsIntranet", info["Producer"]);
        Assert.Equal(model.Title, info["Title"]);
        Assert.Equal("yes", info["Tagged"]);
        Assert.True(info.ContainsKey("CreationDate"), "The creation date was lost.");
        // Still readable, text and bookmarks included.
        var text = PdfText.Read(pdf);
        Assert.Contains("Utility Contact Center", text.All);
        Assert.NotEmpty(text.Bookmarks);

        // Branding an already branded file follows its update chain and still gives a valid file.
        var twice = PdfInfo.Brand(pdf);
        var (again, againErrors) = await PdfInfoAsync(twice);
        Assert.True(againErrors.Length == 0, "pdfinfo complained: " + againErrors);
        Assert.Equal(("OpsIntranet", model.Title), (again["Creator"], again["Title"]));
        // Anything that is not the layout Chromium writes is left alone.
        var notPdf = "%PDF-1.7 not what Chromium writes"u8.ToArray();
        Assert.Same(notPdf, PdfInfo.Brand(notPdf));
    }

    /// <summary>poppler's pdfinfo: its fields, and whatever it wrote to stderr (syntax errors in a broken file).</summary>
    private static async Task<(Dictionary<string, string> Info, string Errors)> PdfInfoAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ops-meta-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfinfo", [path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            var info = (await output).Split('\n').Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim());
            return (info, (await errors).Trim());
        }
        finally { File.Delete(path); }
    }
}
