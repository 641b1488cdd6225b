using System.Runtime.InteropServices;

namespace Shop.LoadTest.Scheduling;

/// <summary>
/// Puts the whole generator ahead of every other process of the machine for the CPU (<c>--raise-priority</c>), as if
/// it ran on a machine of its own: a test that shares its cores with what it measures must not let the target delay
/// its schedule. Linux's autogroup gives every session one equal share of the CPU whatever it runs, so raising the
/// scheduler thread's priority (<see cref="SchedulerThreadPriority"/>) does not help against the target's sessions:
/// the generator starts a session of its own (setsid) and raises that session's weight (<c>/proc/self/autogroup</c>).
/// Without autogroup, processes compete thread by thread, and the scheduler thread's own priority is what counts.
/// Best effort: it needs root (or CAP_SYS_NICE), and a process that already leads a process group (started by an
/// interactive shell) keeps its session, whose other processes the raise would carry too.
/// </summary>
internal static partial class GeneratorPriority
{
    /// <summary>The nice value of the generator's session: weight 9,548 against a default session's 1,024.</summary>
    public const int RaisedNice = -10;

    private const string AutogroupSwitch = "/proc/sys/kernel/sched_autogroup_enabled";
    private const string OwnAutogroup = "/proc/self/autogroup";

    /// <summary>Raises it; returns what was done, or why not, for the tool to print.</summary>
    public static string Raise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "priority not raised: only Linux's scheduler is known";
        }
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

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int CreateSession();
}
