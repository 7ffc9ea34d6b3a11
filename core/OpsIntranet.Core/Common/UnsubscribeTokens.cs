using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace OpsIntranet.Core.Common;

/// <summary>What an unsubscribe link asks for: leave one subscription's mailing list, or switch off one kind of optional reminder.</summary>
public abstract record UnsubscribeRequest;

public sealed record LeaveSubscription(int SubscriptionId, string Address) : UnsubscribeRequest;

public sealed record StopReminders(int UserId, string Kind) : UnsubscribeRequest;

/// <summary>
/// The token in an e-mail's unsubscribe link (and its List-Unsubscribe header): the request, signed and encrypted
/// with the app's data-protection keys (kept in the database, so every web node and worker reads every other's).
/// It does not expire: a link in a year-old e-mail still works, and all it can do is stop mail to its own address.
/// </summary>
public class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("OpsIntranet.Unsubscribe.v1");

    public string For(UnsubscribeRequest request) => _protector.Protect(request switch
    {
        LeaveSubscription s => $"s|{s.SubscriptionId.ToString(CultureInfo.InvariantCulture)}|{s.Address.Trim().ToLowerInvariant()}",
        StopReminders r => $"r|{r.UserId.ToString(CultureInfo.InvariantCulture)}|{r.Kind}",
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "Not an unsubscribe request."),
    });

    /// <summary>The path of the unsubscribe page for a request (the /unsubscribe page reads its "t"); every e-mail links here.</summary>
    public string Path(UnsubscribeRequest request) => "/unsubscribe?t=" + Uri.EscapeDataString(For(request));

    /// <summary>The request in a token, or null when the token is not one of ours (altered, truncated, from another installation).</summary>
    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        string text;
        try { text = _protector.Unprotect(token); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var parts = text.Split('|', 3);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        return parts[0] switch
        {
            "s" => new LeaveSubscription(id, parts[2]),
            "r" => new StopReminders(id, parts[2]),
            _ => null,
        };
    }
}
