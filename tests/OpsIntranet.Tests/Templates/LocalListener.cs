using System.Net;
using System.Net.Sockets;

namespace OpsIntranet.Tests.Templates;

/// <summary>
/// A TCP port on loopback that counts every connection made to it: any count above zero means a render
/// reached the network. A connection to loopback is complete (in the listener's backlog) as soon as the
/// client's connect returns, so counting drains the backlog on the spot: no background loop to wait for.
/// </summary>
public sealed class LocalListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _gate = new();
    private int _connections;

    public LocalListener() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections
    {
        get
        {
            lock (_gate)
            {
                while (_listener.Pending())
                {
                    _listener.AcceptTcpClient().Dispose();
                    _connections++;
                }
                return _connections;
            }
        }
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Dispose() => _listener.Stop();
}
