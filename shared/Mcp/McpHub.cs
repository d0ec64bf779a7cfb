using System.Text.Json;
using Marketplace.Tenancy;
using Marketplace.Hosting;
using Marketplace.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Marketplace.Mcp;

/// <summary>
/// Per-request MCP server configuration (stateless mode: any instance serves any request): the tools are the
/// calling tenant's registry, resolved before the SDK runs and handed over in the request's items.
/// </summary>
public static class McpHub
{
    public const string CallerItemKey = "Marketplace.McpCaller";

    public static Task ConfigureAsync(HttpContext http, McpServerOptions options, CancellationToken ct)
    {
        var caller = (Caller)http.Items[CallerItemKey]!;
        var services = http.RequestServices;
        var store = services.GetRequiredService<IToolStore>();
        var httpTools = services.GetRequiredService<HttpToolInvoker>();
        var skillTools = services.GetRequiredService<AgentSkillInvoker>();
        var audit = services.GetRequiredService<ToolCallAudit>();
        var metrics = services.GetRequiredService<MarketplaceMetrics>();
        var clock = services.GetRequiredService<TimeProvider>();
        var baseUrl = PublicUrls.Base(http, services.GetRequiredService<IOptions<MarketplaceOptions>>().Value);
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Tools ??= new ToolsCapability();
        options.Handlers.ListToolsHandler = async (request, cancel) =>
        {
            var tools = await store.ListAsync(caller.TenantId!, cancel);
            return new ListToolsResult
            {
                Tools = tools.Select(t => new Tool { Name = t.Name, Description = t.Description, InputSchema = t.InputSchema }).ToList(),
            };
        };
        options.Handlers.CallToolHandler = async (request, cancel) =>
        {
            var name = request.Params?.Name ?? "";
            var tool = await store.GetAsync(caller.TenantId!, name, cancel)
                ?? throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
            var arguments = request.Params?.Arguments?.ToDictionary(a => a.Key, a => a.Value) ?? new Dictionary<string, JsonElement>();
            var started = clock.GetTimestamp();
            var result = ToolResults.Validate(tool, arguments) is { } invalid
                ? ToolResults.Error(invalid)
                : tool switch
                {
                    { Http: { } spec } => await httpTools.CallAsync(tool, spec, arguments, cancel),
                    { Skill: { } skill } => await skillTools.CallAsync(caller, tool, skill, baseUrl, arguments, cancel),
                    _ => ToolResults.Error("The tool has no target."),
                };
            // Every call is audited and measured, failed ones too.
            var latency = clock.GetElapsedTime(started).TotalMilliseconds;
            var isError = result.IsError == true;
            metrics.ToolCalled(caller.TenantId!, tool.Name, isError, latency);
            await audit.RecordAsync(new ToolCallRecord(caller.TenantId!, tool.Name, caller.KeyId, ToolCallAudit.HashArguments(arguments), isError, latency, clock.GetUtcNow()), cancel);
            return result;
        };
        return Task.CompletedTask;
    }
}
