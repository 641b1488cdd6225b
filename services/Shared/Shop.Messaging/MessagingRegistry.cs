namespace Shop.Messaging;

/// <summary>
/// What the modules of one process asked for, kept until the host calls <see cref="ShopMessaging.AddShopMessaging"/>.
/// It also remembers which module owns each consumer, which is where endpoint name prefixes come from.
/// </summary>
internal sealed class MessagingRegistry
{
    private readonly List<ModuleMessagingBuilder> _modules = [];
    private readonly Dictionary<Type, string> _consumerModules = [];

    public IReadOnlyList<ModuleMessagingBuilder> Modules => _modules;

    public IReadOnlyDictionary<Type, string> ConsumerModules => _consumerModules;

    public bool BusAdded { get; private set; }

    public void AddModule(ModuleMessagingBuilder module)
    {
        if (BusAdded)
        {
            throw new InvalidOperationException(
                $"Module '{module.ModuleName}' added its messaging after AddShopMessaging: add every module first, then call AddShopMessaging once.");
        }
        if (_modules.Any(existing => existing.ModuleName == module.ModuleName))
        {
            throw new InvalidOperationException($"Module '{module.ModuleName}' added its messaging twice.");
        }
        _modules.Add(module);
    }

    public void AssignConsumer(Type consumerType, string moduleName)
    {
        if (_consumerModules.TryGetValue(consumerType, out var owner))
        {
            throw new InvalidOperationException(
                $"Consumer {consumerType.FullName} is already registered by module '{owner}'; a consumer belongs to one module.");
        }
        _consumerModules.Add(consumerType, moduleName);
    }

    public void MarkBusAdded()
    {
        if (BusAdded)
        {
            throw new InvalidOperationException("AddShopMessaging was called twice; a host calls it once, after adding its modules.");
        }
        BusAdded = true;
    }
}
