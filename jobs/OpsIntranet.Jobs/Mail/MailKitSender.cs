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
}

public class MailKitSender(IOptions<SmtpOptions> options) : IMailSender
{
    private readonly SmtpOptions _options = options.Value;

    public MailboxAddress From => new(_options.FromName, _options.FromAddress);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = _options.TimeoutSeconds * 1000 };
        await client.ConnectAsync(_options.Host, _options.Port, _options.Security, ct);
        if (!string.IsNullOrEmpty(_options.UserName))
            await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        // The server has accepted the message; a failure to say goodbye must not look like a failed send.
        try { await client.DisconnectAsync(quit: true, CancellationToken.None); }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or OperationCanceledException or System.Net.Sockets.SocketException) { }
    }
}
