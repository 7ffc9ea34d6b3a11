using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace OpsIntranet.Jobs.Hangfire;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When a process hosts the app more than
/// once (the test suite does), a stopped host's logger factory is disposed while Hangfire may still
/// hold it; logging must then be dropped, never crash the job that was logging.
/// </summary>
internal sealed class HostSafeLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try { return new SafeLog(_inner.GetLogger(name)); }
        catch (ObjectDisposedException) { return new SafeLog(null); }
    }

    private sealed class SafeLog(ILog? inner) : ILog
    {
        public bool Log(global::Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (inner is null) return false;
            try { return inner.Log(logLevel, messageFunc, exception); }
            catch (ObjectDisposedException) { return false; }
        }
    }
}
