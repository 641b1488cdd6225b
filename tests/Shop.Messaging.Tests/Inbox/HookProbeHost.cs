using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Inbox;

/// <summary>
/// A host with <see cref="HookProbeConsumer"/> alone (module <c>hooks</c>, queue <c>hooks-hook-probe</c>), composed like a
/// Shop service host. It tells when a delivery is finished, retries included, and keeps the warnings it logged.
/// </summary>
public sealed class HookProbeHost : IAsyncDisposable
{
    public const string Queue = "hooks-hook-probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;
    private readonly FinishedDeliveries _finished;

    private HookProbeHost(IHost host, FinishedDeliveries finished, LogCapture logs)
    {
        _host = host;
        _finished = finished;
        Logs = logs;
    }

    public HookJournal Journal => _host.Services.GetRequiredService<HookJournal>();

    public LogCapture Logs { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<HookProbeHost> StartAsync(MessagingFixture fixture)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "Shop.Messaging.Tests.Hooks",
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ShopMessaging.TransportKey] = nameof(MessagingTransport.RabbitMq),
            ["ConnectionStrings:" + ShopMessaging.RabbitMqConnectionStringName] = fixture.VirtualHost.AmqpUri,
        });
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        var ready = new EndpointReady();
        var finished = new FinishedDeliveries();
        builder.Services.AddSingleton<HookJournal>();
        builder.Services.AddReceiveEndpointObserver(_ => ready);
        builder.Services.AddReceiveObserver(_ => finished);
        // Retry on failure as production modules do: the hooks must hold inside the execution strategy.
        builder.Services.AddDbContext<TestDbContext>(options =>
            options.UseNpgsql(fixture.Database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure()));
        builder.Services.AddModuleMessaging("hooks", hooks => hooks.AddConsumer<HookProbeConsumer>());
        builder.AddShopMessaging();

        var host = builder.Build();
        try
        {
            await host.StartAsync();
            await ready.Task.WaitAsync(Timeout);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new HookProbeHost(host, finished, logs);
    }

    /// <summary>Sends <paramref name="probe"/> with <paramref name="messageId"/> to the probe's queue.</summary>
    public async Task SendAsync(HookProbe probe, Guid messageId)
    {
        var endpoint = await _host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:" + Queue));
        await endpoint.Send(probe, context => context.MessageId = messageId);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> deliveries of <paramref name="messageId"/> are finished: consumed with every
    /// retry, then acknowledged or moved to the error queue.
    /// </summary>
    public Task DeliveriesFinishedAsync(Guid messageId, int count = 1) => _finished.WaitAsync(messageId, count);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }

    /// <summary>Completes once the probe's receive endpoint consumes from its queue.</summary>
    private sealed class EndpointReady : IReceiveEndpointObserver
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _ready.Task;

        public Task Ready(ReceiveEndpointReady ready)
        {
            if (ready.InputAddress.AbsolutePath.EndsWith("/" + Queue, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

        public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
    }

    /// <summary>Counts receives that ran to the end; MassTransit's message retry happens inside one receive.</summary>
    private sealed class FinishedDeliveries : IReceiveObserver
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<Guid, int> _counts = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WaitAsync(Guid messageId, int count)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (_counts.GetValueOrDefault(messageId) >= count)
                    {
                        return;
                    }
                    changed = _changed.Task;
                }
                try
                {
                    await changed.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Timed out after {Timeout.TotalSeconds:0} s waiting until {count} deliveries of {messageId} were finished.");
                }
            }
        }

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context) => Finished(context);

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Finished(context);

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        private Task Finished(ReceiveContext context)
        {
            if (context.GetMessageId() is not { } messageId)
            {
                return Task.CompletedTask;
            }
            lock (_lock)
            {
                _counts[messageId] = _counts.GetValueOrDefault(messageId) + 1;
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return Task.CompletedTask;
        }
    }
}

/// <summary>Keeps the warnings and errors a host logs, with their event ids and exceptions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public sealed record CapturedLog(EventId EventId, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._entries.Enqueue(new CapturedLog(eventId, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
