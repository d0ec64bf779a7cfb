using System.Reflection;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>The Functions app, the standalone host and the OpenAPI document expose exactly the same HTTP routes.</summary>
[Collection("platform")]
public sealed class RouteParityTests(PlatformFixture platform)
{
    static readonly string MetadataPath = typeof(RouteParityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionsMetadataPath").Value!;

    [Fact]
    public void Function_metadata_matches_the_route_table_name_for_name()
    {
        var functions = JsonNode.Parse(File.ReadAllText(MetadataPath))!.AsArray()
            .Select(f => (Name: f!["name"]!.GetValue<string>(), Trigger: f["bindings"]!.AsArray().Single(b => b!["direction"]!.GetValue<string>() == "In" && b["type"]!.GetValue<string>().EndsWith("Trigger"))!))
            .Where(f => f.Trigger["type"]!.GetValue<string>() == "httpTrigger")
            .Select(f => $"{f.Name} {string.Join(",", f.Trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()))} /{f.Trigger["route"]!.GetValue<string>()}")
            .Order().ToList();
        var table = platform.App.Services.GetRequiredService<ApiRouteTable>().Routes.Select(r => $"{r.Name} {r.Method} {r.Pattern}").Order().ToList();
        Assert.NotEmpty(table);
        Assert.Equal(table, functions);
    }

    [Fact]
    public void Every_http_function_binds_the_durable_client()
    {
        // In Azure the Durable client exists only as a binding: a route without it fails as soon as its work reaches
        // an orchestration (an MCP tool call whose agent task keeps working, say), which no local run would show.
        var unbound = JsonNode.Parse(File.ReadAllText(MetadataPath))!.AsArray()
            .Where(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            .Where(f => !f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "durableClient" && b["direction"]!.GetValue<string>() == "In"))
            .Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.Empty(unbound);
    }

    [Fact]
    public void Every_orchestrator_and_activity_the_standalone_worker_runs_is_a_function_too()
    {
        var registry = new Microsoft.DurableTask.DurableTaskRegistry();
        Marketplace.Orchestrations.OrchestrationRegistry.Register(registry);
        // The registry keeps its factories by name; the names are what the Functions host must know.
        var names = new[] { "Orchestrators", "Activities" }
            .SelectMany(p => ((System.Collections.IEnumerable)typeof(Microsoft.DurableTask.DurableTaskRegistry)
                .GetProperty(p, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(registry)!).Cast<object>()
                .Select(entry => entry.GetType().GetProperty("Key")!.GetValue(entry)!.ToString()!))
            .Order().ToList();
        var functions = JsonNode.Parse(File.ReadAllText(MetadataPath))!.AsArray()
            .Where(f => f!["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() is "orchestrationTrigger" or "activityTrigger"))
            .Select(f => f!["name"]!.GetValue<string>()).Order().ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names, functions);
    }

    [Fact]
    public void The_standalone_host_serves_the_route_table()
    {
        var served = platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single()} /{e.RoutePattern.RawText!.TrimStart('/')}")
            .Order().ToList();
        var table = platform.App.Services.GetRequiredService<ApiRouteTable>().Routes.Select(r => $"{r.Method} {r.Pattern}").Order().ToList();
        Assert.Equal(table, served);
    }

    [Fact]
    public async Task The_openapi_document_describes_exactly_the_served_rest_routes()
    {
        using var client = platform.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/api/openapi.json"))!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}"))
            .Order().ToList();
        // The REST API is everything under /api, and the MCP Registry API under /v0.1; protocol endpoints (A2A, MCP)
        // are described by their own specifications.
        var served = platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single()} /{e.RoutePattern.RawText!.TrimStart('/')}")
            .Where(r => r.Split(' ')[1].StartsWith("/api/", StringComparison.Ordinal) || r.Split(' ')[1].StartsWith("/v0.1/", StringComparison.Ordinal))
            .Order().ToList();
        Assert.Equal(served, documented);

        // Request bodies and responses point at schemas that exist.
        var schemas = document["components"]!["schemas"]!.AsObject();
        var refs = document["paths"]!.ToJsonString().Split("#/components/schemas/").Skip(1).Select(s => s[..s.IndexOf('"')]).Distinct();
        Assert.All(refs, r => Assert.True(schemas.ContainsKey(r), $"Missing schema {r}"));
        Assert.True(schemas.ContainsKey("PublishAgentRequest"));
    }
}
