namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>A gateway in front of two healthy catalog replicas, shared by the tests of one class.</summary>
public sealed class TwoReplicaGateway : IAsyncLifetime
{
    public FakeUpstream First { get; private set; } = null!;

    public FakeUpstream Second { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync()
    {
        First = await FakeUpstream.StartAsync("catalog-a");
        Second = await FakeUpstream.StartAsync("catalog-b");
        Gateway = await TestGateway.StartAsync(TestGateway.CatalogDestinations(First.Address, Second.Address));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
