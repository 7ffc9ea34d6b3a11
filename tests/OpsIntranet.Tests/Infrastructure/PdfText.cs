using UglyToad.PdfPig;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>Reads a PDF back as a person would see it: its pages' text.</summary>
public sealed record PdfText(int PageCount, IReadOnlyList<string> Pages, IReadOnlyList<string> Bookmarks)
{
    public string All => string.Join("\n", Pages);

    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var bookmarks = document.TryGetBookmarks(out var tree)
            ? tree.GetNodes().Select(n => n.Title).ToList()
            : [];
        return new PdfText(document.NumberOfPages, pages, bookmarks);
    }
}
