using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Shop.Reporting.Faults;

/// <summary>
/// <c>POST /api/reports/faults/cpu-hog</c> <c>{"seconds": 30, "threads": 0}</c>: starts <c>threads</c> threads (0: one
/// per core) spinning for <c>seconds</c>, replacing a hog already running, and answers 202 with the status.
/// </summary>
/// <param name="Seconds">How long the hog runs, <see cref="CpuHog.MinSeconds"/> to <see cref="CpuHog.MaxSeconds"/>; required.</param>
/// <param name="Threads">Threads to spin on, 0 to <see cref="CpuHog.MaxThreads"/>; 0 or absent means one per core.</param>
internal sealed record CpuHogRequest(int? Seconds, int? Threads);

/// <summary>
/// The CPU hog fault (see <see cref="CpuHog"/>): start, look at and stop it, under <c>/api/reports/faults/cpu-hog</c>.
/// Mapped only when <c>Reporting:Faults:Enabled</c> is true, on the module's administrators-only group.
/// </summary>
internal static class CpuHogEndpoints
{
    public const string Route = "/faults/cpu-hog";

    public static RouteGroupBuilder MapCpuHog(this IEndpointRouteBuilder reports)
    {
        var hog = reports.MapGroup(Route).WithTags("Faults");
        hog.MapPost("", Start)
            .WithName("Reporting.StartCpuHog")
            .WithSummary("Start burning CPU (fault experiment)")
            .WithDescription($"Spins threads (0: one per core, at most {CpuHog.MaxThreads}) for {CpuHog.MinSeconds}-{CpuHog.MaxSeconds} seconds; "
                + "a hog already running is replaced by this one. Only when Reporting:Faults:Enabled is true, in Development, Test or Bench.")
            .Produces<CpuHogStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        hog.MapGet("", (CpuHog cpuHog) => TypedResults.Ok(cpuHog.Status))
            .WithName("Reporting.GetCpuHog")
            .WithSummary("Whether the CPU hog runs, on how many threads, until when");
        hog.MapDelete("", Stop)
            .WithName("Reporting.StopCpuHog")
            .WithSummary("Stop the CPU hog")
            .WithDescription("Stops the hog if one runs (204 either way) once its threads have left their loop.");
        return hog;
    }

    internal static Results<Accepted<CpuHogStatus>, ValidationProblem> Start(CpuHogRequest request, CpuHog cpuHog, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Seconds is not (>= CpuHog.MinSeconds and <= CpuHog.MaxSeconds))
        {
            errors["seconds"] = [$"seconds must be a whole number from {CpuHog.MinSeconds} to {CpuHog.MaxSeconds}."];
        }
        if (request.Threads is < 0 or > CpuHog.MaxThreads)
        {
            errors["threads"] = [$"threads must be a whole number from 0 (one per core) to {CpuHog.MaxThreads}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var threads = request.Threads is null or 0 ? Environment.ProcessorCount : request.Threads.Value;
        var status = cpuHog.Start(Math.Min(threads, CpuHog.MaxThreads), TimeSpan.FromSeconds(request.Seconds!.Value));
        return TypedResults.Accepted(context.Request.Path.Value, status);
    }

    internal static NoContent Stop(CpuHog cpuHog)
    {
        cpuHog.Stop();
        return TypedResults.NoContent();
    }
}
