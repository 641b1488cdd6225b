using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Running;
using Shop.LoadTest.Scenarios;

namespace Shop.EndToEnd.Tests;

public sealed class LoadSmokeDeployment() : ShopDeployment(new DeploymentShape(
    CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1));

/// <summary>The same deployment as monolith processes.</summary>
public sealed class MonolithLoadSmokeDeployment() : ShopDeployment(new DeploymentShape(
    CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1).AsMonolith());

/// <summary>
/// The load generator's <c>smoke</c> scenario, run in-process against a whole Shop through its gateway: every
/// journey and step works against the real API, checkouts are accepted and followed to their outcome, nothing
/// answers 5xx, and run.json is written in the shape the report reads.
/// </summary>
public abstract class LoadSmokeTests(ShopDeployment deployment)
{
    private static readonly string[] s_steps =
    [
        StepNames.AuthToken, StepNames.BrowseList, StepNames.BrowseSearch, StepNames.BrowseProduct, StepNames.CartClear,
        StepNames.CartAdd, StepNames.CartView, StepNames.Checkout, StepNames.OrderStatus,
    ];

    [Fact]
    public async Task Smoke_ThroughTheGateway_CompletesWithAcceptedCheckoutsAndNoServerErrors()
    {
        var settings = new RunSettings
        {
            Target = TargetAddress.Parse(deployment.Gateway.BaseAddress.ToString(), allowRemote: false),
            AdminKey = deployment.AdminKey,
            Seed = 20_251_128,
        };
        var output = Path.Combine(Path.GetTempPath(), $"shop-load-smoke-{Guid.NewGuid():N}.json");
        try
        {
            var report = await ShopLoad.RunScenarioAsync(ScenarioFile.Load("smoke"), settings, CancellationToken.None);
            await ReportFile.WriteAsync(report, output);

            Assert.True(report.Completed, "the run was interrupted");
            Assert.Equal(report.Totals.Started, report.Totals.Completed);
            var codes = string.Join("; ", report.Steps.Select(s =>
                $"{s.Name}: {string.Join(" ", s.StatusCodes.Select(c => $"{c.Key}×{c.Value}"))} timeouts {s.Timeouts} transport {s.TransportErrors}"));
            Assert.True(report.Totals.Errors == 0, $"{report.Totals.Errors} failed requests: {codes}");
            Assert.All(report.Steps, step =>
            {
                Assert.DoesNotContain(step.StatusCodes.Keys, code => code.StartsWith('5'));
                Assert.Equal(0, step.TransportErrors);
                Assert.Equal(0, step.Timeouts);
            });
            Assert.Empty(report.ExceptionSamples);
            foreach (var name in s_steps)
            {
                var step = report.Step(name);
                Assert.True(step is { Count: > 0, P50Ms: > 0 }, $"step {name} recorded no latency");
            }

            var orders = report.Orders;
            Assert.True(orders.CheckoutsAccepted > 0, "no checkout was accepted");
            Assert.Equal(orders.CheckoutsAccepted, report.Step(StepNames.Checkout)!.StatusCodes["202"]);
            Assert.Equal(orders.CheckoutsAccepted, orders.OrderIds);
            Assert.True(orders.Confirmed > 0, $"no order confirmed: {orders}");
            Assert.Equal(orders.CheckoutsAccepted, orders.Confirmed + orders.Cancelled + orders.Pending);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            Assert.Equal("run", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal("smoke", json.RootElement.GetProperty("scenario").GetString());
            Assert.True(json.RootElement.GetProperty("timeline").GetArrayLength() >= (int)report.DurationSeconds);
            var read = await ReportFile.ReadAsync<RunReport>(output);
            Assert.Equal(report.Totals, read.Totals);
            Assert.Equal(report.Validity.Valid, read.Validity.Valid);
        }
        finally
        {
            File.Delete(output);
        }
    }
}

public sealed class MicroservicesLoadSmokeTests(LoadSmokeDeployment deployment) : LoadSmokeTests(deployment), IClassFixture<LoadSmokeDeployment>;

public sealed class MonolithLoadSmokeTests(MonolithLoadSmokeDeployment deployment) : LoadSmokeTests(deployment), IClassFixture<MonolithLoadSmokeDeployment>;
