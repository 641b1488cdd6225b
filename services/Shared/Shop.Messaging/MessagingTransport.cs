namespace Shop.Messaging;

/// <summary>Where messages travel, chosen per host with the configuration key <c>Messaging:Transport</c>.</summary>
public enum MessagingTransport
{
    /// <summary>
    /// RabbitMQ at <c>ConnectionStrings:RabbitMq</c>: durable queues, publisher confirms, messages survive a restart of
    /// either side. The default, and the only choice when modules run as separate services.
    /// </summary>
    RabbitMq,

    /// <summary>
    /// In-process queues only, for tests that stand in for neighbouring modules with their own consumers. Messages that the
    /// relay has handed to the bus live only in memory until consumed: a crash loses them. Hosts use
    /// <see cref="InProcess"/> instead.
    /// </summary>
    InMemory,

    /// <summary>
    /// The monolith, where every module lives in one process. The outbox relay hands each row straight to the consumers
    /// (MassTransit's mediator) and marks it sent only after every consumer has committed, so the outbox row itself is the
    /// durable queue: a crash at any point leaves the row pending and a relay of any replica delivers it again, and the
    /// inbox drops what was already processed. Request/response (checkout, price lookups) uses an in-memory bus, like an
    /// in-process method call that times out.
    /// </summary>
    InProcess,
}
