using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A real MCP server built with the official SDK, on a free loopback port, standing in for a tenant's federated
/// upstream. Its tools can be changed at run time (to exercise pinning), it requires a token header, and it records
/// every header it received so tests can prove the hub's caller credentials never reach it.
/// </summary>
public sealed class UpstreamMcpServer : IAsyncDisposable
{
    WebApplication app = null!;

    public const string TokenHeader = "X-Upstream-Token";

    public string RequiredToken { get; } = "upstream-" + Guid.NewGuid().ToString("N");
    public Uri Url { get; private set; } = null!;
    public ConcurrentQueue<KeyValuePair<string, string>> ReceivedHeaders { get; } = new();
    public ConcurrentDictionary<string, Tool> Tools { get; } = new();

    UpstreamMcpServer()
    {
        Tools["add"] = NewTool("add", "Adds two numbers", """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""");
        Tools["shout"] = NewTool("shout", "Upper-cases a text", """{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""");
    }

    public static Tool NewTool(string name, string description, string schema) =>
        new() { Name = name, Description = description, InputSchema = JsonDocument.Parse(schema).RootElement.Clone() };

    public static async Task<UpstreamMcpServer> StartAsync()
    {
        var server = new UpstreamMcpServer();
        var (app, baseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (http, next) =>
            {
                foreach (var (name, values) in http.Request.Headers) server.ReceivedHeaders.Enqueue(KeyValuePair.Create(name, values.ToString()));
                if (http.Request.Headers[TokenHeader] != server.RequiredToken)
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await next();
            });
            app.MapMcp("/mcp");
        }, builder => builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "upstream-test", Version = "1.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult { Tools = server.Tools.Values.OrderBy(t => t.Name).ToList() }))
            .WithCallToolHandler((request, _) => ValueTask.FromResult(server.Call(request.Params!))));
        (server.app, server.Url) = (app, new Uri(baseAddress, "/mcp"));
        return server;
    }

    CallToolResult Call(CallToolRequestParams call)
    {
        var args = call.Arguments ?? new Dictionary<string, JsonElement>();
        return call.Name switch
        {
            "add" => new CallToolResult
            {
                Content = [new TextContentBlock { Text = (args["a"].GetDouble() + args["b"].GetDouble()).ToString(System.Globalization.CultureInfo.InvariantCulture) }],
            },
            "shout" => new CallToolResult { Content = [new TextContentBlock { Text = args["text"].GetString()!.ToUpperInvariant() }] },
            _ => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "no such tool" }] },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
