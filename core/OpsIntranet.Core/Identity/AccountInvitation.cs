namespace OpsIntranet.Core.Identity;

/// <summary>
/// An invitation to set the password of an account an administrator made: sent by e-mail through the delivery
/// ledger, its link works once and until <see cref="ExpiresAt"/>. A new invitation to the same account revokes the
/// older ones. The link carries <see cref="Nonce"/> encrypted with the app's data-protection keys, never stored in clear
/// by the mail (each attempt at sending encrypts it anew), so the ledger holds no usable link.
/// </summary>
public class AccountInvitation
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public AppUser? User { get; set; }
    /// <summary>Random, unique: what the link must carry, so an invitation id alone opens nothing.</summary>
    public required string Nonce { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int? InvitedByUserId { get; set; }
    /// <summary>When the password was set with it: a second use is refused.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    /// <summary>When a newer invitation (or disabling the account) made it void.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
