using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace OpsIntranet.Templates.Rendering;

/// <summary>
/// Prints HTML to PDF with headless Chromium, treating every document as untrusted content: the
/// page gets its HTML through SetContent (never a URL), JavaScript is off, every request the page
/// makes is aborted, and a browser is reused across renders, replaced after a number of them and
/// closed with the host. Renders at once are bounded so a burst of jobs cannot exhaust the machine.
/// </summary>
public sealed class ChromiumPdfPrinter : IAsyncDisposable
{
    private readonly ChromiumOptions _options;
    private readonly ILogger<ChromiumPdfPrinter> _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private BrowserLease? _current;
    private readonly List<BrowserLease> _retired = [];
    private bool _disposed;

    public ChromiumPdfPrinter(IOptions<ChromiumOptions> options, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ChromiumPdfPrinter>();
        var slots = _options.MaxConcurrentRenders > 0 ? _options.MaxConcurrentRenders : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>Browsers launched so far; lets tests and benchmarks see reuse and recycling.</summary>
    public int BrowsersLaunched { get; private set; }

    /// <summary>Requests that a rendered page tried to make and that were refused.</summary>
    public int RequestsBlocked => Volatile.Read(ref _requestsBlocked);
    private int _requestsBlocked;

    /// <summary>Process ids of the browsers this printer has running (for tests that check shutdown).</summary>
    internal IReadOnlyList<int> RunningProcessIds()
    {
        lock (_stateLock)
        {
            return _retired.Append(_current).OfType<BrowserLease>()
                .Select(l => l.Browser.Process?.Id ?? 0).Where(id => id != 0).ToList();
        }
    }

    public async Task<byte[]> PrintAsync(string html, PdfDocumentOptions document, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(ct);
        BrowserLease? lease = null;
        try
        {
            lease = await AcquireAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.RenderTimeoutSeconds));
            try
            {
                return await RenderAsync(lease.Browser, html, document, timeout.Token).WaitAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                // A render that hangs may have wedged the browser: replace it rather than reuse it.
                lease.Broken = true;
                throw new TimeoutException($"Rendering \"{document.Title}\" took longer than {_options.RenderTimeoutSeconds} s and was stopped.", ex);
            }
            catch (Exception ex) when (ex is TargetClosedException or ProcessException or NavigationException)
            {
                lease.Broken = true;
                throw;
            }
        }
        finally
        {
            if (lease is not null) await ReleaseAsync(lease);
            _slots.Release();
        }
    }

    private async Task<byte[]> RenderAsync(IBrowser browser, string html, PdfDocumentOptions document, CancellationToken ct)
    {
        await using var page = await browser.NewPageAsync();
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            Interlocked.Increment(ref _requestsBlocked);
            _logger.LogWarning("Blocked a request from a rendered document: {Url}", Truncate(e.Request.Url, 200));
            try { await e.Request.AbortAsync(RequestAbortErrorCode.BlockedByClient); }
            catch (PuppeteerException) { /* the page may already be gone */ }
        };
        ct.ThrowIfCancellationRequested();
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = _options.RenderTimeoutSeconds * 1000, CancellationToken = ct });
        await page.EmulateMediaTypeAsync(MediaType.Print);
        ct.ThrowIfCancellationRequested();
        return await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.Letter,
            Landscape = document.Landscape,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = "<div></div>",
            FooterTemplate = FooterTemplate(document),
            MarginOptions = new MarginOptions { Top = "14mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
            Outline = true,
            Tagged = true,
            Timeout = _options.RenderTimeoutSeconds * 1000,
        });
    }

    /// <summary>Chromium draws the footer in its own tiny page: it needs its own font size, and the text is encoded like any other.</summary>
    internal static string FooterTemplate(PdfDocumentOptions document) =>
        "<div style=\"font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;margin:0 12mm;display:flex;justify-content:space-between;gap:8mm;\">" +
        $"<span>{WebUtility.HtmlEncode(document.FooterNote)}</span>" +
        $"<span style=\"flex:1;text-align:center;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;\">{WebUtility.HtmlEncode(document.Title)}</span>" +
        "<span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";

    private async Task<BrowserLease> AcquireAsync(CancellationToken ct)
    {
        lock (_stateLock)
        {
            if (_current is { Broken: false } live && !live.Browser.IsClosed && live.Renders < _options.RecycleAfterRenders)
            {
                live.Renders++;
                live.Active++;
                return live;
            }
        }
        await _launchLock.WaitAsync(ct);
        try
        {
            lock (_stateLock)
            {
                if (_current is { Broken: false } live && !live.Browser.IsClosed && live.Renders < _options.RecycleAfterRenders)
                {
                    live.Renders++;
                    live.Active++;
                    return live;
                }
            }
            var lease = await LaunchAsync();
            BrowserLease? old;
            lock (_stateLock)
            {
                old = _current;
                _current = lease;
                if (old is not null) _retired.Add(old);
            }
            if (old is not null) await CloseIfIdleAsync(old);
            return lease;
        }
        finally
        {
            _launchLock.Release();
        }
    }

    private async Task ReleaseAsync(BrowserLease lease)
    {
        bool retire;
        lock (_stateLock)
        {
            lease.Active--;
            retire = lease.Broken && ReferenceEquals(_current, lease);
            if (retire)
            {
                _current = null;
                _retired.Add(lease);
            }
        }
        await CloseIfIdleAsync(lease);
    }

    private async Task CloseIfIdleAsync(BrowserLease lease)
    {
        lock (_stateLock)
        {
            if (lease.Active > 0 || !_retired.Remove(lease)) return;
        }
        await CloseAsync(lease);
    }

    private async Task<BrowserLease> LaunchAsync()
    {
        if (!File.Exists(_options.ExecutablePath))
            throw new InvalidOperationException($"Chromium was not found at {_options.ExecutablePath}. Install Debian's 'chromium' package or set Chromium:ExecutablePath.");
        var args = new List<string>
        {
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-first-run", "--disable-quic", "--mute-audio",
            "--font-render-hinting=none",
            // Defence in depth: even a request that slipped past interception has nowhere to go.
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        };
        if (_options.NoSandbox) args.AddRange(["--no-sandbox", "--disable-setuid-sandbox"]);
        var profile = Directory.CreateTempSubdirectory("ops-chromium-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = _options.ExecutablePath,
            Headless = true,
            Args = [.. args],
            UserDataDir = profile,
            Timeout = 30_000,
        }, _loggerFactory);
        BrowsersLaunched++;
        var pid = browser.Process?.Id;
        _logger.LogInformation("Started Chromium (process {Pid}) for PDF rendering.", pid);
        return new BrowserLease(browser, profile) { Renders = 1, Active = 1 };
    }

    private async Task CloseAsync(BrowserLease lease)
    {
        var browser = lease.Browser;
        try
        {
            await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or PuppeteerException or IOException)
        {
            _logger.LogWarning(ex, "Chromium did not close cleanly; killing it.");
        }
        finally
        {
            // CloseAsync normally ends the process; make sure no orphan stays behind either way.
            try
            {
                if (browser.Process is { HasExited: false } process) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { /* already gone */ }
            browser.Dispose();
            try { Directory.Delete(lease.ProfileDirectory, recursive: true); }
            catch (IOException) { /* Chromium may still be flushing; the temp folder is cleaned by the OS */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        List<BrowserLease> all;
        lock (_stateLock)
        {
            all = [.. _retired];
            if (_current is not null) all.Add(_current);
            _retired.Clear();
            _current = null;
        }
        foreach (var lease in all) await CloseAsync(lease);
        _slots.Dispose();
        _launchLock.Dispose();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private sealed class BrowserLease(IBrowser browser, string profileDirectory)
    {
        public IBrowser Browser { get; } = browser;
        public string ProfileDirectory { get; } = profileDirectory;
        public int Renders { get; set; }
        public int Active { get; set; }
        public bool Broken { get; set; }
    }
}
