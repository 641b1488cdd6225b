using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Observability;

namespace Shop.Messaging.Requests;

/// <summary>
/// Starts the bus endpoint that request clients receive their responses on, before the first request needs it.
/// </summary>
/// <remarks>
/// MassTransit creates that endpoint on the first <c>GetResponse</c>, and every concurrent request meanwhile blocks a
/// thread pool thread in a synchronous wait (<c>ConnectRequestPipe</c>). A burst of buyers on a freshly started cart
/// blocked every thread, the endpoint's own start-up then had no thread to run on, and requests hung past the gateway's
/// timeout. Connecting once here, off the request path, leaves nothing to wait for; readiness reports Degraded until
/// it is done, so <c>./shop</c>, the tests and Kubernetes send no traffic before.
/// </remarks>
internal sealed class ResponseEndpointWarmUp(IBus bus, IBusControl busControl, ILogger<ResponseEndpointWarmUp> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan s_busStartTimeout = TimeSpan.FromSeconds(30);
    private volatile bool _warm;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_warm
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("The response endpoint of request clients is not started yet."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var health = await busControl.WaitForHealthStatus(BusHealthStatus.Healthy, s_busStartTimeout);
                if (health != BusHealthStatus.Healthy)
                {
                    continue;
                }
                // The same call a request client makes; made once, on a thread nobody is waiting for.
                var handle = await Task.Run(
                    () => ((IRequestPipeConnector)bus).ConnectRequestPipe(NewId.NextGuid(), Pipe.Empty<ConsumeContext<ResponseEndpointProbe>>()),
                    stoppingToken);
                handle.Disconnect();
                _warm = true;
                MessagingLog.ResponseEndpointStarted(logger);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                MessagingLog.ResponseEndpointWarmUpFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}

/// <summary>A message type no one sends; only its request pipe is connected, to start the response endpoint.</summary>
internal sealed record ResponseEndpointProbe;
