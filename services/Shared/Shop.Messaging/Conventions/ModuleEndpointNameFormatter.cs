using MassTransit;

namespace Shop.Messaging.Conventions;

/// <summary>
/// Kebab-case endpoint names prefixed by the module that registered the consumer, so that two modules may each have an
/// <c>OrderPlacedConsumer</c> in the monolith without sharing a queue: <c>catalog-order-placed</c> and
/// <c>reporting-order-placed</c>. The module comes from the registration, never from the namespace.
/// </summary>
public sealed class ModuleEndpointNameFormatter : IEndpointNameFormatter
{
    private static readonly IEndpointNameFormatter Unprefixed = KebabCaseEndpointNameFormatter.Instance;

    private readonly Dictionary<Type, IEndpointNameFormatter> _consumerFormatters;

    /// <param name="consumerModules">The module name of every consumer type.</param>
    public ModuleEndpointNameFormatter(IReadOnlyDictionary<Type, string> consumerModules)
    {
        var perModule = consumerModules.Values.Distinct(StringComparer.Ordinal)
            .ToDictionary(module => module, IEndpointNameFormatter (module) => new KebabCaseEndpointNameFormatter(module, includeNamespace: false), StringComparer.Ordinal);
        _consumerFormatters = consumerModules.ToDictionary(pair => pair.Key, pair => perModule[pair.Value]);
    }

    /// <inheritdoc />
    public string Separator => Unprefixed.Separator;

    /// <inheritdoc />
    public string Consumer<T>()
        where T : class, IConsumer =>
        // A consumer that no module registered (MassTransit's own, if any) keeps the plain kebab-case name.
        _consumerFormatters.TryGetValue(typeof(T), out var formatter) ? formatter.Consumer<T>() : Unprefixed.Consumer<T>();

    /// <inheritdoc />
    public string TemporaryEndpoint(string tag) => Unprefixed.TemporaryEndpoint(tag);

    /// <inheritdoc />
    public string Message<T>()
        where T : class =>
        Unprefixed.Message<T>();

    /// <inheritdoc />
    public string Saga<T>()
        where T : class, ISaga =>
        Unprefixed.Saga<T>();

    /// <inheritdoc />
    public string ExecuteActivity<T, TArguments>()
        where T : class, IExecuteActivity<TArguments>
        where TArguments : class =>
        Unprefixed.ExecuteActivity<T, TArguments>();

    /// <inheritdoc />
    public string CompensateActivity<T, TLog>()
        where T : class, ICompensateActivity<TLog>
        where TLog : class =>
        Unprefixed.CompensateActivity<T, TLog>();

    /// <inheritdoc />
    public string SanitizeName(string name) => Unprefixed.SanitizeName(name);
}
