namespace Shop.Topology.Limits;

/// <summary>
/// This machine cannot do what was asked of its cgroups: no cpu controller is mounted, the process is not root, a cgroup
/// still holds processes, or the kernel refused a write. The message says which.
/// </summary>
public sealed class CgroupException(string message) : Exception(message);
