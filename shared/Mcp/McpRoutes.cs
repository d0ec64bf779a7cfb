using Marketplace.Http;
using Marketplace.Mcp.OAuth;
using Marketplace.Mcp.ServerRegistry;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Mcp;

/// <summary>The routes of tools, federated servers, the MCP Registry API and the MCP hub: the route table serves these, in this order.</summary>
public static class McpRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<ToolEndpoints>.Route("tools-create", "POST", "/api/tools", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Create(r)) with
        {
            Doc = new("Tools", "Register an HTTP or agent-skill tool for this tenant's MCP clients") { RequestBody = typeof(CreateToolRequest) },
        },
        Endpoint<ToolEndpoints>.Route("tools-list", "GET", "/api/tools", RouteAccess.TenantRoles(AnyRole), (e, r) => e.List(r)) with
        {
            Doc = new("Tools", "This tenant's tools, by name"),
        },
        Endpoint<ToolEndpoints>.Route("tools-get", "GET", "/api/tools/{toolName}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Get(r)) with
        {
            Doc = new("Tools", "One tool"),
        },
        Endpoint<ToolEndpoints>.Route("tools-metrics", "GET", "/api/tools/{toolName}/metrics", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Metrics(r)) with
        {
            Doc = new("Tools", "Calls, errors and latency percentiles of a tool") { Query = [new("hours", typeof(int), "Window in hours, 1–720 (default 24)")] },
        },
        Endpoint<ToolEndpoints>.Route("tools-definitions", "GET", "/api/tools/{toolName}/definitions", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Definitions(r)) with
        {
            Doc = new("Tools", "The tool's current definition beside the approved one, to review a change"),
        },
        Endpoint<ToolEndpoints>.Route("tools-approve", "POST", "/api/tools/{toolName}/approve", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Approve(r)) with
        {
            Doc = new("Tools", "Approve the tool's current definition (pinned by hash)") { RequestBody = typeof(ApproveToolRequest) },
        },
        Endpoint<ToolEndpoints>.Route("tools-access", "PUT", "/api/tools/{toolName}/access", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.SetAccess(r)) with
        {
            Doc = new("Tools", "Set who may list and call the tool, and its rate limit") { RequestBody = typeof(ToolAccessRequest) },
        },
        Endpoint<McpServerEndpoints>.Route("mcp-servers-create", "POST", "/api/mcp-servers", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Create(r)) with
        {
            Doc = new("Tools", "Federate an upstream MCP server: its tools appear as {prefix}.{tool}") { RequestBody = typeof(CreateMcpServerRequest) },
        },
        Endpoint<RegistryImportEndpoints>.Route("mcp-servers-import", "POST", "/api/mcp-servers/import", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Import(r)) with
        {
            Doc = new("Tools", "Federate servers listed by another MCP registry (v0.1 API), by name; all or none") { RequestBody = typeof(ImportMcpServersRequest) },
        },
        Endpoint<McpServerEndpoints>.Route("mcp-servers-list", "GET", "/api/mcp-servers", RouteAccess.TenantRoles(AnyRole), (e, r) => e.List(r)) with
        {
            Doc = new("Tools", "This tenant's federated servers"),
        },
        Endpoint<McpServerEndpoints>.Route("mcp-servers-get", "GET", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Get(r)) with
        {
            Doc = new("Tools", "One federated server"),
        },
        Endpoint<McpServerEndpoints>.Route("mcp-servers-sync", "POST", "/api/mcp-servers/{prefix}/sync", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Sync(r)) with
        {
            Doc = new("Tools", "Re-read the server's tools; changed definitions are blocked until re-approved"),
        },
        Endpoint<McpServerEndpoints>.Route("mcp-servers-delete", "DELETE", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Delete(r)) with
        {
            Doc = new("Tools", "Remove a federated server and its tools"),
        },
        Endpoint<ToolEndpoints>.Route("tools-delete", "DELETE", "/api/tools/{toolName}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Delete(r)) with
        {
            Doc = new("Tools", "Remove a tool"),
        },
        Endpoint<RegistryEndpoints>.Route("mcp-registry-servers", "GET", "/v0.1/servers", RouteAccess.PublicOrTenant, (e, r) => e.List(r)) with
        {
            Doc = new("MCP Registry", "MCP servers (MCP Registry API v0.1): the hub to everyone, a tenant's federated servers to its keys")
            {
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
        Endpoint<RegistryEndpoints>.Route("mcp-registry-versions", "GET", "/v0.1/servers/{serverName}/versions", RouteAccess.PublicOrTenant, (e, r) => e.Versions(r)) with
        {
            ForeignNames = new HashSet<string> { "serverName" },
            Doc = new("MCP Registry", "Every version of a server, newest first (its name URL-encoded, e.g. com.example%2Fhub)"),
        },
        Endpoint<RegistryEndpoints>.Route("mcp-registry-version", "GET", "/v0.1/servers/{serverName}/versions/{version}", RouteAccess.PublicOrTenant, (e, r) => e.Version(r)) with
        {
            ForeignNames = new HashSet<string> { "serverName", "version" },
            Doc = new("MCP Registry", "One version of a server; 'latest' names the latest"),
        },
        // MCP hub: Streamable HTTP, stateless; the caller's key is checked inside, before the SDK runs.
        Endpoint<McpEndpoint>.Route("mcp", "POST", "/mcp", RouteAccess.SelfAuthenticated, (e, r) => e.Handle(r)),
        // Stateless: no server-initiated stream to GET and no session to DELETE; MCP clients expect 405 then.
        new("mcp-get", "GET", "/mcp", RouteAccess.Anonymous, McpEndpoint.MethodNotAllowed),
        new("mcp-delete", "DELETE", "/mcp", RouteAccess.Anonymous, McpEndpoint.MethodNotAllowed),
        Endpoint<ProtectedResourceEndpoints>.Route("oauth-resource", "GET", "/.well-known/oauth-protected-resource", RouteAccess.Anonymous, (e, r) => e.Get(r)),
        Endpoint<ProtectedResourceEndpoints>.Route("oauth-resource-mcp", "GET", "/.well-known/oauth-protected-resource/mcp", RouteAccess.Anonymous, (e, r) => e.Get(r)),
    ];
}
