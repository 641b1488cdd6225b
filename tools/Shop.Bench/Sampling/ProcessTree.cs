namespace Shop.Bench.Sampling;

/// <summary>A process to watch: the name ./shop records it under and the pid its pid file holds.</summary>
public sealed record WatchedProcess(string Name, int Pid);

/// <summary>Adds up each watched process with its descendants, from one snapshot of every process's stat line.</summary>
public static class ProcessTree
{
    /// <param name="processes">Every process on the machine at one instant.</param>
    /// <param name="watched">The roots; a root's subtree stops where another root begins, so nothing counts twice.</param>
    /// <param name="pageSize">Bytes per page, for the RSS field.</param>
    /// <param name="pssBytes">Proportional memory of one pid, or null when not measured this time.</param>
    public static IReadOnlyList<ProcessReading> Readings(
        IReadOnlyCollection<ProcessStat> processes,
        IReadOnlyList<WatchedProcess> watched,
        long pageSize,
        Func<int, long?> pssBytes)
    {
        var byPid = processes.ToDictionary(p => p.Pid);
        var children = processes.ToLookup(p => p.ParentPid);
        var roots = watched.Select(w => w.Pid).ToHashSet();
        var readings = new List<ProcessReading>();
        foreach (var process in watched)
        {
            if (!byPid.ContainsKey(process.Pid))
            {
                continue;
            }
            var tree = new List<ProcessStat>();
            var pending = new Stack<int>([process.Pid]);
            while (pending.TryPop(out var pid))
            {
                if (!byPid.TryGetValue(pid, out var stat))
                {
                    continue;
                }
                tree.Add(stat);
                foreach (var child in children[pid])
                {
                    if (!roots.Contains(child.Pid))
                    {
                        pending.Push(child.Pid);
                    }
                }
            }
            // A live process's own time plus that of its children that ended: when a child ends, its time moves into
            // the parent's child counters, so the sum stays continuous as backends come and go.
            var ticks = tree.Sum(p => p.CpuTicks + p.ChildCpuTicks);
            long? pss = 0;
            foreach (var member in tree)
            {
                var value = pssBytes(member.Pid);
                pss = value is null || pss is null ? null : pss + value;
            }
            readings.Add(new ProcessReading
            {
                Name = process.Name,
                Role = ProcessRoles.Of(process.Name),
                Pid = process.Pid,
                ProcessCount = tree.Count,
                CpuSeconds = ticks / ProcFileSystem.TicksPerSecond,
                RssBytes = tree.Sum(p => p.RssPages) * pageSize,
                PssBytes = pss,
            });
        }
        return readings;
    }
}
