using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace OpsIntranet.Core.Identity;

/// <summary>
/// The token in an invitation's link: the invitation's id and nonce, signed and encrypted with the app's
/// data-protection keys (kept in the database, so a link made by a worker opens on any web node). Whether it may
/// still be used (once, before it expires, not revoked) is the invitation row's to say, not the token's.
/// </summary>
public class InvitationTokens(IDataProtectionProvider provider)
{
    public const string SetPasswordPath = "/account/set-password";

    private readonly IDataProtector _protector = provider.CreateProtector("OpsIntranet.Invitation.v1");

    public string For(int invitationId, string nonce) => _protector.Protect($"{invitationId.ToString(CultureInfo.InvariantCulture)}|{nonce}");

    /// <summary>The path of the "Set your password" page for an invitation; every invitation e-mail links here.</summary>
    public string Path(int invitationId, string nonce) => SetPasswordPath + "?t=" + Uri.EscapeDataString(For(invitationId, nonce));

    /// <summary>The invitation a token names, or null when the token is not one of ours (altered, truncated, from another installation).</summary>
    public (int InvitationId, string Nonce)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        string text;
        try { text = _protector.Unprotect(token); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var parts = text.Split('|', 2);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (id, parts[1]) : null;
    }
}

/// <summary>
/// Sends an invitation's e-mail through the delivery ledger. Core knows no job library: the job host implements
/// this, and <see cref="AccountAdminService"/> calls it inside the ambient transaction that saves the invitation,
/// so the invitation, its ledger run and delivery, and the job that sends it exist together or not at all.
/// </summary>
public interface IInvitationMail
{
    Task QueueAsync(AccountInvitation invitation, string email, string name, int invitedByUserId, CancellationToken ct);
}
