using System.Globalization;

namespace Shop.Topology.Limits;

/// <summary>
/// How much CPU time a process may use, in thousandths of a core, like a Kubernetes CPU limit (<c>250m</c> is a quarter
/// of a core): the kernel lets it run <see cref="QuotaMicroseconds"/> out of every <see cref="PeriodMicroseconds"/> and
/// throttles it for the rest of the period, however idle the machine is.
/// </summary>
public sealed record CpuLimit
{
    /// <summary>The accounting period: the kernel's default, Docker's and Kubernetes'.</summary>
    public const int PeriodMicroseconds = 100_000;

    /// <summary>The smallest limit: the kernel's smallest quota is 1 ms per period.</summary>
    public const int MinMillicores = 10;

    public CpuLimit(int millicores)
    {
        if (millicores <= 0)
        {
            throw new TopologyException($"a CPU limit must be above 0, got {millicores}m");
        }
        Millicores = millicores;
    }

    public int Millicores { get; }

    public double Cores => Millicores / 1000.0;

    /// <summary>The CPU time per period: cpu.cfs_quota_us (cgroup v1), the first field of cpu.max (v2).</summary>
    public int QuotaMicroseconds => Millicores * (PeriodMicroseconds / 1000);

    /// <summary>Cores as a number (<c>0.25</c>, <c>1.5</c>) or millicores as Kubernetes writes them (<c>250m</c>).</summary>
    /// <exception cref="TopologyException">Neither, above zero, with at most three decimals.</exception>
    public static CpuLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.EndsWith('m') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var millicores)
            && millicores > 0)
        {
            return new CpuLimit(millicores);
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) && cores > 0
            && decimal.Round(cores * 1000) == cores * 1000 && cores * 1000 <= int.MaxValue)
        {
            return new CpuLimit((int)(cores * 1000));
        }
        throw new TopologyException($"a CPU limit is a number of cores such as 0.25 (at most 3 decimals) or millicores such as 250m, got '{text}'");
    }

    /// <summary>The limit, if a process of <paramref name="host"/> can have it on a machine of <paramref name="availableCores"/>.</summary>
    /// <exception cref="TopologyException">Below the kernel's smallest quota, or above the machine's cores.</exception>
    public CpuLimit RequireFor(string host, int availableCores) =>
        Millicores >= MinMillicores && Millicores <= availableCores * 1000L
            ? this
            : throw new TopologyException(
                $"the CPU limit of {host} must be between {new CpuLimit(MinMillicores)} and {availableCores} cores (this machine's), got {this}");

    /// <summary>The limit a cgroup's quota and period say, or null for no quota.</summary>
    public static CpuLimit? FromQuota(long quotaMicroseconds, long periodMicroseconds) =>
        quotaMicroseconds <= 0 || periodMicroseconds <= 0
            ? null
            : new CpuLimit((int)Math.Max(1, Math.Round(quotaMicroseconds * 1000.0 / periodMicroseconds)));

    /// <summary>Cores, as <c>--cpus</c> takes them: <c>0.25</c>, <c>2</c>.</summary>
    public override string ToString() => (Millicores / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
}
