using MimeKit;
using netDumbster.smtp;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>A real SMTP server in the test process (netDumbster) with the received mail parsed by MimeKit.</summary>
public sealed class TestSmtpServer : IDisposable
{
    private readonly SimpleSmtpServer _server;

    private TestSmtpServer(SimpleSmtpServer server) => _server = server;

    public static TestSmtpServer Start(int? port = null) => new(port is { } p ? SimpleSmtpServer.Start(p) : SimpleSmtpServer.Start());

    public int Port => _server.Configuration.Port;

    public int Count => _server.ReceivedEmailCount;

    public IReadOnlyList<MimeMessage> Messages =>
        _server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Count >= count) return true;
            await Task.Delay(200);
        }
        return Count >= count;
    }

    public void Dispose() => _server.Dispose();

    /// <summary>A loopback port with nothing listening on it, for "the mail server is down".</summary>
    public static int UnusedPort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
