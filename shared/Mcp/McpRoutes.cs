using Marketplace.Http;
using Marketplace.Mcp.OAuth;
using Marketplace.Mcp.ServerRegistry;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Mcp;

/// <summary>The routes of tools, federated servers, the MCP Registry API and the MCP hub: the route table serves these, in this order.</summary>
public static class McpRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("tools-create", "POST", "/api/tools", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Create)
        {
            Doc = new("Tools", "Register an HTTP or agent-skill tool for this tenant's MCP clients") { RequestBody = typeof(CreateToolRequest), Responses = [new(201, "Registered", typeof(RegisteredTool)), Problem400, Problem401, Problem403, new(409, "Name taken", typeof(ProblemDetails))] },
        },
        new("tools-list", "GET", "/api/tools", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.List)
        {
            Doc = new("Tools", "This tenant's tools, by name") { Responses = [new(200, "The tools", typeof(List<RegisteredTool>)), Problem401] },
        },
        new("tools-get", "GET", "/api/tools/{toolName}", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Get)
        {
            Doc = new("Tools", "One tool") { Responses = [new(200, "The tool", typeof(RegisteredTool)), Problem401, Problem404] },
        },
        new("tools-metrics", "GET", "/api/tools/{toolName}/metrics", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Metrics)
        {
            Doc = new("Tools", "Calls, errors and latency percentiles of a tool") { Responses = [new(200, "The metrics", typeof(ToolMetrics)), Problem400, Problem401, Problem404], Query = [new("hours", typeof(int), "Window in hours, 1–720 (default 24)")] },
        },
        new("tools-definitions", "GET", "/api/tools/{toolName}/definitions", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Definitions)
        {
            Doc = new("Tools", "The tool's current definition beside the approved one, to review a change") { Responses = [new(200, "Both definitions", typeof(ToolDefinitionsView)), Problem401, Problem404] },
        },
        new("tools-approve", "POST", "/api/tools/{toolName}/approve", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Approve)
        {
            Doc = new("Tools", "Approve the tool's current definition (pinned by hash)") { RequestBody = typeof(ApproveToolRequest), Responses = [new(200, "Approved", typeof(RegisteredTool)), Problem400, Problem401, Problem403, Problem404, new(409, "The definition changed since it was reviewed", typeof(ProblemDetails))] },
        },
        new("tools-access", "PUT", "/api/tools/{toolName}/access", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.SetAccess)
        {
            Doc = new("Tools", "Set who may list and call the tool, and its rate limit") { RequestBody = typeof(ToolAccessRequest), Responses = [new(200, "Updated", typeof(RegisteredTool)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("mcp-servers-create", "POST", "/api/mcp-servers", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Create)
        {
            Doc = new("Tools", "Federate an upstream MCP server: its tools appear as {prefix}.{tool}") { RequestBody = typeof(CreateMcpServerRequest), Responses = [new(201, "Registered, with the tools found", typeof(McpServerSync)), Problem400, Problem401, Problem403, new(409, "Prefix taken", typeof(ProblemDetails)), new(502, "The server could not be read", typeof(ProblemDetails))] },
        },
        new("mcp-servers-import", "POST", "/api/mcp-servers/import", RouteAccess.TenantRoles(Role.Owner, Role.Developer), RegistryImportEndpoints.Import)
        {
            Doc = new("Tools", "Federate servers listed by another MCP registry (v0.1 API), by name; all or none")
            {
                RequestBody = typeof(ImportMcpServersRequest),
                Responses = [new(201, "Registered, with the tools found", typeof(McpServerImport)), Problem400, Problem401, Problem403, new(409, "Prefix taken", typeof(ProblemDetails)), new(502, "The registry or a server could not be read", typeof(ProblemDetails))],
            },
        },
        new("mcp-servers-list", "GET", "/api/mcp-servers", RouteAccess.TenantRoles(AnyRole), McpServerEndpoints.List)
        {
            Doc = new("Tools", "This tenant's federated servers") { Responses = [new(200, "The servers", typeof(List<McpServerRegistration>)), Problem401] },
        },
        new("mcp-servers-get", "GET", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(AnyRole), McpServerEndpoints.Get)
        {
            Doc = new("Tools", "One federated server") { Responses = [new(200, "The server", typeof(McpServerRegistration)), Problem401, Problem404] },
        },
        new("mcp-servers-sync", "POST", "/api/mcp-servers/{prefix}/sync", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Sync)
        {
            Doc = new("Tools", "Re-read the server's tools; changed definitions are blocked until re-approved") { Responses = [new(200, "What changed", typeof(McpServerSync)), Problem401, Problem403, Problem404, new(502, "The server could not be read", typeof(ProblemDetails))] },
        },
        new("mcp-servers-delete", "DELETE", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Delete)
        {
            Doc = new("Tools", "Remove a federated server and its tools") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
        },
        new("tools-delete", "DELETE", "/api/tools/{toolName}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Delete)
        {
            Doc = new("Tools", "Remove a tool") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
        },
        new("mcp-registry-servers", "GET", "/v0.1/servers", RouteAccess.PublicOrTenant, RegistryEndpoints.List)
        {
            Doc = new("MCP Registry", "MCP servers (MCP Registry API v0.1): the hub to everyone, a tenant's federated servers to its keys")
            {
                Responses = [new(200, "A page of servers", typeof(RegistryServerList)), Problem400, Problem401],
                Query =
                [
                    new("search", typeof(string), "Substring of the server name"),
                    new("cursor", typeof(string), "metadata.nextCursor of the previous page"),
                    new("limit", typeof(int), "Page size, 1–100 (default 30)"),
                    new("updated_since", typeof(DateTimeOffset), "Only servers updated at or after this RFC 3339 time"),
                    new("version", typeof(string), "'latest' or an exact version"),
                    new("include_deleted", typeof(bool), "Accepted; no listed server is deleted"),
                ],
            },
        },
        new("mcp-registry-versions", "GET", "/v0.1/servers/{serverName}/versions", RouteAccess.PublicOrTenant, RegistryEndpoints.Versions)
        {
            ForeignNames = new HashSet<string> { "serverName" },
            Doc = new("MCP Registry", "Every version of a server (its name URL-encoded, e.g. com.example%2Fhub)") { Responses = [new(200, "The versions, newest first", typeof(RegistryServerList)), Problem401, Problem404] },
        },
        new("mcp-registry-version", "GET", "/v0.1/servers/{serverName}/versions/{version}", RouteAccess.PublicOrTenant, RegistryEndpoints.Version)
        {
            ForeignNames = new HashSet<string> { "serverName", "version" },
            Doc = new("MCP Registry", "One version of a server; 'latest' names the latest") { Responses = [new(200, "The server.json and the registry's metadata", typeof(RegistryServerResponse)), Problem401, Problem404] },
        },
        // MCP hub: Streamable HTTP, stateless; the caller's key is checked inside, before the SDK runs.
        new("mcp", "POST", "/mcp", RouteAccess.SelfAuthenticated, McpEndpoint.Handle),
        // Stateless: no server-initiated stream to GET and no session to DELETE; MCP clients expect 405 then.
        new("mcp-get", "GET", "/mcp", RouteAccess.Anonymous, McpEndpoint.MethodNotAllowed),
        new("mcp-delete", "DELETE", "/mcp", RouteAccess.Anonymous, McpEndpoint.MethodNotAllowed),
        new("oauth-resource", "GET", "/.well-known/oauth-protected-resource", RouteAccess.Anonymous, ProtectedResource.Handle),
        new("oauth-resource-mcp", "GET", "/.well-known/oauth-protected-resource/mcp", RouteAccess.Anonymous, ProtectedResource.Handle),
    ];
}
