using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Shop.ServiceDefaults.Runtime;

/// <summary>
/// Raises the thread pool's floor so a burst on a freshly started process is served at once.
/// </summary>
/// <remarks>
/// The pool starts with one worker per core (two on the reference machine and in small pods) and adds about one per
/// second while they are all busy. Libraries still block threads now and then (StackExchange.Redis on a slow
/// connection, MassTransit while it starts an endpoint: see Shop.Messaging's ResponseEndpointWarmUp for the case that
/// stalled a cold cart under a burst), and on two threads a Black Friday spike queues behind each such wait. Threads
/// above the floor are created only when there is work for them, so an idle service pays nothing.
/// The floor has a price under sustained load: idle workers spin (sched_yield) looking for work before they sleep, and
/// 32 of them on two cores take CPU from the threads doing it. The gateway, which never blocks, sets the floor to 0
/// (its appsettings.json): that alone took its CPU per proxied request from about 40 to 27 µs (README, Gateway benchmark).
/// </remarks>
public static class ThreadPoolWarmStart
{
    public const string MinWorkerThreadsKey = "Shop:ThreadPool:MinWorkerThreads";
    public const int DefaultMinWorkerThreads = 32;

    public static WebApplicationBuilder AddThreadPoolWarmStart(this WebApplicationBuilder builder)
    {
        var workers = builder.Configuration.GetValue(MinWorkerThreadsKey, DefaultMinWorkerThreads);
        ThreadPool.GetMinThreads(out var currentWorkers, out var completionPorts);
        if (workers > currentWorkers)
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
        return builder;
    }
}
