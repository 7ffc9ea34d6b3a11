using System.Security.Cryptography;
using Hangfire;
using Microsoft.Extensions.Logging;
using MimeKit;
using OpsIntranet.Core.Documents;
using OpsIntranet.Core.Reports;
using OpsIntranet.Jobs.Mail;

namespace OpsIntranet.Jobs.Delivery;

/// <summary>What one delivery of a batch came to: a result, or (Result null) a failure that a later attempt will try again.</summary>
public sealed record DeliveryOutcome(int DeliveryId, DeliveryResult? Result, string? Error);

/// <summary>
/// Sends deliveries of runs: a batch over one connection to the mail server (<see cref="ExecuteBatchAsync"/>, what the
/// dispatcher enqueues), or a single delivery (<see cref="ExecuteAsync"/>, for jobs queued before batches existed).
/// Each delivery is claimed just before it is sent, with its stable Message-ID and the run's document, and marked
/// sent just after, so a worker that dies leaves at most the one delivery it was sending in doubt. Safe to run
/// twice: a sent delivery is not sent again, and one another worker holds is left to it. A delivery that fails does
/// not stop the others; the job then fails, so Hangfire tries the batch again later (backing off), and the
/// <see cref="MaxAttempts"/>th failure of a delivery gives it up. When every delivery of a run is sent or given up,
/// the run's owner is told once (<see cref="DeliveryAlerts"/>).
/// </summary>
public class SendDeliveryJob(
    DeliveryLedger ledger, DocumentStore documents, IEnumerable<IReportMail> reports, IMailSender mail, DeliveryAlerts alerts, ILogger<SendDeliveryJob> logger)
{
    /// <summary>Attempts per delivery before it is given up: the first and five retries, about three and a half hours in all.</summary>
    public const int MaxAttempts = 6;

    // Hangfire's retries back off 1 min, 5 min, 15 min, 1 h, 2 h. More retries than a delivery's attempts, because an
    // attempt that found its delivery held by another worker used none; once every delivery is sent or given up the job succeeds.
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [60, 300, 900, 3600, 7200, 7200, 7200, 7200])]
    public async Task<DeliveryResult> ExecuteAsync(int deliveryId, CancellationToken ct)
    {
        if (await ledger.FindDeliveryAsync(deliveryId, ct) is null) throw new ArgumentException($"There is no delivery {deliveryId}.", nameof(deliveryId));
        var outcome = (await SendAsync([deliveryId], ct)).Single();
        return outcome.Result ?? throw new DeliveryFailedException(outcome.Error ?? $"Delivery {deliveryId} failed.");
    }

    /// <summary>Sends the deliveries in turn over one connection; fails (to be retried) when any is left to try again.</summary>
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [60, 300, 900, 3600, 7200, 7200, 7200, 7200])]
    public async Task<IReadOnlyList<DeliveryOutcome>> ExecuteBatchAsync(int[] deliveryIds, CancellationToken ct)
    {
        var outcomes = await SendAsync(deliveryIds, ct);
        var retry = outcomes.Where(o => o.Result is null).ToList();
        if (retry.Count > 0)
            throw new DeliveryBatchFailedException($"{retry.Count} of {outcomes.Count} deliveries will be tried again: {string.Join("; ", retry.Select(o => o.Error))}", outcomes);
        return outcomes;
    }

    /// <summary>One attempt at each delivery, in order; then the alert for every run this settled with failures.</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<int> deliveryIds, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcome>(deliveryIds.Count);
        var runs = new HashSet<int>();
        var spooled = new Dictionary<int, Stream>();
        IMailConnection? connection = null;
        MailServerUnreachableException? unreachable = null;
        // Read once for the batch, as they stood; each delivery's claim below is what decides whether it is sent.
        var found = await ledger.FindDeliveriesAsync(deliveryIds, ct);
        // The claim taken together with the previous delivery's "sent" (see DeliveryLedger.MarkSentAsync).
        (int DeliveryId, Guid? Claim)? carried = null;
        try
        {
            for (var index = 0; index < deliveryIds.Count; index++)
            {
                var deliveryId = deliveryIds[index];
                if (ct.IsCancellationRequested && carried is { Claim: { } held } && carried.Value.DeliveryId == deliveryId)
                    // Stopped between claiming this one and sending it: on record as an interrupted attempt, so it does not wait out its claim.
                    await ledger.RecordFailedAttemptAsync(deliveryId, held, "Interrupted before it was sent (the job was stopped).", MaxAttempts);
                ct.ThrowIfCancellationRequested();
                if (!found.TryGetValue(deliveryId, out var delivery))
                {
                    logger.LogWarning("Delivery {Delivery} is not in the ledger any more; nothing sent.", deliveryId);
                    continue;
                }
                runs.Add(delivery.ReportRunId);
                var run = delivery.ReportRun!;
                var what = $"{run.Report} for {run.Period}";
                if (delivery.Status == DeliveryStatus.Sent)
                {
                    outcomes.Add(new(deliveryId, DeliveryResult.AlreadySent, null));
                    continue;
                }

                var claim = carried?.DeliveryId == deliveryId ? carried.Value.Claim : await ledger.TryClaimAsync(deliveryId, ct);
                carried = null;
                if (claim is null)
                {
                    // Sent meanwhile, given up before, or another worker holds it right now (not ours to count as done).
                    var now = await ledger.FindDeliveryAsync(deliveryId, ct);
                    outcomes.Add(now?.Status == DeliveryStatus.Sent ? new(deliveryId, DeliveryResult.AlreadySent, null)
                        : now is { Status: DeliveryStatus.Failed, GaveUpAt: not null } ? new(deliveryId, DeliveryResult.GivenUp, now.LastError)
                        : new(deliveryId, null, $"The delivery of the {what} to {delivery.Recipient} is claimed by another worker; it will be checked again."));
                    continue;
                }

                try
                {
                    // The server was found unreachable for an earlier delivery of this batch: the attempt fails without waiting on it again.
                    if (unreachable is not null) throw unreachable;
                    var report = reports.SingleOrDefault(r => r.Report == run.Report) ?? throw new InvalidOperationException($"No e-mail is registered for the report '{run.Report}'.");
                    var content = await report.ComposeAsync(run, delivery, ct);
                    var attachment = run.DocumentId is { } documentId ? await AttachmentAsync(spooled, documentId, ct) : null;
                    var message = BuildMessage(delivery, content, run.Document, attachment);
                    connection ??= await mail.ConnectAsync(ct);
                    await connection.SendAsync(message, ct);
                }
                catch (Exception ex)
                {
                    if (ex is MailServerUnreachableException down) unreachable = down;
                    // Interrupted or refused: the delivery goes back to Failed (or is given up), on record even during shutdown.
                    var error = ex is OperationCanceledException ? "Interrupted before the mail server accepted it (the job was stopped)."
                        : ex is MailServerUnreachableException ? ex.Message
                        // The server's reply code says whether it was temporary (4xx) or final (5xx); people looking at the run need it.
                        : ex is MailKit.Net.Smtp.SmtpCommandException refused ? $"The mail server answered {(int)refused.StatusCode} {refused.Message}"
                        : $"{ex.GetType().Name}: {ex.Message}";
                    var gaveUp = await ledger.RecordFailedAttemptAsync(deliveryId, claim.Value, error, MaxAttempts);
                    if (ex is OperationCanceledException) throw;
                    if (gaveUp) logger.LogError(ex, "The {What} could not be sent to {Recipient}; that was the last attempt.", what, delivery.Recipient);
                    else logger.LogWarning(ex, "The {What} could not be sent to {Recipient}; it will be tried again.", what, delivery.Recipient);
                    outcomes.Add(new(deliveryId, gaveUp ? DeliveryResult.GivenUp : null, $"The delivery of the {what} to {delivery.Recipient} failed: {error}"));
                    continue;
                }

                // The mail server has it: from here on the delivery is never marked Failed, or a retry would send it twice.
                var next = NextToClaim(deliveryIds, index, found);
                var nextClaim = await ledger.MarkSentAsync(delivery, claim.Value, what, next);
                if (next is { } nextId) carried = (nextId, nextClaim);
                logger.LogInformation("The {What} was sent to {Recipient}.", what, delivery.Recipient);
                outcomes.Add(new(deliveryId, DeliveryResult.Sent, null));
            }
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
            foreach (var file in spooled.Values) await file.DisposeAsync();
        }

        // Last, so a worker that dies before it has told the owner leaves the job to be run again, which tells them then.
        foreach (var runId in runs) await alerts.WhenSettledAsync(runId, ct);
        return outcomes;
    }

    /// <summary>The delivery the loop would claim after <paramref name="index"/>: the next one in the ledger not already sent.</summary>
    private static int? NextToClaim(IReadOnlyList<int> deliveryIds, int index, Dictionary<int, ReportDelivery> found)
    {
        for (var i = index + 1; i < deliveryIds.Count; i++)
            if (found.TryGetValue(deliveryIds[i], out var next) && next.Status != DeliveryStatus.Sent) return next.Id;
        return null;
    }

    /// <summary>The run's document spooled once per batch: every message of the batch reads the same file.</summary>
    private async Task<Stream> AttachmentAsync(Dictionary<int, Stream> spooled, int documentId, CancellationToken ct)
    {
        if (!spooled.TryGetValue(documentId, out var file)) spooled[documentId] = file = await SpoolAsync(documentId, ct);
        file.Position = 0;
        return file;
    }

    /// <summary>Documents up to this size are spooled in memory; larger ones (a cycle's packets) go to a temporary file.</summary>
    public const long InMemorySpoolLimit = 8 * 1024 * 1024;

    /// <summary>
    /// The document copied from the store, checked against its SHA-256 on the way, to where the mail client may read it
    /// more than once (a server that wants the size first): memory for a report-sized file, because every message of
    /// the batch reads it again (from a temporary file that cost a fifth more per message in bench/delivery.sh), and a
    /// temporary file above <see cref="InMemorySpoolLimit"/>, so a large document is never held in memory.
    /// </summary>
    private async Task<Stream> SpoolAsync(int documentId, CancellationToken ct)
    {
        await using var opened = await documents.OpenReadAsync(documentId, ct) ?? throw new InvalidOperationException($"Document {documentId} is not in the store.");
        Stream file = opened.Document.Size is > 0 and <= InMemorySpoolLimit ? new MemoryStream((int)opened.Document.Size)
            : new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
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

/// <summary>A batch that left deliveries to try again; <see cref="Outcomes"/> says what each came to.</summary>
public class DeliveryBatchFailedException(string message, IReadOnlyList<DeliveryOutcome> outcomes) : DeliveryFailedException(message)
{
    public IReadOnlyList<DeliveryOutcome> Outcomes { get; } = outcomes;
}
