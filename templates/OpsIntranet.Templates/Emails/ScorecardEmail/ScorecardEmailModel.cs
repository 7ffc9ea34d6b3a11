namespace OpsIntranet.Templates.Emails.ScorecardEmail;

/// <summary>The body of the e-mail that carries the department scorecard PDF.</summary>
public sealed record ScorecardEmailModel(string MonthLabel, int Green, int Amber, int Red, IReadOnlyList<string> NotApprovedUnits, string AttachmentName, string? IntranetUrl);
