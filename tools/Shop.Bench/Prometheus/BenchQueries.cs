using System.Globalization;

namespace Shop.Bench.Prometheus;

/// <summary>A named PromQL query; <c>{window}</c> in a total query becomes the capture window, e.g. <c>843s</c>.</summary>
public sealed record NamedQuery(string Name, string Query);

/// <summary>
/// What the report asks Prometheus. Label names are those ./shop gives its targets (service, replica) and those the
/// hosts' meters carry; health checks and scrapes are left out of request rates, since both shapes get the same.
/// </summary>
public static class BenchQueries
{
    public const string RequestsByService = "http_requests_by_service";
    public const string RequestsByModule = "http_requests_by_module";
    public const string ServerErrorsByService = "http_5xx_by_service";
    public const string GatewayP99Seconds = "gateway_p99_seconds";
    public const string OutboxPending = "outbox_pending";
    public const string OutboxOldestAgeSeconds = "outbox_oldest_pending_age_seconds";
    public const string BrokerQueueDepth = "broker_queue_depth";
    public const string ConsumersActive = "consumers_active";
    public const string MessagesConsumedByService = "messages_consumed_by_service";
    public const string CpuCoresByReplica = "cpu_cores_by_replica";
    public const string MemoryBytesByReplica = "memory_bytes_by_replica";
    public const string ThreadPoolQueueByReplica = "thread_pool_queue_by_replica";
    public const string OrdersSubmitted = "orders_submitted_per_second";
    public const string OrdersConfirmed = "orders_confirmed_per_second";
    public const string OrdersCancelled = "orders_cancelled_per_second";

    public const string TotalMessagesConsumed = "messages_consumed";
    public const string TotalOrdersSubmitted = "orders_submitted";
    public const string TotalRequests = "http_requests";
    public const string TotalCpuSecondsByService = "cpu_seconds_by_service";

    private const string NotProbes = "http_route!~\"/metrics|/health/.*\"";
    private const string Rate = "[20s]";

    public static IReadOnlyList<NamedQuery> Ranges { get; } =
    [
        new(RequestsByService, $"sum by (service) (rate(http_server_request_duration_seconds_count{{job=\"shop\",{NotProbes}}}{Rate}))"),
        new(RequestsByModule, $"sum by (shop_module) (rate(http_server_request_duration_seconds_count{{job=\"shop\",service!=\"gateway\",{NotProbes}}}{Rate}))"),
        new(ServerErrorsByService, $"sum by (service) (rate(http_server_request_duration_seconds_count{{job=\"shop\",http_response_status_code=~\"5..\"}}{Rate}))"),
        new(GatewayP99Seconds, $"histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{{service=\"gateway\",{NotProbes}}}{Rate})))"),
        new(OutboxPending, "sum by (module) (shop_messaging_outbox_pending)"),
        new(OutboxOldestAgeSeconds, "max by (module) (shop_messaging_outbox_oldest_pending_age_seconds)"),
        new(BrokerQueueDepth, "sum(rabbitmq_queue_messages)"),
        new(ConsumersActive, "sum by (service) ({__name__=~\"messaging_masstransit_consume_active.*\"})"),
        new(MessagesConsumedByService, $"sum by (service) (rate({{__name__=~\"messaging_masstransit_consume(_ea)?_total\"}}{Rate}))"),
        new(CpuCoresByReplica, $"sum by (replica) (rate(process_cpu_time_seconds_total{{job=\"shop\"}}{Rate}))"),
        new(MemoryBytesByReplica, "sum by (replica) (process_memory_usage_bytes{job=\"shop\"})"),
        new(ThreadPoolQueueByReplica, "sum by (replica) (dotnet_thread_pool_queue_length_total{job=\"shop\"})"),
        new(OrdersSubmitted, $"sum(rate(shop_order_submitted_total{Rate}))"),
        new(OrdersConfirmed, $"sum(rate(shop_order_confirmed_total{Rate}))"),
        new(OrdersCancelled, $"sum(rate(shop_order_cancelled_total{Rate}))"),
    ];

    public static IReadOnlyList<NamedQuery> Totals { get; } =
    [
        new(TotalMessagesConsumed, "sum(increase({__name__=~\"messaging_masstransit_consume(_ea)?_total\"}[{window}]))"),
        new(TotalOrdersSubmitted, "sum(increase(shop_order_submitted_total[{window}]))"),
        new(TotalRequests, $"sum by (service) (increase(http_server_request_duration_seconds_count{{job=\"shop\",{NotProbes}}}[{{window}}]))"),
        new(TotalCpuSecondsByService, "sum by (service) (increase(process_cpu_time_seconds_total{job=\"shop\"}[{window}]))"),
    ];

    /// <summary>Puts the window into a total query; whole seconds, as PromQL durations need.</summary>
    public static string WithWindow(string query, TimeSpan window) =>
        query.Replace("{window}", Math.Max(1, (long)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s", StringComparison.Ordinal);
}
