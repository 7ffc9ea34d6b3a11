using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of the test PostgreSQL that a test can cut, as a database restart would:
/// every open connection is dropped and new ones are refused until <see cref="Restore"/>.
/// </summary>
public sealed class CuttableProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private bool _cut;
    private int _refused;
    private readonly TaskCompletionSource _firstRefusal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CuttableProxy(string targetConnectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(targetConnectionString);
        _targetHost = target.Host ?? "127.0.0.1";
        _targetPort = target.Port;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections that were refused while cut.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The same database through the proxy.</summary>
    public string ConnectionStringFor(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Completes when someone tries to connect while the proxy is cut.</summary>
    public Task FirstRefusal => _firstRefusal.Task;

    public void Cut()
    {
        List<TcpClient> open;
        lock (_gate)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }
        foreach (var client in open) Drop(client);
    }

    public void Restore()
    {
        lock (_gate) _cut = false;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            bool cut;
            lock (_gate) cut = _cut;
            if (cut)
            {
                Interlocked.Increment(ref _refused);
                _firstRefusal.TrySetResult();
                Drop(client);
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            lock (_gate)
            {
                if (_cut) { Drop(client); Drop(server); return; }
                _open.Add(client);
                _open.Add(server);
            }
            using var pump = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), pump.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), pump.Token);
            await Task.WhenAny(up, down);
            pump.Cancel();
        }
        catch (Exception) { /* a dropped connection ends here */ }
        finally
        {
            lock (_gate) { _open.Remove(client); _open.Remove(server); }
            Drop(client);
            Drop(server);
        }
    }

    /// <summary>Closes with a reset, as a dying server's socket does, rather than a polite goodbye.</summary>
    private static void Drop(TcpClient client)
    {
        try { client.Client.LingerState = new LingerOption(true, 0); } catch (Exception) { }
        try { client.Close(); } catch (Exception) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
    }
}
