using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Shop.Reporting.Faults;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Faults;

/// <summary>
/// The fault switch exists for experiments: a host that has it on in any other environment (Production above all, what
/// every deployment runs as) refuses to start and says which setting and environment it refused.
/// </summary>
[Collection(nameof(CpuMeasuringTests))]
public sealed class FaultsRefusedTests
{
    /// <summary>Well-formed but unused: the host must fail before it connects to anything.</summary>
    private static readonly Dictionary<string, string> s_settings = new()
    {
        ["ConnectionStrings:Reporting"] = "Host=127.0.0.1;Port=1;Database=reporting_never;Username=shop;Password=shop",
        ["ConnectionStrings:RabbitMq"] = "amqp://shop:shop@127.0.0.1:1/",
        ["Auth:SigningKey"] = new TestTokens().SigningKey,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Shop:LogFormat"] = "simple",
        [FaultOptions.EnabledKey] = "true",
    };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData(ReportingApplicationFactory.TestingEnvironment)]
    public async Task Start_SwitchOnOutsideAnExperiment_FailsNamingTheSettingAndEnvironment(string environment)
    {
        await using var factory = new ReportingApplicationFactory(s_settings, environment);

        var failure = Assert.ThrowsAny<Exception>(() => factory.Services);

        var message = failure.ToString();
        Assert.Contains(FaultOptions.EnabledKey, message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Test", true)]
    [InlineData("Bench", true)]
    [InlineData("bench", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Testing", false)]
    public void Validate_SwitchOn_AllowsOnlyTheExperimentEnvironments(string environment, bool allowed)
    {
        var validation = new FaultOptionsValidation(new HostingEnvironment { EnvironmentName = environment });

        var result = validation.Validate(Options.DefaultName, new FaultOptions { Enabled = true });

        Assert.Equal(allowed, result.Succeeded);
        if (!allowed)
        {
            Assert.Contains(FaultOptions.EnabledKey, result.FailureMessage, StringComparison.Ordinal);
            Assert.Contains(environment, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public void Validate_SwitchOff_PassesInEveryEnvironment(string environment)
    {
        var validation = new FaultOptionsValidation(new HostingEnvironment { EnvironmentName = environment });

        Assert.True(validation.Validate(Options.DefaultName, new FaultOptions()).Succeeded);
    }

    [Fact]
    public void AllowedEnvironments_AreDevelopmentTestAndBench() =>
        Assert.Equal([Environments.Development, "Test", "Bench"], FaultOptionsValidation.AllowedEnvironments);
}
