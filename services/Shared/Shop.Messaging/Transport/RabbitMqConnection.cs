using MassTransit;

namespace Shop.Messaging.Transport;

/// <summary>
/// The broker address taken apart from an <c>amqp://user:password@host:port/vhost</c> URI, so that credentials and the
/// virtual host are applied explicitly rather than depending on how the client library reads URIs.
/// </summary>
internal sealed record RabbitMqConnection(string Host, ushort Port, string VirtualHost, string Username, string Password, bool UseTls)
{
    private const ushort AmqpPort = 5672;
    private const ushort AmqpsPort = 5671;

    public static RabbitMqConnection Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ShopMessaging.RabbitMqConnectionStringName} is not set; it must be an amqp:// URI such as amqp://user:password@host:5672/ " +
                $"(or set {ShopMessaging.TransportKey} to {nameof(MessagingTransport.InMemory)}).");
        }
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ShopMessaging.RabbitMqConnectionStringName} must be an amqp:// or amqps:// URI.");
        }

        var useTls = uri.Scheme == "amqps";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (useTls ? AmqpsPort : AmqpPort) : (ushort)uri.Port;
        // The AMQP URI spec: an empty path means the default virtual host "/"; "/%2F" also names "/".
        var path = uri.AbsolutePath.TrimStart('/');
        var virtualHost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        var (username, password) = ReadCredentials(uri.UserInfo);
        return new RabbitMqConnection(uri.Host, port, virtualHost, username, password, useTls);
    }

    public void Apply(IRabbitMqBusFactoryConfigurator configurator, string connectionName) =>
        configurator.Host(Host, Port, VirtualHost, connectionName, host =>
        {
            host.Username(Username);
            host.Password(Password);
            // The outbox relay marks a row sent only when the broker has confirmed the message.
            host.PublisherConfirmation = true;
            if (UseTls)
            {
                host.UseSsl(tls => tls.ServerName = Host);
            }
        });

    // Keeps the password out of logs and exception messages that print the record.
    public override string ToString() => $"amqp{(UseTls ? "s" : "")}://{Username}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";

    private static (string Username, string Password) ReadCredentials(string userInfo)
    {
        if (string.IsNullOrEmpty(userInfo))
        {
            // RabbitMQ's built-in default user, which only works from localhost.
            return ("guest", "guest");
        }
        var separator = userInfo.IndexOf(':', StringComparison.Ordinal);
        return separator < 0
            ? (Uri.UnescapeDataString(userInfo), "")
            : (Uri.UnescapeDataString(userInfo[..separator]), Uri.UnescapeDataString(userInfo[(separator + 1)..]));
    }
}
