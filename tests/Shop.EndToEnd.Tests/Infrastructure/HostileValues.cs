using System.Text;
using Shop.ServiceDefaults.Http;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a careless or hostile client puts where the public API expects a value: control characters, invalid UTF-8,
/// overlong values, numbers out of range, and the text that breaks parsers, queries and paths. Each list is written as it
/// goes on the wire in its place: percent-escapes in a URI, raw bytes in a header, JSON tokens in a body.
/// </summary>
internal static class HostileValues
{
    /// <summary>Over Shop's target limit (a 414 problem) but within Kestrel's request line limit.</summary>
    public static readonly int OverTargetLimit = RequestHeadLimits.MaxTargetLength + 500;

    /// <summary>Over Kestrel's own request line limit: its bare 414.</summary>
    public static readonly int OverServerLineLimit = RequestHeadLimits.ServerMaxRequestLineSize + 500;

    /// <summary>Path segments and query values as written into the request target.</summary>
    public static readonly IReadOnlyList<string> InUri =
    [
        // Control characters, NUL first: a NUL in a query value reached PostgreSQL, which refused it (500).
        "%00", "a%00b", "%01", "%08", "%1F", "%7F", "%C2%85", "%0D%0A", "%09", "%20", "+", "",
        // Invalid UTF-8: a lone continuation byte, a truncated sequence, an encoded surrogate, beyond U+10FFFF, overlong.
        "%FF", "%80", "%C3%28", "%E2%82", "%ED%A0%80", "%F4%90%80%80", "%C0%AF",
        // Valid but unusual Unicode: accents, CJK, emoji, the replacement character, a BOM, a right-to-left override.
        "%C3%A9", "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80", "%EF%BF%BD", "%EF%BB%BF", "%E2%80%AE",
        // Broken escapes and characters that mean something to paths, URIs, SQL, LIKE or HTML.
        "%", "%%", "%zz", "%2", "%25", "%2F", "%5C", "..", "%2E%2E", "%2E%2E%2F%2E%2E%2Fhealth%2Flive", "'", "%27%3B%20DROP%20TABLE%20products%3B--",
        "%22", "%3Cscript%3E", "*", "_", "%5F%25", "~", "%3F", "%23", "%26", "%3D", "a=b&c",
        // Numbers: signs, bounds of int and long, decimals, exponents, hex, padding, non-ASCII digits.
        "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999",
        "1e3", "1.5", "0x10", "%2B1", "%201", "1%20", "NaN", "Infinity", "-0", "%EF%BC%91",
        // Ids: the empty GUID, GUIDs in other formats, almost-GUIDs.
        "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "(00000000-0000-0000-0000-000000000000)",
        "00000000000000000000000000000000", "00000000-0000-0000-0000-00000000000g", "not-a-guid",
        // Dates at and beyond the ends of DateTimeOffset, impossible dates, other formats.
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00",
        "2026-02-30T00:00:00Z", "-0001-01-01", "2026-01-01", "1700000000", "now",
        // Words some parameters expect, in other cases and spellings.
        "minute", "HOUR", "second", "electronics", "ELECTRONICS", "-electronics", "electronics--x",
        // Long: over the search and slug limits, long but within the target limit, over it, and over Kestrel's.
        new string('a', 101), new string('a', 5000), string.Concat(Enumerable.Repeat("%41", 2000)),
        new string('a', OverTargetLimit), new string('a', OverServerLineLimit),
    ];

    /// <summary>Header values as raw bytes.</summary>
    public static readonly IReadOnlyList<byte[]> InHeader =
    [
        [], " "u8.ToArray(), "\t"u8.ToArray(), "a\tb"u8.ToArray(), "a, b"u8.ToArray(), "a;b=c"u8.ToArray(),
        // Control characters (RFC 9110 allows none but HTAB); a NUL is Kestrel's bare 400.
        [0x01], [0x1F], [0x7F], [0x1B, .. "[31m"u8], [0x00], [0x61, 0x00, 0x62],
        // Bytes above 0x7F: UTF-8 é (the Idempotency-Key that answered 502), other UTF-8, Latin-1 é, invalid UTF-8.
        [0xC3, 0xA9], [.. "caf"u8, 0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBB, 0xBF],
        [0xE9], [0xFF], [0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80],
        // Text that means something elsewhere.
        "=?utf-8?q?=C3=A9?="u8.ToArray(), "%00"u8.ToArray(), "%C3%A9"u8.ToArray(), "\"quoted\""u8.ToArray(),
        "()<>@,;:\\\"/[]?={}"u8.ToArray(), "../../etc/passwd"u8.ToArray(), "-1"u8.ToArray(), "99999999999999999999"u8.ToArray(),
        // Long: within Shop's header limit, over it (a 431 problem), and over Kestrel's (its bare 431).
        Repeat('a', 5000), Repeat('a', 20_000),
        Repeat('a', RequestHeadLimits.MaxHeadersTotalSize + 1000), Repeat('a', RequestHeadLimits.ServerMaxHeadersTotalSize + 1000),
    ];

