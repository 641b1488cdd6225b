namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>One database and one RabbitMQ virtual host per test class; every test still uses ids of its own.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    private TestModuleDatabase? _database;
    private RabbitMqVirtualHost? _virtualHost;

    public TestModuleDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    public RabbitMqVirtualHost VirtualHost => _virtualHost ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        var database = TestModuleDatabase.CreateAsync();
        var virtualHost = RabbitMqVirtualHost.CreateAsync("shop-messaging-tests");
        try
        {
            await Task.WhenAll(database, virtualHost);
        }
        catch
        {
            // Whichever one was created must not outlive a failed start.
            _database = database.IsCompletedSuccessfully ? database.Result : null;
            _virtualHost = virtualHost.IsCompletedSuccessfully ? virtualHost.Result : null;
            await DisposeAsync();
            throw;
        }
        _database = database.Result;
        _virtualHost = virtualHost.Result;
    }

    public async Task DisposeAsync()
    {
        var (virtualHost, database) = (_virtualHost, _database);
        (_virtualHost, _database) = (null, null);
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
