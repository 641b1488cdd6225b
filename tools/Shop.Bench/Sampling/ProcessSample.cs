namespace Shop.Bench.Sampling;

/// <summary>One line of processes.ndjson: every watched process at one instant.</summary>
public sealed class ProcessSample
{
    public DateTimeOffset At { get; init; }

    /// <summary>CPU seconds of the whole machine since boot, all cores together: busy and total (busy + idle).</summary>
    public double MachineBusySeconds { get; init; }

    public double MachineTotalSeconds { get; init; }

    public IReadOnlyList<ProcessReading> Processes { get; init; } = [];
}

/// <summary>A watched process and its descendants (PostgreSQL's backends, RabbitMQ's helpers) at one instant.</summary>
public sealed class ProcessReading
{
    public string Name { get; init; } = "";

    public ProcessRole Role { get; init; }

    public int Pid { get; init; }

    /// <summary>How many processes the reading adds up: the watched one and its descendants.</summary>
    public int ProcessCount { get; init; }

    /// <summary>Cumulative CPU seconds of the tree, including children that ended; only differences mean anything.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Resident memory of the tree. Shared pages count once per process, so a tree's sum overstates.</summary>
    public long RssBytes { get; init; }

    /// <summary>Proportional memory of the tree (shared pages split between sharers); measured every few samples.</summary>
    public long? PssBytes { get; init; }
}
