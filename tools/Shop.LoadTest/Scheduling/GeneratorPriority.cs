using System.Runtime.InteropServices;

namespace Shop.LoadTest.Scheduling;

/// <summary>
/// Puts the whole generator ahead of every other process of the machine for the CPU (<c>--raise-priority</c>), as if
/// it ran on a machine of its own: a test that shares its cores with what it measures must not let the target delay
/// its schedule. Linux's autogroup gives every session one equal share of the CPU whatever it runs, so raising the
/// scheduler thread's priority (<see cref="SchedulerThreadPriority"/>) does not help against the target's sessions:
/// the generator starts a session of its own (setsid) and raises that session's weight (<c>/proc/self/autogroup</c>).
/// Without autogroup, processes compete thread by thread, and the scheduler thread's own priority is what counts.
/// Even a session at nice -10 waits for a core now and then when the target saturates the machine (a 2-core run at
/// 1.5 × the capacity started 2.2 % of its journeys more than 10 ms late, using 3 % of the CPU): for the runs that
/// measure a target, its threads also get the real-time round-robin policy at the lowest real-time priority, which the
/// kernel runs before any ordinary thread as soon as it wakes. It only changes when the generator gets the CPU it
/// needs, not how much (its CPU is still measured and capped by the validity rules); the kernel keeps 5 % of each
/// second for ordinary threads whatever real-time threads want (<c>sched_rt_runtime_us</c>). Best effort: it needs root (or CAP_SYS_NICE), and a process that already leads a process group (started by an
/// interactive shell) keeps its session, whose other processes the raise would carry too.
/// </summary>
internal static partial class GeneratorPriority
{
    /// <summary>The nice value of the generator's session: weight 9,548 against a default session's 1,024.</summary>
    public const int RaisedNice = -10;

    /// <summary>The lowest real-time priority: above every ordinary thread, below every real-time service of the system.</summary>
    public const int RealTimePriority = 1;

    private const int RoundRobinPolicy = 2;
    private const string OwnThreads = "/proc/self/task";
    private const string AutogroupSwitch = "/proc/sys/kernel/sched_autogroup_enabled";
    private const string OwnAutogroup = "/proc/self/autogroup";

    /// <summary>Raises it; returns what was done, or why not, for the tool to print.</summary>
    /// <param name="realTime">Also give every thread the real-time round-robin policy (runs against a target, not the ceiling measurement).</param>
    public static string Raise(bool realTime)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "priority not raised: only Linux's scheduler is known";
        }
        var session = RaiseSession();
        return realTime ? $"{session}; {RaiseThreads()}" : session;
    }

    private static string RaiseSession()
    {
        if (!File.Exists(OwnAutogroup) || ReadTrimmed(AutogroupSwitch) != "1")
        {
            return "priority: autogroup is off here, so processes compete thread by thread; only the scheduler thread is raised";
        }
        try
        {
            if (CreateSession() < 0)
            {
                return "priority not raised: this process leads its process group (started from a shell), so it cannot start a session of its own";
            }
            File.WriteAllText(OwnAutogroup, RaisedNice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return $"priority raised: a session of its own, autogroup nice {RaisedNice}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"priority not raised (a session of its own at the default weight): {exception.Message}";
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"priority not raised: {exception.Message}";
        }
    }

    // Every thread the runtime has started so far; the threads started later inherit the policy of the one that starts them.
    private static string RaiseThreads()
    {
        try
        {
            var threads = Directory.EnumerateDirectories(OwnThreads).Select(Path.GetFileName).OfType<string>().ToList();
            var refused = 0;
            var error = 0;
            foreach (var thread in threads)
            {
                var priority = RealTimePriority;
                if (int.TryParse(thread, System.Globalization.CultureInfo.InvariantCulture, out var id) && SetScheduler(id, RoundRobinPolicy, ref priority) != 0)
                {
                    refused++;
                    error = Marshal.GetLastPInvokeError();
                }
            }
            return refused == 0
                ? $"real-time round-robin priority {RealTimePriority} for its {threads.Count} threads and those it starts"
                : $"real-time priority refused for {refused} of {threads.Count} threads (errno {error}): they stay ordinary threads";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"real-time priority not set: {exception.Message}";
        }
    }

    private static string? ReadTrimmed(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int threadId, int policy, ref int priority);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int CreateSession();
}
