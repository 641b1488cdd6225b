namespace Shop.Cart.Tests.Infrastructure;

/// <summary>A cart host whose Redis is down: its configured Redis port has nothing listening.</summary>
public sealed class CartAppWithoutRedisFixture : CartAppFixture
{
    private readonly int _closedPort = FreePort.Next();

    protected override bool WithOtherModules => false;

    protected override string HostRedisConfiguration => $"127.0.0.1:{_closedPort},connectTimeout=1000";
}
