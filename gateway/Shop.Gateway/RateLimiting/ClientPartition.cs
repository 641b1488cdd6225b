using System.Net;
using Shop.ServiceDefaults.Auth;

namespace Shop.Gateway.RateLimiting;

/// <summary>
/// Who a request counts against: the validated token's subject when there is one (a buyer keeps the same budget
/// across addresses, and users behind one NAT do not share one), otherwise the remote address.
/// </summary>
/// <remarks>
/// A value type over objects the request already holds (the claim string, the connection's address), so choosing
/// the partition allocates nothing. A forged or expired token is rejected earlier (<see cref="Auth.PresentedTokenAuthenticationMiddleware"/>)
/// and falls back to the address, so it cannot buy a fresh budget.
/// </remarks>
internal readonly record struct ClientPartition(string? Subject, IPAddress? Address)
{
    public static ClientPartition For(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.FindFirst(ShopClaims.Subject) is { Value.Length: > 0 } subject)
        {
            return new ClientPartition(subject.Value, null);
        }
        return new ClientPartition(null, context.Connection.RemoteIpAddress);
    }

    /// <summary>Metric and log tag: which kind of key the request was counted against.</summary>
    public string Kind => Subject is null ? "address" : "subject";
}
