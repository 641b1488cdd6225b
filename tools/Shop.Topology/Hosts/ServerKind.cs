namespace Shop.Topology.Hosts;

/// <summary>A backing server a host cannot start without.</summary>
public enum ServerKind
{
    Postgres,
    Redis,
    RabbitMq,
}
