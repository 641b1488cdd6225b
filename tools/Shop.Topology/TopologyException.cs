namespace Shop.Topology;

/// <summary>A deployment that cannot be planned as asked (an unknown service, a replica count out of range); the message says why.</summary>
public sealed class TopologyException(string message) : Exception(message);
