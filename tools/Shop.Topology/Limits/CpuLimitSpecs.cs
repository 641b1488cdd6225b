namespace Shop.Topology.Limits;

/// <summary>
/// CPU limits per host as <c>./shop up --cpus</c>, <c>Shop.Topology plan --cpus</c> and the bench take them:
/// <c>catalog=0.3,order=500m</c>; <c>catalog=none</c> takes a limit away.
/// </summary>
public static class CpuLimitSpecs
{
    /// <summary>The value that removes a host's limit (one it runs with now).</summary>
    public const string None = "none";

    /// <summary>Every <c>host=limit</c> of the specs, in order; a null limit is <see cref="None"/>.</summary>
    /// <param name="specs">Comma-separated lists, as a repeatable option gives them.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <exception cref="TopologyException">An entry that is not host=limit.</exception>
    public static IEnumerable<(string Host, CpuLimit? Limit)> Parse(IEnumerable<string> specs, string option)
    {
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var part in specs.SelectMany(spec => spec.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1)
            {
                throw new TopologyException($"{option} takes host=cores[,host=cores] (cores such as 0.25 or 250m, or {None}), got '{part}'");
            }
            var value = part[(equals + 1)..];
            CpuLimit? limit;
            try
            {
                limit = value == None ? null : CpuLimit.Parse(value);
            }
            catch (TopologyException exception)
            {
                throw new TopologyException($"{option} {part}: {exception.Message}");
            }
            yield return (part[..equals], limit);
        }
    }
}
