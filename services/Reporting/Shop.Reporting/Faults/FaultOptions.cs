using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Shop.Reporting.Faults;

/// <summary>
/// The fault switch, bound from <c>Reporting:Faults</c>: off by default, and refused outside the environments a fault
/// experiment runs in (<see cref="FaultOptionsValidation"/>), so a production deployment cannot serve it.
/// </summary>
internal sealed class FaultOptions
{
    public const string SectionName = "Reporting:Faults";

    /// <summary>The configuration path of <see cref="Enabled"/>, as the refusal names it.</summary>
    public const string EnabledKey = SectionName + ":Enabled";

    /// <summary>Whether the module maps the fault endpoints (<c>/api/reports/faults/*</c>). Default false.</summary>
    public bool Enabled { get; set; }
}

/// <summary>
/// Refuses <see cref="FaultOptions.Enabled"/> in any environment but Development, Test and Bench. The hosts run as
/// Production unless a launcher says otherwise, so a deployment that sets the switch by mistake fails to start instead
/// of exposing an endpoint that takes a replica's CPU.
/// </summary>
internal sealed class FaultOptionsValidation(IHostEnvironment environment) : IValidateOptions<FaultOptions>
{
    /// <summary>Where the switch may be on: a developer's machine, a test host, the benchmark launcher.</summary>
    public static IReadOnlyList<string> AllowedEnvironments { get; } = [Environments.Development, "Test", "Bench"];

    public ValidateOptionsResult Validate(string? name, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || AllowedEnvironments.Any(environment.IsEnvironment))
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"{FaultOptions.EnabledKey} is true in the '{environment.EnvironmentName}' environment; the fault endpoints are only "
            + $"allowed in {string.Join(", ", AllowedEnvironments)} (set ASPNETCORE_ENVIRONMENT, or turn the switch off).");
    }
}
