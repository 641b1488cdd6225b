namespace Shop.LoadTest.Metrics;

/// <summary>The generator's own CPU time, to tell whether it competed with what it measured.</summary>
public static class ProcessCpu
{
    /// <summary>CPU time (user + system) of this process so far.</summary>
    public static TimeSpan Used() => Environment.CpuUsage.TotalTime;
}
