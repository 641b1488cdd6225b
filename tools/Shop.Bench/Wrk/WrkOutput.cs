using System.Globalization;

namespace Shop.Bench.Wrk;

/// <summary>
/// What one <c>wrk --latency</c> run printed: requests per second, the latency percentiles as wrk writes them
/// ("290.00us", "2.74ms"), the requests sent, and any error answers or socket errors.
/// </summary>
/// <param name="RequestsPerSecond">The "Requests/sec:" figure.</param>
/// <param name="P50">The 50 % line of the latency distribution, as printed.</param>
/// <param name="P99">The 99 % line, as printed.</param>
/// <param name="Requests">"N requests in 10.00s".</param>
/// <param name="ErrorResponses">"Non-2xx or 3xx responses: N", 0 when wrk printed no such line.</param>
/// <param name="SocketErrors">"Socket errors: connect a, read b, write c, timeout d", added up; 0 without the line.</param>
/// <param name="Printed">The whole text, for a failure to show.</param>
public sealed record WrkOutput(double RequestsPerSecond, string P50, string P99, long Requests, long ErrorResponses, long SocketErrors, string Printed)
{
    /// <summary>Requests per second as wrk prints them (two decimals).</summary>
    public string RequestsPerSecondText => RequestsPerSecond.ToString("F2", CultureInfo.InvariantCulture);

    /// <exception cref="FormatException">The text lacks one of the figures (wrk failed, or was run without --latency).</exception>
    public static WrkOutput Parse(string text)
    {
        double? rps = null;
        string? p50 = null, p99 = null;
        long? requests = null;
        long errorResponses = 0, socketErrors = 0;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }
            if (fields[0] == "Requests/sec:" && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
            {
                rps = perSecond;
            }
            else if (fields[0] == "50%")
            {
                p50 = fields[1];
            }
            else if (fields[0] == "99%")
            {
                p99 = fields[1];
            }
            else if (fields.Length >= 3 && fields[1] == "requests" && fields[2] == "in" && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var sent))
            {
                requests = sent;
            }
            else if (line.TrimStart().StartsWith("Non-2xx", StringComparison.Ordinal))
            {
                errorResponses = long.Parse(fields[^1], CultureInfo.InvariantCulture);
            }
            else if (line.TrimStart().StartsWith("Socket errors:", StringComparison.Ordinal))
            {
                // "connect 0, read 2, write 235061, timeout 0": every second word is a count.
                socketErrors = fields.Skip(2).Where((_, i) => i % 2 == 1).Sum(count => long.Parse(count.TrimEnd(','), CultureInfo.InvariantCulture));
            }
        }
        return rps is { } r && p50 is not null && p99 is not null && requests is { } n
            ? new WrkOutput(r, p50, p99, n, errorResponses, socketErrors, text)
            : throw new FormatException("wrk printed no Requests/sec, 50 %, 99 % or request count:\n" + text);
    }
}
