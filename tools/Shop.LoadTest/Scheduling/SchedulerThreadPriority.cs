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

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
