using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace OpsIntranet.Tests.Infrastructure;

/// <summary>
/// A small real SMTP server on loopback (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that a test can make misbehave:
/// refuse messages with a 4xx reply on demand, as a busy or greylisting server does. netDumbster, behind
/// <see cref="TestSmtpServer"/>, cannot. The benchmark (bench/DeliveryBench) uses it too, as the local mail server.
/// </summary>
public sealed class LocalSmtpServer : IDisposable
{
    private TcpListener _listener = new(IPAddress.Loopback, 0);
    private CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, bool> _open = new();
    private int _holdAfter = int.MaxValue;
    private readonly TaskCompletionSource<int> _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<byte[]> _received = new();
    private int _refuseNext;
    private int _refused;
    private int _connections;
    private volatile string _refusal = "451 4.3.0 Mail server busy, try again later";
    private volatile bool _refuseAll;

    public LocalSmtpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync(_listener, _stop.Token);
    }

    public int Port { get; }

    /// <summary>
    /// The <paramref name="count"/>th message accepted is stored, and then its "250" is never sent: the sender cannot
    /// tell whether it went out (the moment a worker dies in). <see cref="Holding"/> completes then.
    /// </summary>
    public void HoldAfter(int count) => _holdAfter = count;

    /// <summary>Completes with the number of messages stored when a message is being held.</summary>
    public Task<int> Holding => _holding.Task;

    /// <summary>The server goes away: open connections are dropped and new ones refused, until <see cref="Up"/>.</summary>
    public void Down()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _open.Keys) client.Dispose();
    }

    /// <summary>Back on the same port.</summary>
    public void Up()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _stop.Token);
    }

    /// <summary>Messages accepted.</summary>
    public int Count => _received.Count;

    /// <summary>Messages refused with a 4xx reply.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Connections opened by clients.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyList<MimeMessage> Messages => [.. _received.Select(bytes => MimeMessage.Load(new MemoryStream(bytes)))];

    /// <summary>The next <paramref name="count"/> messages are refused at the end of DATA with <paramref name="reply"/>.</summary>
    public void RefuseNext(int count, string reply = "451 4.3.0 Mail server busy, try again later")
    {
        _refusal = reply;
        Interlocked.Exchange(ref _refuseNext, count);
    }

    /// <summary>Every message is refused with a 4xx until <see cref="Recover"/>.</summary>
    public void RefuseAll(string reply = "451 4.3.0 Mail server busy, try again later")
    {
        _refusal = reply;
        _refuseAll = true;
    }

    public void Recover()
    {
        _refuseAll = false;
        Interlocked.Exchange(ref _refuseNext, 0);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            Interlocked.Increment(ref _connections);
            _open[client] = true;
            _ = Task.Run(() => ServeAsync(client, stop), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        async Task ReplyAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), stop);
        try
        {
            await ReplyAsync("220 localhost ESMTP test server");
            while (await reader.ReadLineAsync(stop) is { } bytes)
            {
                var line = Encoding.ASCII.GetString(bytes).TrimEnd('\r', '\n');
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await ReplyAsync("250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8"); break;
                    case "HELO": case "MAIL": case "RCPT": case "RSET": case "NOOP": await ReplyAsync("250 OK"); break;
                    case "QUIT": await ReplyAsync("221 Bye"); return;
                    case "DATA":
                        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>");
                        var message = new MemoryStream();
                        while (await reader.ReadLineAsync(stop) is { } data)
                        {
                            if (data.Length is 3 && data[0] == '.' && data[1] == '\r' || data is [(byte)'.', (byte)'\n']) break;
                            // Dot-stuffing: a line that starts with a dot was sent with one more.
                            message.Write(data, data.Length > 0 && data[0] == '.' ? 1 : 0, data.Length > 0 && data[0] == '.' ? data.Length - 1 : data.Length);
                        }
                        if (_refuseAll || Interlocked.Decrement(ref _refuseNext) >= 0)
                        {
                            Interlocked.Increment(ref _refused);
                            await ReplyAsync(_refusal);
                        }
                        else
                        {
                            _received.Enqueue(message.ToArray());
                            if (_received.Count == _holdAfter)
                            {
                                _holding.TrySetResult(_received.Count);
                                await Task.Delay(Timeout.Infinite, stop);
                            }
                            await ReplyAsync("250 OK queued");
                        }
                        break;
                    default: await ReplyAsync("500 Command unrecognized"); break;
                }
            }
        }
        catch (Exception) { /* the client went away, or the server is stopping */ }
        finally { _open.TryRemove(client, out bool _); }
    }

    /// <summary>Lines (with their line break) from a stream, read in large blocks.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    line.Write(_buffer, _start, newline + 1 - _start);
                    _start = newline + 1;
                    return line.ToArray();
                }
                line.Write(_buffer, _start, _end - _start);
                _start = _end = 0;
                var n = await stream.ReadAsync(_buffer, ct);
                if (n == 0) return line.Length > 0 ? line.ToArray() : null;
                _end = n;
            }
        }
    }

    public void Dispose() => Down();
}
