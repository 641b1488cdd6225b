using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;
using Shop.Messaging.Transport;
using Shop.ServiceDefaults.Health;

namespace Shop.Messaging.Tests.Transport;

public sealed class TransportConfigurationTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Theory]
    [InlineData("amqp://shop:shop@127.0.0.1:15673/", "127.0.0.1", 15673, "/", "shop", "shop", false)]
    [InlineData("amqp://app:p%40ss%3Aword@broker/sales", "broker", 5672, "sales", "app", "p@ss:word", false)]
    [InlineData("amqps://app:secret@broker/%2F", "broker", 5671, "/", "app", "secret", true)]
    [InlineData("amqp://broker:5673", "broker", 5673, "/", "guest", "guest", false)]
    public void Parse_AmqpUri_ReadsEveryPart(
        string uri, string host, int port, string virtualHost, string username, string password, bool useTls)
    {
        var connection = RabbitMqConnection.Parse(uri);

        Assert.Equal(new RabbitMqConnection(host, (ushort)port, virtualHost, username, password, useTls), connection);
        Assert.DoesNotContain(":" + password, connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://broker:15672/")]
    [InlineData("Host=broker;Port=5672")]
    public void Parse_NotAnAmqpUri_ThrowsWithHint(string? connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RabbitMqConnection.Parse(connectionString));
        Assert.Contains("ConnectionStrings:RabbitMq", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, MessagingTransport.RabbitMq)]
    [InlineData("RabbitMq", MessagingTransport.RabbitMq)]
    [InlineData("inmemory", MessagingTransport.InMemory)]
    public void ReadTransport_KnownValue_SelectsTransport(string? value, MessagingTransport expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ShopMessaging.TransportKey] = value })
            .Build();

        Assert.Equal(expected, ShopMessaging.ReadTransport(configuration));
    }

    [Fact]
    public void ReadTransport_UnknownValue_Throws()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ShopMessaging.TransportKey] = "Kafka" })
            .Build();

        Assert.Throws<InvalidOperationException>(() => ShopMessaging.ReadTransport(configuration));
    }

    [Fact]
    public void AddShopMessaging_BusHealthCheck_IsTaggedReady()
    {
        using var host = TestHost.Build(fixture, new DeliveryLog());
        var registrations = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        var bus = Assert.Single(registrations, registration => registration.Name == "masstransit-bus");
        Assert.Contains(HealthEndpoints.ReadyTag, bus.Tags);
    }

    [Fact]
    public async Task AddShopMessaging_InMemoryTransport_RelaysStagedMessagesInProcess()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, settings =>
        {
            settings.Transport = MessagingTransport.InMemory;
            settings.RabbitMqUri = "not used by the in-memory transport";
        });
        var order = Guid.NewGuid();

        var messageId = await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(order, "in process")));

        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order).Count == 1, "the message arrived in process");
        Assert.Equal(messageId, Assert.Single(log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order)).MessageId);
        await using var db = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId)).SentAt is not null,
            "the row is marked sent");
    }

    [Fact]
    public async Task MapOutboxAndInbox_ModuleSchema_TablesLiveInThatSchema()
    {
        await using var db = fixture.Database.CreateDbContext();
        var tables = await db.Database
            .SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = {TestDbContext.Schema}")
            .ToListAsync();

        Assert.Contains("outbox_messages", tables);
        Assert.Contains("inbox_messages", tables);
    }
}
