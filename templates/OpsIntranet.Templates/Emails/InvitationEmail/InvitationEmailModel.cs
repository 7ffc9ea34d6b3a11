using System.Text;

namespace OpsIntranet.Templates.Emails.InvitationEmail;

/// <summary>The invitation to set a password: who invited whom, the one-time link and until when it works.</summary>
public sealed record InvitationEmailModel(string Name, string Email, string InvitedBy, string SetPasswordUrl, string ExpiresText)
{
    public const string Title = "You are invited to the Customer Operations intranet";

    /// <summary>The plain-text alternative: the same words, the link written out.</summary>
    public string ToText() => new StringBuilder()
        .Append("Hello ").Append(Name).Append(",\n\n")
        .Append(InvitedBy).Append(" has made you an account on the Customer Operations intranet. You sign in as ").Append(Email).Append(".\n\n")
        .Append("Set your password: ").Append(SetPasswordUrl).Append("\n\n")
        .Append("The link works once, until ").Append(ExpiresText).Append(". If it has expired, ask an administrator to send a new invitation.\n")
        .Append("If you did not expect this e-mail, you can ignore it.\n")
        .ToString();
}
