using System.Net;
using System.Text;
using Shop.Bench.Prometheus;

namespace Shop.Bench.Tests.Prometheus;

public sealed class PrometheusClientTests
{
    private static readonly NamedQuery s_query = new("outbox_pending", "sum by (module) (shop_messaging_outbox_pending)");

    [Fact]
    public void Parse_Matrix_KeepsLabelsWithoutTheNameAndDropsNonFiniteValues()
    {
        const string body = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"x","module":"order"},"values":[[1795685000,"3"],[1795685005,"NaN"],[1795685010,"+Inf"],[1795685015,"1.5"]]},
              {"metric":{"module":"catalog"},"values":[]}]}}
            """;

        var capture = PrometheusClient.Parse(s_query, body);

        Assert.Null(capture.Error);
        Assert.Equal(2, capture.Series.Count);
        Assert.Equal(new Dictionary<string, string> { ["module"] = "order" }, capture.Series[0].Labels);
        Assert.Equal([new MetricPoint(1795685000, 3), new MetricPoint(1795685015, 1.5)], capture.Series[0].Points);
        Assert.Equal("order", capture.Series[0].DisplayName);
    }

    [Fact]
    public void Parse_VectorAndError_ReadsTheValueOrKeepsTheMessage()
    {
        var vector = PrometheusClient.Parse(s_query, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795685000,"42"]}]}}""");
        var error = PrometheusClient.Parse(s_query, """{"status":"error","errorType":"bad_data","error":"parse error at char 5"}""");

        Assert.Equal(42, vector.Sum());
        Assert.Equal("total", vector.Series[0].DisplayName);
        Assert.Equal("parse error at char 5", error.Error);
        Assert.Empty(error.Series);
    }

    [Fact]
    public async Task CaptureAsync_Window_AsksEveryRangeAndTotalWithTheWindowFilledIn()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:29090/") };
        var from = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

        var capture = await new PrometheusClient(http).CaptureAsync(from, from.AddSeconds(842.5), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(BenchQueries.Ranges.Count, capture.Ranges.Count);
        Assert.Equal(BenchQueries.Totals.Count, capture.Totals.Count);
        Assert.Equal((2, 3), (capture.TargetsUp, capture.Targets));
        var ranges = handler.Requests.Where(r => r.AbsolutePath == "/api/v1/query_range").ToList();
        Assert.Equal(BenchQueries.Ranges.Count, ranges.Count);
        Assert.All(ranges, r => Assert.Contains($"&start={from.ToUnixTimeSeconds()}&end={from.ToUnixTimeSeconds() + 842.5}&step=5", r.Query, StringComparison.Ordinal));
        var totals = handler.Requests.Where(r => r.AbsolutePath == "/api/v1/query").Select(r => Uri.UnescapeDataString(r.Query)).ToList();
        Assert.All(totals, q => Assert.Contains("[843s]", q, StringComparison.Ordinal));
        Assert.All(capture.Totals, t => Assert.DoesNotContain("{window}", t.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaptureAsync_PrometheusDown_RecordsTheErrorPerQueryInsteadOfFailing()
    {
        using var http = new HttpClient(new RefusingHandler()) { BaseAddress = new Uri("http://127.0.0.1:29090/") };
        var from = DateTimeOffset.UnixEpoch.AddYears(56);

        var capture = await new PrometheusClient(http).CaptureAsync(from, from.AddMinutes(1), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.All(capture.Ranges.Concat(capture.Totals), q => Assert.Equal("connection refused", q.Error));
        Assert.Equal((0, 0), (capture.TargetsUp, capture.Targets));
    }

    [Fact]
    public void WithWindow_FractionalSeconds_RoundsUpToWholeSeconds() =>
        Assert.Equal("increase(x[61s])", BenchQueries.WithWindow("increase(x[{window}])", TimeSpan.FromSeconds(60.2)));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            var body = request.RequestUri!.AbsolutePath switch
            {
                "/api/v1/targets" => """
                    {"status":"success","data":{"activeTargets":[
                      {"labels":{"job":"shop"},"health":"up"},{"labels":{"job":"shop"},"health":"up"},{"labels":{"job":"shop"},"health":"down"},
                      {"labels":{"job":"rabbitmq"},"health":"down"}]}}
                    """,
                "/api/v1/query" => """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"7"]}]}}""",
                _ => """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"service":"order"},"values":[[1,"1"],[6,"2"]]}]}}""",
            };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
