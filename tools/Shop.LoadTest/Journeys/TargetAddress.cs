using System.Net;

namespace Shop.LoadTest.Journeys;

/// <summary>Load tests send traffic only to this machine unless told otherwise: a mistyped URL must not load someone's server.</summary>
public static class TargetAddress
{
    /// <summary>
    /// Parses an http(s) base address (adding the trailing slash relative paths need) and refuses one that is not
    /// loopback (127.0.0.0/8, ::1, localhost) unless <paramref name="allowRemote"/>.
    /// </summary>
    public static Uri Parse(string value, bool allowRemote)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{value}' is not an http:// or https:// address.", nameof(value));
        }
        if (!allowRemote && !IsLoopback(uri))
        {
            throw new ArgumentException($"'{value}' is not on this machine: load tests send traffic only to 127.0.0.1 or localhost (pass --allow-remote to override).", nameof(value));
        }
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/" + uri.Query);
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
