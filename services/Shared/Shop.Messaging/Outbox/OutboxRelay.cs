using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Messaging.Inbox;
using Shop.Messaging.Observability;
using Shop.Messaging.Persistence;

namespace Shop.Messaging.Outbox;

/// <summary>
/// Publishes the rows that <see cref="IOutbox"/> staged in <typeparamref name="TDbContext"/>, one per module DbContext
/// in every process that hosts the module.
/// </summary>
/// <remarks>
/// <para>
/// Each pass locks up to <see cref="OutboxOptions.BatchSize"/> unsent rows, oldest first, with
/// <c>FOR UPDATE SKIP LOCKED</c>, publishes them with the row id as MessageId (through a broker one by one, waiting for
/// each confirm; in process several at once, each waiting for its consumers), marks them sent and commits. Replicas running the same relay skip each other's locked rows, so no row is published
/// by two relays at once.
/// </para>
/// <para>
/// A failed publish leaves the row pending with <see cref="OutboxMessage.Attempts"/> and
/// <see cref="OutboxMessage.LastError"/> recorded and postpones that row with a doubling delay, so one bad row cannot
/// block the rows behind it; rows are never dropped. Two failures in a row end the pass (the broker is most likely down),
/// and a pass that published nothing backs the relay off, up to <see cref="OutboxOptions.MaxRetryDelay"/>. Rows
/// committed while no relay ran (a crash between commit and publish, or a broker outage) are picked up by the next pass
/// of any replica.
/// </para>
/// <para>
/// The remaining window is at least once, not exactly once: if the process dies after the broker confirmed a message
/// but before the "sent" mark commits, the row is published again, with the same MessageId, and the consumer's inbox
/// (<see cref="IdempotentConsumer{TMessage, TDbContext}"/>) drops the copy.
/// </para>
/// <para>
/// The relay wakes as soon as a local transaction that staged rows commits, and polls every
/// <see cref="OutboxOptions.PollingInterval"/> otherwise. It also deletes sent rows after
/// <see cref="OutboxOptions.SentRetention"/> and inbox rows after <see cref="OutboxOptions.InboxRetention"/>.
/// </para>
/// </remarks>
public sealed class OutboxRelay<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    private const int MaxErrorLength = 2000;
    private const int MaxConsecutiveFailures = 2;

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly OutboxDispatcher _dispatcher;
    private readonly OutboxSignal<TDbContext> _signal;
    private readonly OutboxOptions _options;
    private readonly MessagingMetrics _metrics;
    private readonly OutboxStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly string _module;

    internal OutboxRelay(
        IServiceScopeFactory scopeFactory,
        OutboxDispatcher dispatcher,
        OutboxSignal<TDbContext> signal,
        OutboxRelayRegistration<TDbContext> registration,
        IOptions<OutboxOptions> options,
        MessagingMetrics metrics,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<OutboxRelay<TDbContext>> logger)
    {
        _scopeFactory = scopeFactory;
        _dispatcher = dispatcher;
        _signal = signal;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _module = registration.Module;
        _statistics = new OutboxStatistics(_module, typeof(TDbContext).Name);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stop taking new batches as soon as the host begins to stop, while the bus is still running to finish the current one.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _lifetime.ApplicationStopping);
        var token = stopping.Token;
        // Migrations and the bus start with the host; starting earlier would only log errors about missing tables.
        if (!await WaitForApplicationStartedAsync(token))
        {
            return;
        }

        _metrics.TrackOutbox(_statistics);
        MessagingLog.RelayStarted(_logger, _module, typeof(TDbContext).Name, _options.BatchSize, _options.PollingInterval);
        try
        {
            await RunAsync(token);
        }
        finally
        {
            _metrics.UntrackOutbox(_statistics);
            MessagingLog.RelayStopped(_logger, _module);
        }
    }

    private async Task RunAsync(CancellationToken token)
    {
        var failures = 0;
        var nextStatistics = DateTimeOffset.MinValue;
        var nextCleanup = DateTimeOffset.MinValue;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (now >= nextStatistics)
                {
                    await RefreshStatisticsAsync(token);
                    nextStatistics = now + _options.StatisticsInterval;
                }
                if (now >= nextCleanup)
                {
                    await CleanupAsync(token);
                    nextCleanup = now + _options.CleanupInterval;
                }

                var batch = await RelayBatchAsync(token);
                if (batch.Failed)
                {
                    failures++;
                    await Task.Delay(_options.RetryDelay(failures), _time, token);
                    continue;
                }
                failures = 0;
                if (batch.Locked == _options.BatchSize)
                {
                    // A full batch: more rows are probably waiting.
                    continue;
                }
                await _signal.WaitAsync(_options.PollingInterval, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is unreachable or the tables are missing: keep trying, never stop the host.
                failures++;
                var delay = _options.RetryDelay(failures);
                MessagingLog.RelayFailed(_logger, exception, _module, delay);
                try
                {
                    await Task.Delay(delay, _time, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<BatchResult> RelayBatchAsync(CancellationToken stoppingToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = MessagingTables.For(db);
        var strategy = db.Database.CreateExecutionStrategy();
        // The batch itself ignores shutdown: once it has published, committing the sent marks avoids republishing.
        // Each publish is bounded by PublishTimeout, so shutdown waits at most that long.
        return await strategy.ExecuteAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await db.Set<OutboxMessage>()
                .FromSqlRaw(tables.LockPendingOutboxBatch, _time.GetUtcNow(), _options.BatchSize)
                .ToListAsync(cancellationToken);

            var concurrency = _options.DispatchConcurrency ?? _dispatcher.DefaultConcurrency;
            var (published, failures) = concurrency == 1
                ? await DispatchInOrderAsync(rows, stoppingToken)
                : await DispatchConcurrentlyAsync(rows, concurrency, stoppingToken);

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (published > 0)
            {
                MessagingLog.BatchPublished(_logger, _module, published);
            }
            return new BatchResult(rows.Count, Failed: failures > 0 && published == 0);
        }, CancellationToken.None);
    }

    private async Task<(int Published, int Failures)> DispatchInOrderAsync(List<OutboxMessage> rows, CancellationToken stoppingToken)
    {
        var published = 0;
        var failures = 0;
        var consecutiveFailures = 0;
        foreach (var row in rows)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            if (await TryDispatchAsync(row))
            {
                published++;
                consecutiveFailures = 0;
                continue;
            }
            failures++;
            // One failure may be that row's own problem (a type that no longer loads, a message the broker refuses):
            // go on with the next rows. Two in a row mean the broker is most likely down, and the remaining rows
            // would only wait out their own timeouts.
            if (++consecutiveFailures == MaxConsecutiveFailures)
            {
                break;
            }
        }
        return (published, failures);
    }

    /// <summary>
    /// Dispatches up to <paramref name="concurrency"/> rows at once. Rows not started when the host stops, or once
    /// <see cref="MaxConsecutiveFailures"/> rows failed while none succeeded, stay pending untouched for the next pass.
    /// </summary>
    private async Task<(int Published, int Failures)> DispatchConcurrentlyAsync(
        List<OutboxMessage> rows, int concurrency, CancellationToken stoppingToken)
    {
        var published = 0;
        var failures = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency };
        await Parallel.ForEachAsync(rows, options, async (row, _) =>
        {
            if (stoppingToken.IsCancellationRequested
                || (Volatile.Read(ref failures) >= MaxConsecutiveFailures && Volatile.Read(ref published) == 0))
            {
                return;
            }
            if (await TryDispatchAsync(row))
            {
                Interlocked.Increment(ref published);
            }
            else
            {
                Interlocked.Increment(ref failures);
            }
        });
        return (published, failures);
    }

    private async Task<bool> TryDispatchAsync(OutboxMessage row)
    {
        using var timeout = new CancellationTokenSource(_options.PublishTimeout, _time);
        try
        {
            await _dispatcher.DispatchAsync(row, timeout.Token);
            row.SentAt = _time.GetUtcNow();
            row.LastError = null;
            row.NextAttemptAt = null;
            _metrics.Published(_statistics);
            return true;
        }
        catch (Exception exception)
        {
            // Whatever went wrong (broker down, timeout, a type that no longer loads), the row stays and is retried.
            row.Attempts++;
            var delay = _options.RetryDelay(row.Attempts);
            row.NextAttemptAt = _time.GetUtcNow() + delay;
            row.LastError = Describe(exception);
            _metrics.PublishFailed(_statistics);
            MessagingLog.PublishFailed(_logger, exception, row.Id, row.MessageType, _module, row.Attempts, delay);
            return false;
        }
    }

    private async Task RefreshStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var pending = db.Set<OutboxMessage>().AsNoTracking().Where(message => message.SentAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = await pending.MinAsync(message => (DateTimeOffset?)message.OccurredAt, cancellationToken);
        _statistics.Update(count, oldest);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = _time.GetUtcNow();
        var sentBefore = now - _options.SentRetention;
        var processedBefore = now - _options.InboxRetention;
        var outboxRows = await db.Set<OutboxMessage>()
            .Where(message => message.SentAt != null && message.SentAt < sentBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var inboxRows = await db.Set<InboxMessage>()
            .Where(message => message.ProcessedAt < processedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        MessagingLog.CleanupCompleted(_logger, _module, outboxRows, inboxRows);
    }

    private async Task<bool> WaitForApplicationStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private readonly record struct BatchResult(int Locked, bool Failed);
}

/// <summary>Which module a relay serves, for its logs and metric tags.</summary>
internal sealed record OutboxRelayRegistration<TDbContext>(string Module)
    where TDbContext : DbContext;
