namespace OpsIntranet.Core.Reports;

/// <summary>Why a run exists. A scheduled run is one per period; the others are one per request (their <see cref="ReportRun.TriggerKey"/>).</summary>
public enum RunTrigger
{
    Scheduled = 0,
    /// <summary>Someone asked for the report to be sent now.</summary>
    Manual = 1,
    /// <summary>A trial send, e.g. to the person setting up a report.</summary>
    Test = 2,
    /// <summary>A report sent again after its run: a new run, so its messages are new messages.</summary>
    Resend = 3,
}

/// <summary>Where a run is. Its deliveries say how the sending went; this says whether there was anything to send.</summary>
public enum RunStatus
{
    /// <summary>Created; its document is being rendered (or a crashed attempt will be retried).</summary>
    Pending = 0,
    /// <summary>Its document is stored and its deliveries are created and queued.</summary>
    Dispatched = 1,
    /// <summary>Nothing was sent on purpose: the period had no approved figures and the subscription skips such runs.</summary>
    Skipped = 2,
    /// <summary>The document could not be made (see <see cref="ReportRun.Error"/>); nothing was sent, never a blank or partial report.</summary>
    Failed = 3,
}

/// <summary>
/// One generation of a report for one period. Unique per (Report, Scope, Period, Trigger, TriggerKey):
/// a scheduled job that runs twice reuses the same run, so the document is rendered and stored once
/// and nobody is sent it twice; a manual send or a resend carries its request's key and gets its own run.
/// </summary>
public class ReportRun
{
    public int Id { get; set; }
    /// <summary>Which report, e.g. "department-scorecard".</summary>
    public required string Report { get; set; }
    /// <summary>Who or what it was generated for, e.g. "department" or a subscription id.</summary>
    public required string Scope { get; set; }
    /// <summary>The period it covers, e.g. "2026-10".</summary>
    public required string Period { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public RunTrigger Trigger { get; set; }
    /// <summary>Empty for a scheduled run; for the others, the request that made it (a job id or a form token), so a retry of that request finds its run.</summary>
    public string TriggerKey { get; set; } = "";
    /// <summary>Who asked for it (manual, test, resend); null for scheduled work. The seam where a job acts for that person.</summary>
    public int? RequestedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The document every recipient gets, in the document store; rendered once per run.</summary>
    public int? DocumentId { get; set; }
    public Documents.StoredDocument? Document { get; set; }
    /// <summary>The figures the e-mail quotes (JSON), stored with the document so every recipient and retry gets the same words.</summary>
    public string? Summary { get; set; }

    /// <summary>The subscription it was made for; null for runs that belong to no subscription (reminders, alerts).</summary>
    public int? SubscriptionId { get; set; }
    public Subscriptions.ReportSubscription? Subscription { get; set; }
    public RunStatus Status { get; set; }
    /// <summary>Why a run failed or was skipped, in words a manager can act on.</summary>
    public string? Error { get; set; }
    /// <summary>When it was dispatched, skipped or failed.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public List<ReportDelivery> Deliveries { get; } = [];
}

public enum DeliveryStatus
{
    Pending = 0,
    /// <summary>Claimed by a worker that is talking to the SMTP server right now.</summary>
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>One recipient of one run. Unique per (run, recipient): a retry can never send the same run twice to the same person.</summary>
public class ReportDelivery
{
    public int Id { get; set; }
    public int ReportRunId { get; set; }
    public ReportRun? ReportRun { get; set; }
    public required string Recipient { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Stable Message-ID, the same on every attempt, so a mail server can recognise a repeat.</summary>
    public required string MessageId { get; set; }
    /// <summary>While Sending: the time after which another worker may take the delivery over (its sender died).</summary>
    public DateTimeOffset? ClaimExpiresAt { get; set; }
    /// <summary>While Sending: which attempt holds the claim; only that attempt may record the outcome.</summary>
    public Guid? ClaimToken { get; set; }
    /// <summary>Set when the last automatic attempt failed: the delivery stays Failed until someone resends it, and the owner has been told.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }
}
