namespace Shop.Bench.Sampling;

/// <summary>What a sampled process is there for, which decides whether its cost counts against a shape.</summary>
public enum ProcessRole
{
    /// <summary>Shop's own processes: the gateway and every service or monolith replica.</summary>
    Shop,

    /// <summary>Backing servers the shape uses: PostgreSQL, Redis, RabbitMQ. Part of the shape's cost.</summary>
    Server,

    /// <summary>The instruments: load generator, Prometheus, the sampler. Not part of either shape's cost.</summary>
    Measurement,

    Other,
}

public static class ProcessRoles
{
    private static readonly string[] s_shopServices = ["gateway", "catalog", "cart", "order", "reporting", "monolith"];
    private static readonly string[] s_servers = ["postgres", "redis", "rabbitmq"];
    private static readonly string[] s_instruments = ["prometheus", "loadgen", "sampler"];

    /// <summary>Classifies a process by the name ./shop records it under (<c>catalog-2</c>, <c>gateway</c>, <c>postgres</c>).</summary>
    public static ProcessRole Of(string name)
    {
        var service = ServiceOf(name);
        if (s_shopServices.Contains(service, StringComparer.Ordinal))
        {
            return ProcessRole.Shop;
        }
        if (s_servers.Contains(service, StringComparer.Ordinal))
        {
            return ProcessRole.Server;
        }
        return s_instruments.Contains(service, StringComparer.Ordinal) ? ProcessRole.Measurement : ProcessRole.Other;
    }

    /// <summary>The service a replica belongs to: <c>catalog-2</c> → <c>catalog</c>; other names are their own service.</summary>
    public static string ServiceOf(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && dash < name.Length - 1 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
    }
}
