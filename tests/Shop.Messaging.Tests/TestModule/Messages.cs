namespace Shop.Messaging.Tests.TestModule;

/// <summary>An event staged through the outbox.</summary>
public sealed record OrderSubmitted(Guid OrderId, string Description);

/// <summary>A command for the idempotent consumer; <paramref name="HoldMilliseconds"/> keeps its transaction open to force overlap.</summary>
public sealed record AddToCounter(Guid CounterId, int Amount, int HoldMilliseconds = 0, bool AnnounceChange = false);

/// <summary>The event the idempotent consumer stages when asked to.</summary>
public sealed record CounterChanged(Guid CounterId, int Value);

/// <summary>A command whose consumer always throws.</summary>
public sealed record BreakOnPurpose(Guid Id);

/// <summary>A command on another endpoint, to show that a failing endpoint does not stall the others.</summary>
public sealed record Ping(Guid Id);
