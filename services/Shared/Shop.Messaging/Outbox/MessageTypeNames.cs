using System.Collections.Concurrent;

namespace Shop.Messaging.Outbox;

/// <summary>
/// Names message types as <c>Namespace.Type, Assembly</c>: no version or public key, so rows staged by one build are
/// still readable by the next, and the name resolves without any registry of types.
/// </summary>
internal static class MessageTypeNames
{
    private static readonly ConcurrentDictionary<string, Type?> Resolved = new(StringComparer.Ordinal);

    public static string Of(Type type)
    {
        if (type.IsGenericType || type.IsInterface || type.IsAbstract || type.FullName is null)
        {
            throw new ArgumentException(
                $"{type} cannot go through the outbox: stage a concrete, non-generic message type (a record from a *.Contracts project).");
        }
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, static key => Type.GetType(key, throwOnError: false))
        ?? throw new InvalidOperationException($"Message type '{name}' is not loadable in this process.");
}
