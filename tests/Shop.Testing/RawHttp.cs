using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Shop.Testing;

/// <summary>
/// An HTTP/1.1 request written byte for byte: what <see cref="HttpClient"/> refuses to send (raw control characters or
/// non-ASCII bytes in a header or in the request target, invalid UTF-8), so a test can send what a broken or hostile
/// client would.
/// </summary>
public sealed class RawHttpRequest
{
    private readonly List<(string Name, byte[] Value)> _headers = [];

    public RawHttpRequest(string method, byte[] target)
    {
        Method = method;
        Target = target;
    }

    /// <summary>A request whose target is <paramref name="target"/> as written (ASCII; percent-escapes stay escapes).</summary>
    public RawHttpRequest(string method, string target)
        : this(method, Encoding.UTF8.GetBytes(target))
    {
    }

    public string Method { get; }

    /// <summary>The protocol of the request line; anything but HTTP/1.0 and HTTP/1.1 is what a broken client sends.</summary>
    public string Version { get; init; } = "HTTP/1.1";

    /// <summary>The request target exactly as sent, such as <c>/api/catalog/products?q=%00</c>.</summary>
    public byte[] Target { get; }

    public byte[]? Body { get; private set; }

    public IReadOnlyList<(string Name, byte[] Value)> Headers => _headers;

    /// <summary>Adds a header whose value is the UTF-8 encoding of <paramref name="value"/>.</summary>
    public RawHttpRequest WithHeader(string name, string value) => WithHeader(name, Encoding.UTF8.GetBytes(value));

    /// <summary>Adds a header with exactly these bytes as its value.</summary>
    public RawHttpRequest WithHeader(string name, byte[] value)
    {
        _headers.Add((name, value));
        return this;
    }

    /// <summary>A body with its <c>Content-Type</c>; the <c>Content-Length</c> is added when the request is written.</summary>
    public RawHttpRequest WithBody(byte[] body, string? contentType = "application/json")
    {
        Body = body;
        if (contentType is not null)
        {
            WithHeader("Content-Type", contentType);
        }
        return this;
    }

    /// <summary>The bytes on the wire: the request line, <c>Host</c>, the headers, <c>Content-Length</c>, <c>Connection: close</c>.</summary>
    public byte[] Serialize(string host)
    {
        using var stream = new MemoryStream();
        void Write(string text) => stream.Write(Encoding.ASCII.GetBytes(text));
        Write(Method + " ");
        stream.Write(Target);
        Write(" " + Version + "\r\nHost: " + host + "\r\n");
        foreach (var (name, value) in _headers)
        {
            stream.Write(Encoding.UTF8.GetBytes(name));
            Write(": ");
            stream.Write(value);
            Write("\r\n");
        }
        if (Body is not null)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n"));
        }
        Write("Connection: close\r\n\r\n");
        if (Body is not null)
        {
            stream.Write(Body);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The request as a failure message shows it: printable ASCII as is, every other byte as <c>\xNN</c>, long runs of
    /// one byte shortened, so the exact request can be sent again.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Printable(Target)).Append(' ').Append(Version);
        foreach (var (name, value) in _headers)
        {
            text.Append(" | ").Append(Printable(Encoding.UTF8.GetBytes(name))).Append(": ").Append(Printable(value));
        }
        if (Body is not null)
        {
            text.Append(" | body (").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes): ").Append(Printable(Body));
        }
        return text.ToString();
    }

    /// <summary>Bytes as text: printable ASCII as is, others as <c>\xNN</c>, a run of more than 16 equal bytes as <c>{byte}×count</c>.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        var index = 0;
        while (index < bytes.Length)
        {
            var run = 1;
            while (index + run < bytes.Length && bytes[index + run] == bytes[index])
            {
                run++;
            }
            var shown = bytes[index] is >= 0x20 and < 0x7f and not (byte)'\\'
                ? ((char)bytes[index]).ToString()
                : string.Create(CultureInfo.InvariantCulture, $"\\x{bytes[index]:X2}");
            if (run > 16)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{{shown}×{run}}}");
                index += run;
            }
            else
            {
                text.Append(shown);
                index++;
            }
        }
        return text.ToString();
    }
}

/// <summary>A response read off the wire by <see cref="RawHttp"/>.</summary>
public sealed record RawHttpResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The values of a header joined by commas, or null when the response has none.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>The media type of <c>Content-Type</c> without parameters.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public string BodyText => Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StatusCode} [{string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))}] {RawHttpRequest.Printable(Body)}");
}

/// <summary>Sends a <see cref="RawHttpRequest"/> on a connection of its own and reads the response until the server closes it.</summary>
public static class RawHttp
{
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();

    public static async Task<RawHttpResponse> SendAsync(Uri server, RawHttpRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(request);
        using var cancellation = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellation.Token);
        var stream = client.GetStream();
        var bytes = request.Serialize(server.Authority);
        // Written while the response is read: a server that refuses the request early (a body over its limit) answers
        // and closes without reading the rest, and the write then fails while the answer is already here.
        var writing = WriteAsync(stream, bytes, cancellation.Token);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the response: the server closed with part of the request unread.
        }
        await writing;
        return Parse(received.ToArray(), request);
    }

    private static async Task WriteAsync(NetworkStream stream, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException)
        {
            // The server stopped reading; what it answered is read by the caller.
        }
    }

    private static RawHttpResponse Parse(byte[] received, RawHttpRequest request)
    {
        var headerEnd = received.AsSpan().IndexOf(s_headerEnd);
        if (headerEnd < 0)
        {
            throw new InvalidOperationException($"No complete response to {request}: {RawHttpRequest.Printable(received)}");
        }
        var lines = Encoding.Latin1.GetString(received, 0, headerEnd).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        var status = int.Parse(statusLine[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""))
            .ToList();
        var body = received.AsSpan(headerEnd + s_headerEnd.Length);
        var chunked = headers.Any(h => string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new RawHttpResponse(status, headers, chunked ? Dechunk(body) : body.ToArray());
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> body)
    {
        var content = new MemoryStream();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return content.ToArray();
            }
            var sizeText = Encoding.ASCII.GetString(body[..lineEnd]).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            body = body[(lineEnd + 2)..];
            if (size == 0 || body.Length < size)
            {
                content.Write(body[..Math.Min(size, body.Length)]);
                return content.ToArray();
            }
            content.Write(body[..size]);
            body = body[Math.Min(size + 2, body.Length)..];
        }
    }
}
