using System.Runtime.InteropServices;

namespace Shop.LoadTest.Scheduling;

/// <summary>
/// Raises the calling thread's scheduling priority on Linux, where <see cref="Thread.Priority"/> does nothing. The
/// scheduler thread barely uses CPU, so running it first when it wakes costs the target nothing, while a busy
/// machine would otherwise wake it tens of milliseconds late (late starts). Best effort: without the right to raise
/// priorities (not root, no CAP_SYS_NICE) the thread stays as it was.
/// </summary>
internal static partial class SchedulerThreadPriority
{
    private const int ProcessWhich = 0;
    private const int RaisedNice = -10;

    /// <summary>The lowest real-time priority: above every ordinary thread, below the system's real-time services.</summary>
    public const int RealTimePriority = 1;

    // SCHED_RR, with SCHED_RESET_ON_FORK: a thread this one happens to start (the runtime starts some lazily) is an
    // ordinary thread again.
    private const int RoundRobinResetOnFork = 2 | 0x40000000;

    /// <summary>True when the priority was raised.</summary>
    public static bool TryRaise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return SetPriority(ProcessWhich, GetThreadId(), RaisedNice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the calling thread the real-time round-robin policy at <see cref="RealTimePriority"/>: the kernel runs it
    /// before any ordinary thread as soon as it wakes, on a machine whose cores the target keeps busy. True when done
    /// (root or CAP_SYS_NICE, and a cgroup with real-time runtime).
    /// </summary>
    public static bool TryMakeRealTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            var priority = RealTimePriority;
            return SetScheduler(0, RoundRobinResetOnFork, ref priority) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SetScheduler(int threadId, int policy, ref int priority);

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
