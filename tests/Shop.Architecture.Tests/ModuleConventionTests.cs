using System.Reflection;

namespace Shop.Architecture.Tests;

/// <summary>
/// What every module does the same way, so that knowing one module is knowing where things are in the others: the
/// constants of its <c>*Module</c> class, where its messages and consumers live, where its README is.
/// </summary>
public sealed class ModuleConventionTests
{
    private const string ConsumerInterface = "MassTransit.IConsumer`1";
    private const string RequestClientInterface = "MassTransit.IRequestClient`1";

    public static TheoryData<string> Modules => [.. ShopAssemblies.Modules];

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleClass_Constants_AreTheSetItsInfrastructureCallsFor(string module)
    {
        var library = ShopAssemblies.Load(ShopAssemblies.Library(module));
        var constants = ModuleConstants(module);
        string[] expected =
        [
            "ModuleName",
            "RoutePrefix",
            .. HasDbContext(library) ? ["DatabaseConnectionName", "PostgresHealthCheckName"] : Array.Empty<string>(),
            .. UsesRedis(library) ? ["RedisConnectionName", "RedisHealthCheckName"] : Array.Empty<string>(),
        ];

        Assert.Equal(module.ToLowerInvariant(), constants["ModuleName"]);
        Assert.StartsWith("/api/", constants["RoutePrefix"], StringComparison.Ordinal);
        Assert.Empty(expected.Except(constants.Keys));
        // Beyond the shared set, only the names of further connections the module reads (Reporting's OrderSource).
        Assert.All(constants.Keys.Except(expected), name => Assert.EndsWith("ConnectionName", name, StringComparison.Ordinal));
        Assert.All(constants.Where(c => c.Key.EndsWith("HealthCheckName", StringComparison.Ordinal)),
            check => Assert.StartsWith(constants["ModuleName"] + "-", check.Value, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleConsumers_ConsumedMessages_LiveInAContractsMessagesNamespaceOrStayInTheModule(string module)
    {
        var library = ShopAssemblies.Load(ShopAssemblies.Library(module));

        var misplaced = ConsumerTypes(library)
            .SelectMany(consumer => GenericArguments(consumer, ConsumerInterface).Select(message => (consumer, message)))
            .Where(pair => !IsContractsMessage(pair.message) && !IsModulesOwnCommand(pair.message, library))
            .Select(pair => $"{pair.consumer.Name} consumes {pair.message.FullName}")
            .ToList();

        Assert.True(misplaced.Count == 0,
            $"{string.Join("; ", misplaced)}: messages between modules are declared in Shop.<Module>.Contracts.Messages; " +
            "a command a module sends only to itself is internal to the module");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleRequestClients_Requests_LiveInAContractsMessagesNamespace(string module)
    {
        var library = ShopAssemblies.Load(ShopAssemblies.Library(module));

        var requests = library.GetTypes()
            .SelectMany(type => type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .SelectMany(constructor => constructor.GetParameters())
            .Select(parameter => parameter.ParameterType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition().FullName == RequestClientInterface)
            .Select(type => type.GetGenericArguments()[0])
            .Distinct()
            .ToList();

        Assert.All(requests, request => Assert.True(IsContractsMessage(request), $"{request.FullName} is requested over the bus"));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ContractsMessages_Types_AreImmutableRecordsOrConstants(string module)
    {
        var messages = ShopAssemblies.Load(ShopAssemblies.Contracts(module)).GetExportedTypes()
            .Where(type => type.Namespace == ShopAssemblies.Contracts(module) + ".Messages")
            .ToList();

        // Reporting publishes nothing, so its contracts have no messages.
        Assert.All(messages, type => Assert.True(
            IsImmutableRecord(type) || IsConstants(type),
            $"{type.FullName} is neither a sealed record without setters nor a static class of constants"));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleConsumers_LiveInFeatureFolders(string module)
    {
        var library = ShopAssemblies.Load(ShopAssemblies.Library(module));
        var features = $"Shop.{module}.Features.";

        Assert.NotEmpty(ConsumerTypes(library));
        foreach (var consumer in ConsumerTypes(library).Concat(ConsumerBaseTypes(library)))
        {
            var feature = consumer.Namespace is { } ns && ns.StartsWith(features, StringComparison.Ordinal) ? ns[features.Length..] : null;
            Assert.True(feature is not null && !feature.Contains('.', StringComparison.Ordinal),
                $"{consumer.FullName} should be in a vertical slice, namespace {features}<Feature>, beside the feature's endpoints");
            Assert.True(consumer.IsAbstract || feature != "Shared", $"{consumer.FullName}: Features.Shared holds only what several features share");
            Assert.True(Directory.Exists(Path.Combine(ShopAssemblies.ProjectFolder(ShopAssemblies.Library(module)), "Features", feature)),
                $"{consumer.FullName}: the folder Features/{feature} should hold it");
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleReadme_SitsInTheModuleFolder(string module)
    {
        var moduleFolder = Path.Combine(ShopAssemblies.Root, "services", module);

        Assert.True(File.Exists(Path.Combine(moduleFolder, "README.md")), $"services/{module}/README.md describes the module");
        var nested = Directory.GetFiles(moduleFolder, "README.md", SearchOption.AllDirectories)
            .Where(path => Path.GetDirectoryName(path) != moduleFolder)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(nested.Count == 0, $"one README per module, in services/{module}: {string.Join(", ", nested)}");
    }

    [Fact]
    public void MonolithSharedDatabase_ModuleConnectionNames_AreEveryModulesPostgresConnection()
    {
        var postgres = ShopAssemblies.Modules
            .SelectMany(module => ModuleConstants(module))
            .Where(constant => constant.Key.EndsWith("ConnectionName", StringComparison.Ordinal) && constant.Key != "RedisConnectionName")
            .Select(constant => constant.Value)
            .Order();

        Assert.Equal(postgres, Monolith.Host.SharedDatabase.ModuleConnectionNames.Order());
    }

    /// <summary>The public string constants of <c>Shop.{module}.{module}Module</c>, by name.</summary>
    private static Dictionary<string, string> ModuleConstants(string module)
    {
        var type = ShopAssemblies.Load(ShopAssemblies.Library(module)).GetType($"Shop.{module}.{module}Module")
            ?? throw new InvalidOperationException($"Shop.{module} has no {module}Module class");
        Assert.True(type.IsAbstract && type.IsSealed, $"{type.Name} is a static class");
        return type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);
    }

    private static IEnumerable<Type> ConsumerTypes(Assembly library) =>
        library.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false } && IsConsumer(type));

    /// <summary>Abstract consumers that concrete ones derive from, such as the order module's state consumer.</summary>
    private static IEnumerable<Type> ConsumerBaseTypes(Assembly library) =>
        library.GetTypes().Where(type => type is { IsClass: true, IsAbstract: true, IsSealed: false } && IsConsumer(type));

    private static bool IsConsumer(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == ConsumerInterface);

    private static IEnumerable<Type> GenericArguments(Type type, string genericInterface) =>
        type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == genericInterface)
            .Select(i => i.GetGenericArguments()[0])
            .Where(argument => !argument.IsGenericParameter);

    private static bool IsContractsMessage(Type message) =>
        message.Namespace is { } ns
        && ShopAssemblies.Modules.Any(module => ns == ShopAssemblies.Contracts(module) + ".Messages" && message.Assembly.GetName().Name == ShopAssemblies.Contracts(module));

    private static bool IsModulesOwnCommand(Type message, Assembly library) => message.Assembly == library && !message.IsPublic;

    private static bool IsImmutableRecord(Type type) =>
        type.IsSealed
        && type.GetMethod("<Clone>$") is not null
        && type.GetProperties().All(property => property.SetMethod is null || IsInitOnly(property.SetMethod));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(modifier => modifier.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static bool IsConstants(Type type) =>
        type.IsAbstract && type.IsSealed
        && type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .All(member => member is FieldInfo { IsLiteral: true });

    private static bool HasDbContext(Assembly library) =>
        library.GetTypes().Any(type => BaseTypes(type).Any(baseType => baseType.FullName == "Microsoft.EntityFrameworkCore.DbContext"));

    private static bool UsesRedis(Assembly library) =>
        library.GetReferencedAssemblies().Any(reference => reference.Name == "StackExchange.Redis");

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