    /// <summary>Tokens that take the place of one field's value in a JSON body.</summary>
    public static readonly IReadOnlyList<byte[]> AsJsonValue =
    [
        .. new[]
        {
            "null", "true", "false", "\"\"", "\"x\"", "[]", "{}", "[1]", "{\"a\":1}",
            "0", "-0", "1", "-1", "1.5", "0.001", "1e2", "1E-2", "1e400", "-1e400", "1e-400",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775808", "79228162514264337593543950336",
            "0.0000000000000000000000000000001", "1.00000000000000000000000000001", "999999.99", "999999.999", "1000000", "1000000.01",
            "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"1\"", "\"1e400\"", "0x10", "01", "+1", ".5", "1.", "1 2",
            "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0001\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u00e9\"", "\"\\x\"", "\"unterminated",
            "\"" + new string('a', 100) + "\"", "\"" + new string('a', 60_000) + "\"",
        }.Select(Encoding.UTF8.GetBytes),
        "\"caf\u00e9\""u8.ToArray(), [(byte)'"', 0xFF, 0xFE, (byte)'"'], [(byte)'"', 0xC3, 0x28, (byte)'"'], [(byte)'"', 0x01, (byte)'"'],
    ];

    /// <summary>Whole bodies in place of a route's JSON body, each with the content type it is sent with.</summary>
    public static IReadOnlyList<(string Name, byte[] Body, string? ContentType)> Bodies(string validJson) =>
    [
        ("empty", [], "application/json"),
        ("null", "null"u8.ToArray(), "application/json"),
        ("array", "[]"u8.ToArray(), "application/json"),
        ("empty object", "{}"u8.ToArray(), "application/json"),
        ("string", "\"x\""u8.ToArray(), "application/json"),
        ("open brace", "{"u8.ToArray(), "application/json"),
        ("truncated", Encoding.UTF8.GetBytes(validJson[..^1]), "application/json"),
        ("trailing garbage", Encoding.UTF8.GetBytes(validJson + "}x"), "application/json"),
        ("two documents", Encoding.UTF8.GetBytes(validJson + validJson), "application/json"),
        ("single quotes", Encoding.UTF8.GetBytes(validJson.Replace('"', '\'')), "application/json"),
        ("comments", Encoding.UTF8.GetBytes("/* x */" + validJson), "application/json"),
        ("not JSON", "not json"u8.ToArray(), "application/json"),
        ("invalid UTF-8", [0xFF, 0xFE, 0xFD], "application/json"),
        ("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(validJson)], "application/json"),
        ("UTF-16 with its charset", Encoding.Unicode.GetBytes(validJson), "application/json; charset=utf-16"),
        ("UTF-8 labelled UTF-16", Encoding.UTF8.GetBytes(validJson), "application/json; charset=utf-16"),
        ("unknown charset", Encoding.UTF8.GetBytes(validJson), "application/json; charset=no-such-charset"),
        ("empty charset", Encoding.UTF8.GetBytes(validJson), "application/json; charset="),
        ("deep arrays", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), "application/json"),
        ("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000)), "application/json"),
        ("many fields", Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\"f{i}\":{i}")) + "}"), "application/json"),
        ("within the body limit", Padded(validJson, 60 * 1024), "application/json"),
        ("over the body limit", Padded(validJson, 70 * 1024), "application/json"),
        ("far over the body limit", Padded(validJson, 2 * 1024 * 1024), "application/json"),
        ("text/plain", Encoding.UTF8.GetBytes(validJson), "text/plain"),
        ("no content type", Encoding.UTF8.GetBytes(validJson), null),
        ("form", "price=1&quantity=1"u8.ToArray(), "application/x-www-form-urlencoded"),
        ("multipart without a boundary", Encoding.UTF8.GetBytes(validJson), "multipart/form-data"),
        ("content type */*", Encoding.UTF8.GetBytes(validJson), "*/*"),
        ("content type garbage", Encoding.UTF8.GetBytes(validJson), ";;;"),
    ];

    private static byte[] Repeat(char character, int count) => Encoding.ASCII.GetBytes(new string(character, count));

    /// <summary>The valid body with an extra string field that brings it to <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string validJson, int size)
    {
        var prefix = validJson[..^1] + (validJson.Length > 2 ? "," : "") + "\"padding\":\"";
        return Encoding.UTF8.GetBytes(prefix + new string('x', Math.Max(0, size - prefix.Length - 2)) + "\"}");
    }
}
