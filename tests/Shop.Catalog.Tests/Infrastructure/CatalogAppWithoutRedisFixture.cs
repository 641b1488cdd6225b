namespace Shop.Catalog.Tests.Infrastructure;

/// <summary>A catalog host whose Redis is down: its configured Redis port has nothing listening.</summary>
public sealed class CatalogAppWithoutRedisFixture : CatalogAppFixture
{
    private readonly int _closedPort = FreePort.Next();

    protected override string HostRedisConfiguration => $"127.0.0.1:{_closedPort},connectTimeout=1000";
}
