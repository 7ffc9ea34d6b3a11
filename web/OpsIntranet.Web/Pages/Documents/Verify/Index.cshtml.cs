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
public class IndexModel(PacketService packets) : RecordPage
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
        Matches = await packets.VerifyAsync(await HttpContext.ViewerAsync(ct), key, ct);
        return Page();
    }

    /// <summary>A hash as people copy it: spaces, line breaks, an ellipsis or "…" after a printed fingerprint, capitals.</summary>
    private static string? Clean(string? text) =>
        text is null ? null : new string([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('…' or '.'))]).ToLowerInvariant();
}
