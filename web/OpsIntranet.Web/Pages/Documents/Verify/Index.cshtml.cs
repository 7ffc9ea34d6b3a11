using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using OpsIntranet.Core.Evaluations.Packets;
using OpsIntranet.Templates.Documents.EvaluationPacket;
using OpsIntranet.Web.Infrastructure;

namespace OpsIntranet.Web.Pages.Documents.Verify;

/// <summary>
/// "Verify a document": anyone signed in who holds a packet (printed, e-mailed, downloaded) checks it against the
/// record, by uploading the PDF (its SHA-256 must match a stored copy exactly) or by typing the fingerprint
/// printed in its footer or the file's full SHA-256.
/// </summary>
[RequestSizeLimit(RequestLimit)]
public partial class IndexModel(PacketService packets) : RecordPage
{
    /// <summary>A packet is a few hundred kilobytes; anything near this is not one.</summary>
    public const long MaxUpload = 20 * 1024 * 1024;
    private const long RequestLimit = MaxUpload + 1024 * 1024;

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Hash { get; set; }

    /// <summary>The stored copies that matched; null before anything was checked.</summary>
    public IReadOnlyList<VerifiedPacket>? Matches { get; private set; }
    /// <summary>What was checked, as the result says it: the file's name and SHA-256, or the hash typed.</summary>
    public string? Checked { get; private set; }
    public bool ByFile { get; private set; }
    public string? FileSha256 { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        string? key = null;
        if (Upload is not null)
        {
            if (Upload.Length == 0) errors["Upload"] = "The file is empty. Choose the packet's PDF as it was downloaded or e-mailed.";
            else if (Upload.Length > MaxUpload) errors["Upload"] = $"The file is larger than {MaxUpload / (1024 * 1024)} MB, far more than any packet. Choose the packet's PDF.";
            else
            {
                await using var stream = Upload.OpenReadStream();
                var head = new byte[5];
                var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                if (read < head.Length || !head.AsSpan().SequenceEqual("%PDF-"u8))
                    errors["Upload"] = "This is not a PDF file. Choose the packet's PDF, or type the fingerprint printed in its footer.";
                else
                {
                    stream.Position = 0;
                    key = FileSha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
                    ByFile = true;
                    Checked = Upload.FileName;
                }
            }
        }
        else if (Clean(Hash) is { Length: > 0 } typed)
        {
            if (typed.Length is < PacketStamp.PrintedFingerprintLength or > 64 || !typed.All(Uri.IsHexDigit))
                errors["Hash"] = $"Type the {PacketStamp.PrintedFingerprintLength}-character fingerprint printed in the footer (digits 0–9 and letters a–f, e.g. 3f9a0c2b7d41), or the file's full SHA-256 (64 characters).";
            else key = Checked = typed;
        }
        else errors["Upload"] = "Choose the packet's PDF, or type the fingerprint printed in its footer.";

        if (errors.Count > 0 || key is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var viewer = await HttpContext.ViewerAsync(ct);
        Matches = await packets.VerifyAsync(viewer, key, ct);
        if (ByFile && Matches.Count == 0)
        {
            // Not the stored file; its text may still carry the fingerprint printed in its footer, naming the record it claims to be.
            await using var stream = Upload!.OpenReadStream();
            foreach (var printed in PrintedFingerprints(stream).Take(3))
                if (await packets.VerifyAsync(viewer, printed, ct) is { Count: > 0 } claimed) { Claimed = claimed; break; }
        }
        return Page();
    }

    /// <summary>The stored packets whose printed fingerprint an unmatched file shows: the record it claims to be, which it is not a copy of.</summary>
    public IReadOnlyList<VerifiedPacket>? Claimed { get; private set; }

    /// <summary>Every distinct run of exactly 12 hex digits in the PDF's text, as a printed fingerprint would read; none when the file cannot be read as a PDF.</summary>
    private static List<string> PrintedFingerprints(Stream pdf)
    {
        try
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            var found = new List<string>();
            foreach (var page in document.GetPages().Take(50))
                foreach (var word in page.GetWords())
                    foreach (System.Text.RegularExpressions.Match m in PrintedFingerprint().Matches(word.Text))
                        if (!found.Contains(m.Value.ToLowerInvariant())) found.Add(m.Value.ToLowerInvariant());
            return found;
        }
        catch (Exception)
        {
            // An altered file may not even parse; it is then simply not confirmed.
            return [];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?<![0-9A-Fa-f])[0-9A-Fa-f]{12}(?![0-9A-Fa-f])")]
    private static partial System.Text.RegularExpressions.Regex PrintedFingerprint();

    /// <summary>A hash as people copy it: spaces, line breaks, an ellipsis or "…" after a printed fingerprint, capitals.</summary>
    private static string? Clean(string? text) =>
        text is null ? null : new string([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('…' or '.'))]).ToLowerInvariant();
}
