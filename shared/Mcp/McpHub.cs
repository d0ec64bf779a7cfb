using System.Text;
using System.Text.Json;
using Marketplace.Mcp.BuiltIn;
using Marketplace.Tenancy;
using Marketplace.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Marketplace.Errors;

namespace Marketplace.Mcp;

/// <summary>
/// Per-request MCP server configuration (stateless mode: any instance serves any request): the tools are the
/// calling tenant's registry, resolved before the SDK runs and handed over in the request's items (<see cref="McpCall"/>). A tool is served
/// only when approved and granted to the caller; anything else reads as unknown, so nothing leaks across grants.
/// </summary>
public static class McpHub
{
    public static Task ConfigureAsync(HttpContext http, ModelContextProtocol.Server.McpServerOptions options, CancellationToken ct)
    {
        var (caller, durable) = (McpCall)http.Items[McpCall.ItemKey]!;
        var tenantId = caller.TenantId!;
        var services = http.RequestServices;
        var store = services.GetRequiredService<IToolStore>();
        var pageSize = services.GetRequiredService<IOptions<McpOptions>>().Value.PageSize;
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Tools ??= new ToolsCapability();
        options.Handlers.ListToolsHandler = async (request, cancel) =>
        {
            var after = DecodeCursor(request.Params?.Cursor);
            // The tenant's approved, granted tools by name, then the marketplace's own (their names are reserved, so
            // the last name of a page says which part it ended in).
            var afterBuiltIn = MarketplaceTools.IsReserved(after);
            var visible = (afterBuiltIn ? [] : (await store.ListAsync(tenantId, cancel))
                    .Where(t => t.Status == ToolStatus.Approved && t.VisibleTo(caller) && string.CompareOrdinal(t.Name, after) > 0)
                    .OrderBy(t => t.Name, StringComparer.Ordinal)
                    .Select(t => new Tool { Name = t.Name, Description = t.Description, InputSchema = t.InputSchema, OutputSchema = t.OutputSchema }))
                .Concat(MarketplaceTools.Definitions.OrderBy(t => t.Name, StringComparer.Ordinal).Where(t => !afterBuiltIn || string.CompareOrdinal(t.Name, after) > 0))
                .Take(pageSize + 1).ToList();
            var page = visible.Take(pageSize).ToList();
            return new ListToolsResult
            {
                Tools = page,
                NextCursor = visible.Count > pageSize ? EncodeCursor(page[^1].Name) : null,
            };
        };
        options.Handlers.CallToolHandler = async (request, cancel) =>
        {
            var name = request.Params?.Name ?? "";
            var arguments = request.Params?.Arguments?.ToDictionary(a => a.Key, a => a.Value) ?? new Dictionary<string, JsonElement>();
            var baseUrl = PublicUrls.Base(services.GetRequiredService<IOptions<MarketplaceOptions>>().Value);
            if (MarketplaceTools.IsBuiltIn(name)) return await services.GetRequiredService<MarketplaceTools>().CallAsync(caller, name, arguments, baseUrl, durable, cancel);
            var tool = await store.GetAsync(tenantId, name, cancel);
            if (tool is null || !tool.VisibleTo(caller)) throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
            try
            {
                return await services.GetRequiredService<ToolCalls>().CallAsync(caller, tool, arguments, baseUrl, durable, cancel);
            }
            catch (DomainException ex)
            {
                return ToolResults.Refused(ex.Error);
            }
        };
        // The hub serves tools only; prompts and resources are declared empty rather than missing, because many
        // clients (and the conformance suite's caching checks) list them without looking at capabilities first.
        options.Capabilities.Prompts ??= new PromptsCapability();
        options.Capabilities.Resources ??= new ResourcesCapability();
        options.Handlers.ListPromptsHandler = (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = [] });
        options.Handlers.GetPromptHandler = (request, _) => throw new McpProtocolException($"Unknown prompt: '{request.Params?.Name}'", McpErrorCode.InvalidParams);
        options.Handlers.ListResourcesHandler = (_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = [] });
        options.Handlers.ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [] });
        options.Handlers.ReadResourceHandler = (request, _) => throw new McpProtocolException($"Resource not found: '{request.Params?.Uri}'", McpErrorCode.ResourceNotFound);
        return Task.CompletedTask;
    }

    // The cursor is opaque to clients: the last name of the previous page, so pages stay stable as tools come and go.
    static string EncodeCursor(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    static string DecodeCursor(string? cursor)
    {
        if (cursor is null) return "";
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
        }
        catch (FormatException)
        {
            throw new McpProtocolException("Invalid cursor.", McpErrorCode.InvalidParams);
        }
    }
}
