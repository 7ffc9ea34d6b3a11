namespace OpsIntranet.Core.Reports;

/// <summary>
/// One generation of a report for one period. The unique (Report, Scope, Period) key makes a
/// scheduled job that runs twice reuse the same run, so the document is rendered and stored once.
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
    public DateTimeOffset CreatedAt { get; set; }
    public string? FileName { get; set; }
    public byte[]? Document { get; set; }
    /// <summary>The figures the e-mail quotes (JSON), stored with the document so every recipient and retry gets the same words.</summary>
    public string? Summary { get; set; }
    public DateTimeOffset? DocumentRenderedAt { get; set; }

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
}
