namespace OpsIntranet.Templates.Rendering;

/// <summary>Settings of the Chromium printer (configuration section "Chromium").</summary>
public class ChromiumOptions
{
    public const string Section = "Chromium";

    /// <summary>The browser binary; Debian's package installs it here.</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>
    /// Chromium's own sandbox cannot start as root or in most containers. The page it renders is
    /// already isolated (no JavaScript, no network, CSP), so running without it is the usual trade.
    /// </summary>
    public bool NoSandbox { get; set; } = true;

    /// <summary>Renders at once; 0 means one per CPU core.</summary>
    public int MaxConcurrentRenders { get; set; }

    /// <summary>A browser is replaced after this many documents, which bounds any leak inside Chromium.</summary>
    public int RecycleAfterRenders { get; set; } = 200;

    public int RenderTimeoutSeconds { get; set; } = 60;
}

/// <summary>
/// What a printed document needs besides its HTML: the running footer and the page shape; optionally a
/// running header, the footer's middle text (a record's version and fingerprint; the title when absent)
/// and the metadata written into the PDF's Info dictionary beside the title.
/// </summary>
public sealed record PdfDocumentOptions(string Title, string FooterNote, bool Landscape = false,
    string? HeaderNote = null, string? FooterStamp = null, string? Author = null, string? Subject = null, string? Keywords = null)
{
    public const string ConfidentialFooter = "Confidential — City Customer Operations internal use only";
}
