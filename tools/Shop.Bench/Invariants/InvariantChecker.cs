using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Invariants;

/// <summary>
/// The guarantees a Black Friday must not break, checked on the databases once the shape has settled: every order
/// final, none twice, stock conserved, reports equal to the orders, every outbox sent, no parked message.
/// </summary>
public sealed class InvariantChecker(ShopDatabases databases, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public async Task<StockBaseline> CaptureBaselineAsync(CancellationToken cancellationToken) => new()
    {
        TakenAt = _clock.GetUtcNow(),
        Orders = (await ShopDatabaseQueries.OrderTotalsAsync(databases.Order, cancellationToken)).Orders,
        Stock = await ShopDatabaseQueries.StockAsync(databases.Catalog, cancellationToken),
        ConfirmedUnits = await ShopDatabaseQueries.ConfirmedUnitsAsync(databases.Order, cancellationToken),
    };

    /// <param name="after">What ran before the check, for the report ("scenario", "capacity search").</param>
    /// <param name="baseline">The state before the run.</param>
    /// <param name="run">
    /// The run, when the orders it was told about should all be in the database; the units it restocked before it started
    /// are added back in the stock check.
    /// </param>
    /// <param name="settle">How long to wait for pending work to finish before checking anyway.</param>
    /// <param name="errorQueues">Lists RabbitMQ's error queues with messages; null when the shape has no broker.</param>
    /// <param name="cancellationToken">Ends the wait and the queries.</param>
    public async Task<InvariantReport> CheckAsync(
        string after,
        StockBaseline baseline,
        RunReport? run,
        TimeSpan settle,
        Func<CancellationToken, Task<IReadOnlyList<string>>>? errorQueues,
        CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        DateTimeOffset? settledAt = null;
        OrderTotals orders, reported;
        long unsent;
        while (true)
        {
            orders = await ShopDatabaseQueries.OrderTotalsAsync(databases.Order, cancellationToken);
            reported = await ShopDatabaseQueries.ReportedTotalsAsync(databases.Reporting, cancellationToken);
            unsent = await ShopDatabaseQueries.UnsentOutboxMessagesAsync(databases, cancellationToken);
            if (orders.Pending == 0 && unsent == 0 && ReportsMatch(orders, reported))
            {
                settledAt = _clock.GetUtcNow();
                break;
            }
            if (waited.Elapsed >= settle)
            {
                break;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }

        var stock = await ShopDatabaseQueries.StockAsync(databases.Catalog, cancellationToken);
        var confirmedUnits = await ShopDatabaseQueries.ConfirmedUnitsAsync(databases.Order, cancellationToken);
        var duplicates = await ShopDatabaseQueries.DuplicateCheckoutsAsync(databases.Order, cancellationToken);
        var checks = new List<InvariantCheck>
        {
            OrdersFinal(orders, settle),
            new("no-duplicate-orders", "One order per checkout (buyer + idempotency key)", duplicates == 0,
                duplicates == 0 ? "no (buyer, key) pair has two orders" : $"{duplicates:N0} checkouts made more than one order"),
        };
        if (run is not null)
        {
            checks.Add(NoLostOrders(baseline, orders, run));
        }
        checks.Add(StockConserved(baseline, stock, confirmedUnits, run is null ? new Dictionary<Guid, int>() : RestockedUnits(run)));
        checks.Add(ReportsEqualOrders(orders, reported));
        checks.Add(new InvariantCheck("outboxes-sent", "Every outbox message sent", unsent == 0,
            unsent == 0 ? "no unsent row in any outbox table" : $"{unsent:N0} outbox rows still unsent"));
        if (errorQueues is not null)
        {
            var parked = await errorQueues(cancellationToken);
            checks.Add(new InvariantCheck("no-error-queue-messages", "No message parked in an _error queue", parked.Count == 0,
                parked.Count == 0 ? "every _error queue is empty" : "messages in " + string.Join(", ", parked)));
        }
        return new InvariantReport
        {
            After = after,
            CheckedAt = _clock.GetUtcNow(),
            SettledAt = settledAt,
            SettleSeconds = Math.Round(waited.Elapsed.TotalSeconds, 1),
            Orders = orders,
            Reported = reported,
            Checks = checks,
        };
    }

    public static bool ReportsMatch(OrderTotals orders, OrderTotals reported) =>
        orders.Confirmed == reported.Confirmed && orders.Cancelled == reported.Cancelled && orders.Revenue == reported.Revenue;

    public static InvariantCheck OrdersFinal(OrderTotals orders, TimeSpan settle) =>
        new("orders-final", "Every order Confirmed or Cancelled", orders.Pending == 0,
            orders.Pending == 0
                ? $"{orders.Orders:N0} orders, none pending"
                : $"{orders.Pending:N0} of {orders.Orders:N0} orders still pending after {settle.TotalSeconds:0} s");

    /// <summary>Units the generator added to the stock before the run, by product: not sales, so the stock check adds them back.</summary>
    public static IReadOnlyDictionary<Guid, int> RestockedUnits(RunReport run) =>
        run.HotProducts.Where(p => p.StockAtStart > p.StockBefore).ToDictionary(p => p.Id, p => p.StockAtStart - p.StockBefore);

    /// <summary>
    /// Every order the generator was given an id for is in the database. Orders beyond that are checkouts whose
    /// answer the client never saw (a timeout after the order was taken): not a loss, so only reported.
    /// </summary>
    public static InvariantCheck NoLostOrders(StockBaseline baseline, OrderTotals orders, RunReport run)
    {
        var created = orders.Orders - baseline.Orders;
        var told = run.Orders.OrderIds;
        var detail = created == told
            ? $"{created:N0} orders created, {told:N0} order ids given to the generator"
            : created > told
                ? $"{created:N0} orders created, {told:N0} order ids given to the generator: {created - told:N0} checkouts were taken but their answer did not reach the client"
                : $"{told - created:N0} of the {told:N0} orders the generator was given are not in the database";
        return new InvariantCheck("no-lost-orders", "Every accepted checkout is an order", created >= told, detail);
    }

    /// <summary>
    /// For every product: units that left the stock equal units in orders confirmed since the baseline. Units put into
    /// stock on purpose in between (<paramref name="restocked"/>: the generator's restock of hot products) are no sale.
    /// </summary>
    public static InvariantCheck StockConserved(
        StockBaseline baseline, IReadOnlyDictionary<Guid, int> stock, IReadOnlyDictionary<Guid, long> confirmedUnits,
        IReadOnlyDictionary<Guid, int> restocked)
    {
        var mismatches = new List<string>();
        long sold = 0;
        var touched = 0;
        foreach (var id in baseline.Stock.Keys.Union(stock.Keys))
        {
            var before = baseline.Stock.GetValueOrDefault(id) + restocked.GetValueOrDefault(id);
            var now = stock.GetValueOrDefault(id);
            var unitsConfirmed = confirmedUnits.GetValueOrDefault(id) - baseline.ConfirmedUnits.GetValueOrDefault(id);
            if (before != now || unitsConfirmed != 0)
            {
                touched++;
            }
            sold += unitsConfirmed;
            if (before - now != unitsConfirmed)
            {
                mismatches.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{id}: stock {before} → {now} but {unitsConfirmed} units confirmed"));
            }
        }
        var negative = stock.Count(s => s.Value < 0);
        var passed = mismatches.Count == 0 && negative == 0;
        var detail = passed
            ? $"{touched:N0} products sold {sold:N0} units; stock went down by exactly that{(restocked.Count > 0 ? $" (after {restocked.Values.Sum():N0} units restocked before the run)" : "")}, none below 0"
            : $"{mismatches.Count:N0} products do not add up ({string.Join("; ", mismatches.Take(3))}){(negative > 0 ? $"; {negative} below 0" : "")}";
        return new InvariantCheck("stock-conserved", "Stock conserved (initial − current = units confirmed)", passed, detail);
    }

    public static InvariantCheck ReportsEqualOrders(OrderTotals orders, OrderTotals reported)
    {
        var passed = ReportsMatch(orders, reported);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"orders: {orders.Confirmed:N0} confirmed, {orders.Cancelled:N0} cancelled, revenue {orders.Revenue:N2}; " +
            $"reports: {reported.Confirmed:N0}, {reported.Cancelled:N0}, {reported.Revenue:N2}");
        return new InvariantCheck("reports-equal-orders", "Reports equal the order database (confirmed, cancelled, revenue)", passed, detail);
    }

    /// <summary>Asks the RabbitMQ management API for <c>*_error</c> queues that hold messages.</summary>
    public static Func<CancellationToken, Task<IReadOnlyList<string>>> RabbitMqErrorQueues(HttpClient management) =>
        async cancellationToken =>
        {
            var queues = await management.GetFromJsonAsync<List<RabbitQueue>>(new Uri("api/queues", UriKind.Relative), BenchJson.Options, cancellationToken) ?? [];
            return queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0)
                .Select(q => $"{q.Name} ({q.Messages})").ToList();
        };

    private sealed record RabbitQueue(string Name, long Messages);
}
