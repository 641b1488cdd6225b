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
    /// In-process queues, for the monolith where every module lives in one process. Messages that the relay has handed
    /// to the bus live only in memory until consumed: a crash loses them, and <c>_error</c> queues vanish on restart.
    /// The outbox still gives commit-then-dispatch safety (nothing is published for a rolled-back transaction and
    /// nothing committed is lost before the relay picks it up), and the inbox still makes consumers idempotent.
    /// </summary>
    InMemory,
}
