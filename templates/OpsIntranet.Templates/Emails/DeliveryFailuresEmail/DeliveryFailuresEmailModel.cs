namespace OpsIntranet.Templates.Emails.DeliveryFailuresEmail;

/// <summary>The owner's alert for a run whose deliveries were given up: which report, which period, and each failure.</summary>
public sealed record DeliveryFailuresEmailModel(int RunId, string ReportLabel, string Period, int Sent, string RunLink, IReadOnlyList<DeliveryFailureLine> Failures)
{
    public string Subject => Failures.Count == 1
        ? $"1 e-mail of the {ReportLabel} for {Period} could not be delivered"
        : $"{Failures.Count} e-mails of the {ReportLabel} for {Period} could not be delivered";
}

/// <summary>One given-up delivery: to whom, after how many attempts, the mail server's last answer and when (Eastern time, as written).</summary>
public sealed record DeliveryFailureLine(string Recipient, int Attempts, string? LastError, string? LastAttempt);
