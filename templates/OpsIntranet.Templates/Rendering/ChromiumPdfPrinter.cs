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
    private readonly int _slotCount;
    private readonly List<Task> _closing = [];
    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private BrowserLease? _current;
    private readonly List<BrowserLease> _retired = [];
    private volatile bool _disposed;

    public ChromiumPdfPrinter(IOptions<ChromiumOptions> options, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ChromiumPdfPrinter>();
        _slotCount = _options.MaxConcurrentRenders > 0 ? _options.MaxConcurrentRenders : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(_slotCount, _slotCount);
    }

    /// <summary>Browsers launched so far; lets tests and benchmarks see reuse and recycling.</summary>
    public int BrowsersLaunched { get; private set; }

    /// <summary>Requests that a rendered page tried to make and that were refused.</summary>
    public int RequestsBlocked => Volatile.Read(ref _requestsBlocked);
    private int _requestsBlocked;

    /// <summary>
    /// The clock that times renders out. Tests give a clock they move by hand, so a timeout happens when
    /// the test says and never because the machine was slow.
    /// </summary>
    internal TimeProvider Timers { get; set; } = TimeProvider.System;

    /// <summary>
    /// Test seam, called with the address of each request a page makes before it is refused. A test
    /// that holds the request here has a page that cannot finish loading, and knows the render has started.
    /// </summary>
    internal Func<string, Task>? BeforeRequestRefused { get; set; }

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
        try
        {
            var lease = await AcquireAsync(ct);
            try
            {
                return await RenderOnLeaseAsync(lease, html, document, ct);
            }
            finally
            {
                ReleaseLease(lease);
            }
        }
        finally
        {
            // Given back only once the render has really stopped, so renders at once never exceed the bound.
            _slots.Release();
        }
    }

    private async Task<byte[]> RenderOnLeaseAsync(BrowserLease lease, string html, PdfDocumentOptions document, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RenderTimeoutSeconds), Timers);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var slot = new PageSlot();
        var render = RenderAsync(lease.Browser, html, document, slot, timeout.Token);
        try
        {
            return await render.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            await StopAsync(lease, slot, render);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"Rendering \"{document.Title}\" took longer than {_options.RenderTimeoutSeconds} s and was stopped.", ex);
        }
        catch (Exception ex) when (ex is TargetClosedException or ProcessException or NavigationException)
        {
            // The browser itself failed: replace it rather than hand it to the next document.
            lease.Broken = true;
            throw;
        }
    }

    /// <summary>Stops an abandoned render: its page is closed; if even that does not end it, its browser is killed.</summary>
    private async Task StopAsync(BrowserLease lease, PageSlot slot, Task render)
    {
        try
        {
            if (slot.Page is { } page) await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
            await render.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogDebug(ex, "A stopped render ended with an error, as expected.");
        }
        if (render.IsCompleted) return;
        lease.Broken = true;
        Kill(lease);
        try { await render.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { _logger.LogDebug(ex, "Render ended with its browser."); }
    }

    private sealed class PageSlot
    {
        public IPage? Page { get; set; }
    }

    private async Task<byte[]> RenderAsync(IBrowser browser, string html, PdfDocumentOptions document, PageSlot slot, CancellationToken ct)
    {
        await using var page = await browser.NewPageAsync();
        slot.Page = page;
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            // An event handler: nothing may escape it, or it would take the process down.
            try
            {
                Interlocked.Increment(ref _requestsBlocked);
                if (BeforeRequestRefused is { } hold) await hold(e.Request.Url);
                _logger.LogWarning("Blocked a request from a rendered document: {Url}", Truncate(e.Request.Url, 200));
                await e.Request.AbortAsync(RequestAbortErrorCode.BlockedByClient);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogDebug(ex, "Could not abort a request; the page may already be gone.");
            }
        };
        ct.ThrowIfCancellationRequested();
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = _options.RenderTimeoutSeconds * 1000, CancellationToken = ct });
        await page.EmulateMediaTypeAsync(MediaType.Print);
        ct.ThrowIfCancellationRequested();
        var pdf = await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.Letter,
            Landscape = document.Landscape,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = HeaderTemplate(document),
            FooterTemplate = FooterTemplate(document),
            MarginOptions = new MarginOptions { Top = "14mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
            Outline = true,
            Tagged = true,
            Timeout = _options.RenderTimeoutSeconds * 1000,
        });
        return PdfInfo.Brand(pdf, new PdfMetadata(document.Author, document.Subject, document.Keywords));
    }

    private const string MarginTextStyle = "font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;margin:0 12mm;display:flex;justify-content:space-between;gap:8mm;";

    /// <summary>Chromium draws the footer in its own tiny page: it needs its own font size, and the text is encoded like any other.</summary>
    internal static string FooterTemplate(PdfDocumentOptions document) =>
        $"<div style=\"{MarginTextStyle}\">" +
        $"<span>{WebUtility.HtmlEncode(document.FooterNote)}</span>" +
        $"<span style=\"flex:1;text-align:center;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;\">{WebUtility.HtmlEncode(document.FooterStamp ?? document.Title)}</span>" +
        "<span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";

    /// <summary>
    /// The running header: the document's note (a packet's employee and cycle) on every page, or nothing. An empty
    /// template still has to be given, or Chromium prints its own date and title there.
    /// </summary>
    internal static string HeaderTemplate(PdfDocumentOptions document) =>
        document.HeaderNote is not { Length: > 0 } note
            ? "<div></div>"
            : "<div style=\"font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#555;width:100%;box-sizing:border-box;padding:5mm 12mm 0;display:flex;\">" +
              $"<span style=\"flex:1;min-width:0;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;\">{WebUtility.HtmlEncode(note)}</span></div>";

    private async Task<BrowserLease> AcquireAsync(CancellationToken ct)
    {
        if (TryTakeCurrent() is { } live) return live;
        await _launchLock.WaitAsync(ct);
        try
        {
            if (TryTakeCurrent() is { } raced) return raced;
            var lease = await LaunchAsync();
            BrowserLease? old;
            lock (_stateLock)
            {
                if (_disposed)
                {
                    CloseInBackground(lease);
                    throw new ObjectDisposedException(nameof(ChromiumPdfPrinter));
                }
                old = _current;
                _current = lease;
                if (old is not null) _retired.Add(old);
            }
            if (old is not null) CloseIfIdle(old);
            return lease;
        }
        finally
        {
            _launchLock.Release();
        }
    }

    private BrowserLease? TryTakeCurrent()
    {
        lock (_stateLock)
        {
            if (_current is not { Broken: false } live || live.Browser.IsClosed || live.Renders >= _options.RecycleAfterRenders) return null;
            live.Renders++;
            live.Active++;
            return live;
        }
    }

    /// <summary>Never throws: it runs in a finally, and closing happens in the background.</summary>
    private void ReleaseLease(BrowserLease lease)
    {
        lock (_stateLock)
        {
            lease.Active--;
            if (lease.Broken && ReferenceEquals(_current, lease))
            {
                _current = null;
                _retired.Add(lease);
            }
        }
        CloseIfIdle(lease);
    }

    private void CloseIfIdle(BrowserLease lease)
    {
        lock (_stateLock)
        {
            if (lease.Active > 0 || !_retired.Remove(lease)) return;
            CloseInBackground(lease);
        }
    }

    /// <summary>Closing a browser can take seconds; no document waits for it. Dispose waits for all of them.</summary>
    private void CloseInBackground(BrowserLease lease)
    {
        lock (_stateLock)
        {
            _closing.RemoveAll(t => t.IsCompleted);
            _closing.Add(Task.Run(() => CloseAsync(lease)));
        }
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
        try
        {
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
        catch
        {
            DeleteProfile(profile);
            throw;
        }
    }

    private async Task CloseAsync(BrowserLease lease)
    {
        try
        {
            await lease.Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Chromium did not close cleanly; killing it.");
        }
        finally
        {
            // CloseAsync normally ends the process; make sure no orphan stays behind either way.
            Kill(lease);
            try { lease.Browser.Dispose(); }
            catch (Exception ex) when (ex is not OutOfMemoryException) { _logger.LogDebug(ex, "Disposing a closed browser failed."); }
            DeleteProfile(lease.ProfileDirectory);
        }
    }

    private void Kill(BrowserLease lease)
    {
        try
        {
            if (lease.Browser.Process is { HasExited: false } process) process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            _logger.LogDebug(ex, "Chromium process already gone.");
        }
    }

    private void DeleteProfile(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug(ex, "Chromium profile {Directory} left for the OS to clean.", directory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_stateLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        // Let documents being printed finish (bounded), then close every browser.
        var taken = 0;
        for (; taken < _slotCount; taken++)
            if (!await _slots.WaitAsync(TimeSpan.FromSeconds(30))) break;
        List<BrowserLease> all;
        List<Task> closing;
        lock (_stateLock)
        {
            all = [.. _retired];
            if (_current is not null) all.Add(_current);
            _retired.Clear();
            _current = null;
            closing = [.. _closing];
        }
        await Task.WhenAll(all.Select(CloseAsync).Concat(closing));
        if (taken > 0) _slots.Release(taken);
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
