using System.Security.Cryptography;
using Hangfire;
using Microsoft.Extensions.Logging;
using MimeKit;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Mail;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>
/// Sends one delivery of one run: claims it, sends it with its stable Message-ID and the run's document, and
/// marks it sent. Safe to run twice: a sent delivery is not sent again, and a delivery another worker holds is
/// left to it (this job fails and Hangfire tries it again later, when that worker is done or its claim has expired).
/// </summary>
public class SendDeliveryJob(DeliveryLedger ledger, DocumentStore documents, IEnumerable<IReportMail> reports, IMailSender mail, ILogger<SendDeliveryJob> logger)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 7200])]
    public async Task<DeliveryResult> ExecuteAsync(int deliveryId, CancellationToken ct)
    {
        var delivery = await ledger.FindDeliveryAsync(deliveryId, ct) ?? throw new ArgumentException($"There is no delivery {deliveryId}.", nameof(deliveryId));
        var run = delivery.ReportRun!;
        var what = $"{run.Report} for {run.Period}";
        if (delivery.Status == DeliveryStatus.Sent) return DeliveryResult.AlreadySent;
        var report = reports.SingleOrDefault(r => r.Report == run.Report) ?? throw new InvalidOperationException($"No e-mail is registered for the report '{run.Report}'.");

        var claim = await ledger.TryClaimAsync(delivery.Id, ct);
        if (claim is null)
        {
            // Another worker holds it right now (or just sent it): not ours to count as done.
            if (await ledger.IsSentAsync(delivery.Id, ct)) return DeliveryResult.AlreadySent;
            throw new DeliveryFailedException($"The delivery of the {what} to {delivery.Recipient} is claimed by another worker; this job will check it again.");
        }

        try
        {
            var content = await report.ComposeAsync(run, delivery, ct);
            await using var attachment = run.DocumentId is { } documentId ? await SpoolAsync(documentId, ct) : null;
            await mail.SendAsync(BuildMessage(delivery, content, run.Document, attachment), ct);
        }
        catch (Exception ex)
        {
            // Interrupted or refused: the delivery goes back to Failed, on record even during shutdown.
            var error = ex is OperationCanceledException ? "Interrupted before the mail server accepted it (the job was stopped)." : $"{ex.GetType().Name}: {ex.Message}";
            await ledger.RecordFailureAsync(delivery.Id, claim.Value, error);
            if (ex is OperationCanceledException) throw;
            logger.LogError(ex, "The {What} could not be sent to {Recipient}.", what, delivery.Recipient);
            // Failing the job makes Hangfire retry it later (and shows it on the dashboard).
            throw new DeliveryFailedException($"The delivery of the {what} to {delivery.Recipient} failed: {error}", ex);
        }

        // The mail server has it: from here on the delivery is never marked Failed, or a retry would send it twice.
        await ledger.MarkSentAsync(delivery, claim.Value, what);
        logger.LogInformation("The {What} was sent to {Recipient}.", what, delivery.Recipient);
        return DeliveryResult.Sent;
    }

    /// <summary>
    /// The document copied from the store to a temporary file, checked against its SHA-256 on the way: the file is
    /// never held in memory, and the mail client may read it more than once (a server that wants the size first).
    /// </summary>
    private async Task<Stream> SpoolAsync(int documentId, CancellationToken ct)
    {
        await using var opened = await documents.OpenReadAsync(documentId, ct) ?? throw new InvalidOperationException($"Document {documentId} is not in the store.");
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int n;
            while ((n = await opened.Content.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            if (Convert.ToHexStringLower(sha.GetHashAndReset()) != opened.Document.Sha256)
                throw new InvalidOperationException($"Document {documentId} does not match its SHA-256; it is not sent.");
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private MimeMessage BuildMessage(ReportDelivery delivery, ReportMailContent content, StoredDocument? document, Stream? attachment)
    {
        var message = new MimeMessage { Subject = content.Subject, MessageId = delivery.MessageId };
        message.From.Add(mail.From);
        message.To.Add(MailboxAddress.Parse(delivery.Recipient));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        foreach (var (name, value) in content.Headers ?? []) message.Headers.Add(name, value);
        var body = new BodyBuilder { HtmlBody = content.HtmlBody, TextBody = content.TextBody };
        if (document is not null && attachment is not null)
        {
            // A part over the stream itself: BodyBuilder's Attachments.Add(name, stream) would copy the file into memory.
            body.Attachments.Add(new MimePart(ContentType.Parse(document.ContentType))
            {
                Content = new MimeContent(attachment),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = document.FileName,
            });
        }
        message.Body = body.ToMessageBody();
        return message;
    }
}

public class DeliveryFailedException(string message, Exception? inner = null) : Exception(message, inner);
