using Marketplace.Hosting;
using Marketplace.Orchestrations;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Launched by the Functions host (it passes --functions-uri): serve as an isolated worker. Otherwise run the same
// handlers standalone on Kestrel with an in-process Durable Task sidecar.
if (args.Contains("--functions-uri") || Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint") is not null)
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    builder.Services.AddMarketplace(builder.Configuration).AddActivities();
    // Function invocations join the host's traces (and carry its resource attributes) in the same OpenTelemetry pipeline.
    builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
    builder.Build().Run();
}
else
{
    StandaloneApp.Build(args, OrchestrationRegistry.Register).Run();
}
