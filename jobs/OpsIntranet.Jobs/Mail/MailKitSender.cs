using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OpsIntranet.Jobs.Mail;

/// <summary>SMTP settings (configuration section "Smtp").</summary>
public class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "opsintranet@cityutility.example";
    public string FromName { get; set; } = "OpsIntranet";
    public int TimeoutSeconds { get; set; } = 30;
}

public interface IMailSender
{
    MailboxAddress From { get; }
    Task SendAsync(MimeMessage message, CancellationToken ct);

    /// <summary>
    /// A connection for several messages in turn (a batch of deliveries). The default sends each message on its own,
    /// for senders that have no connection to keep.
    /// </summary>
    Task<IMailConnection> ConnectAsync(CancellationToken ct) => Task.FromResult<IMailConnection>(new OneMessageAtATime(this));

    private sealed class OneMessageAtATime(IMailSender sender) : IMailConnection
    {
        public Task SendAsync(MimeMessage message, CancellationToken ct) => sender.SendAsync(message, ct);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>One open connection to the mail server. A message it refuses (4xx, 5xx) leaves it usable; a dropped connection is opened again on the next message.</summary>
public interface IMailConnection : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>A failure to reach the mail server at all (connect, TLS, authentication), as opposed to a refusal of one message.</summary>
public class MailServerUnreachableException(string message, Exception inner) : Exception(message, inner);

public class MailKitSender(IOptions<SmtpOptions> options) : IMailSender
{
    private readonly SmtpOptions _options = options.Value;

    public MailboxAddress From => new(_options.FromName, _options.FromAddress);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        await connection.SendAsync(message, ct);
    }

    public async Task<IMailConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new Connection(_options);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Connection(SmtpOptions options) : IMailConnection
    {
        private readonly SmtpClient _client = new() { Timeout = options.TimeoutSeconds * 1000 };

        public async Task OpenAsync(CancellationToken ct)
        {
            try
            {
                await _client.ConnectAsync(options.Host, options.Port, options.Security, ct);
                if (!string.IsNullOrEmpty(options.UserName))
                    await _client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.Security.AuthenticationException
                                       or SslHandshakeException or SmtpCommandException or SmtpProtocolException or TimeoutException)
            {
                throw new MailServerUnreachableException($"The mail server {options.Host}:{options.Port} could not be reached: {ex.Message}", ex);
            }
        }

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            // The server may have closed an idle connection, or dropped it after an earlier message failed.
            if (!_client.IsConnected) await OpenAsync(ct);
            await _client.SendAsync(message, ct);
        }

        public async ValueTask DisposeAsync()
        {
            // Every message sent was accepted already; a failure to say goodbye must not look like a failed send.
            try { if (_client.IsConnected) await _client.DisconnectAsync(quit: true, CancellationToken.None); }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or OperationCanceledException or System.Net.Sockets.SocketException) { }
            _client.Dispose();
        }
    }
}
