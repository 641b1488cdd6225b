using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Reporting.Diagnostics;

namespace Shop.Reporting.Faults;

/// <summary>What the hog is doing: whether threads are burning, how many, and until when.</summary>
/// <param name="Active">Whether a hog runs now.</param>
/// <param name="Threads">The threads it burns on (0 when none runs).</param>
/// <param name="EndsAt">When it stops by itself (null when none runs).</param>
internal sealed record CpuHogStatus(bool Active, int Threads, DateTimeOffset? EndsAt)
{
    public static CpuHogStatus Idle { get; } = new(false, 0, null);
}

/// <summary>
/// A deliberate noisy neighbour: threads that spin on arithmetic for a while, so that whatever shares this process (or
/// its CPU limit) with the reporting module competes for the cores. One hog at a time; starting another replaces it.
/// The threads are created only by <see cref="Start"/>, which refuses unless the fault switch is on.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    public const int MaxThreads = 64;
    public const int MinSeconds = 1;
    public const int MaxSeconds = 600;

    public const string ThreadsGauge = "shop.reporting.faults.cpu_hog.threads";

    /// <summary>Written once per thread when it stops, so the loop's result is used and the loop cannot be dropped.</summary>
    private static double s_sink;

    private readonly Lock _gate = new();
    private readonly IOptions<FaultOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CpuHog> _logger;
    private Burn? _burn;
    private int _burningThreads;

    public CpuHog(IOptions<FaultOptions> options, TimeProvider time, ILogger<CpuHog> logger, IMeterFactory meterFactory)
    {
        _options = options;
        _time = time;
        _logger = logger;
        meterFactory.Create(ReportingMetrics.MeterName).CreateObservableGauge(ThreadsGauge, () => BurningThreads, "{thread}",
            "Threads the reporting module's CPU hog fault is spinning on (0 unless a fault experiment runs).");
    }

    /// <summary>The threads inside the spinning loop right now; 0 once a stopped hog's threads have left it.</summary>
    public int BurningThreads => Volatile.Read(ref _burningThreads);

    public CpuHogStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _burn is { IsRunning: true } burn ? new CpuHogStatus(true, burn.Threads, burn.EndsAt) : CpuHogStatus.Idle;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="threads"/> threads spinning for <paramref name="duration"/>; a hog already running is
    /// stopped first, so the new one's threads and end time replace it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The fault switch is off.</exception>
    public CpuHogStatus Start(int threads, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, MaxThreads);
        if (!_options.Value.Enabled)
        {
            throw new InvalidOperationException($"The CPU hog runs only with {FaultOptions.EnabledKey} = true.");
        }
        lock (_gate)
        {
            StopLocked("replaced");
            var burn = new Burn(threads, _time.GetUtcNow() + duration, new CancellationTokenSource(duration, _time));
            _burn = burn;
            for (var index = 0; index < threads; index++)
            {
                // Background threads: a hog never keeps a stopping host alive. Normal priority, like the work it disturbs.
                new Thread(() => Spin(burn)) { IsBackground = true, Name = $"reporting-cpu-hog-{index + 1}" }.Start();
            }
            _logger.CpuHogStarted(threads, duration.TotalSeconds, burn.EndsAt);
            return new CpuHogStatus(true, burn.Threads, burn.EndsAt);
        }
    }

    /// <summary>Stops the hog, if one runs, and returns once its threads have left the loop.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            StopLocked("stopped");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            StopLocked("host stopping");
        }
    }

    private void StopLocked(string reason)
    {
        if (_burn is not { } burn)
        {
            return;
        }
        _burn = null;
        if (burn.IsRunning)
        {
            burn.StopReason = reason;
            burn.Cancellation.Cancel();
        }
        // The loop looks at the token every few microseconds; waiting lets "stopped" mean the cores are free. A thread
        // that has not left it by then (a starved machine) still signals the burn, so it is then left to the collector.
        if (burn.Finished.Wait(TimeSpan.FromSeconds(5)))
        {
            burn.Dispose();
        }
    }

    private void Spin(Burn burn)
    {
        Interlocked.Increment(ref _burningThreads);
        var token = burn.Cancellation.Token;
        var value = 1.0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                for (var step = 0; step < 10_000; step++)
                {
                    value = (value * 1.000_001) + (0.5 / value);
                }
            }
            Volatile.Write(ref s_sink, value);
        }
        finally
        {
            Interlocked.Decrement(ref _burningThreads);
            if (burn.ThreadFinished())
            {
                _logger.CpuHogStopped(burn.Threads, burn.StopReason ?? "elapsed");
            }
        }
    }

    /// <summary>One hog: its threads, its end, and the signal its last thread gives when it leaves the loop.</summary>
    private sealed class Burn(int threads, DateTimeOffset endsAt, CancellationTokenSource cancellation) : IDisposable
    {
        private int _running = threads;

        public int Threads { get; } = threads;

        public DateTimeOffset EndsAt { get; } = endsAt;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public ManualResetEventSlim Finished { get; } = new();

        /// <summary>Why it ended before <see cref="EndsAt"/>; null when it ran its course.</summary>
        public string? StopReason { get; set; }

        public bool IsRunning => !Cancellation.IsCancellationRequested;

        /// <summary>Counts a thread out; true for the last one.</summary>
        public bool ThreadFinished()
        {
            if (Interlocked.Decrement(ref _running) != 0)
            {
                return false;
            }
            Finished.Set();
            return true;
        }

        public void Dispose()
        {
            Cancellation.Dispose();
            Finished.Dispose();
        }
    }
}
