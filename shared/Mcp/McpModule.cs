using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Mcp;

public static class McpModule
{
    /// <summary>Tools (cached per instance), their invokers and audit, federated servers, the built-in tools and the hub.</summary>
    public static IServiceCollection AddMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<McpOptions>(configuration, McpOptions.Section);
        services.AddSingleton<TableToolStore>();
        services.AddSingleton<IToolStore, CachedToolStore>();
        services.AddSingleton<HttpToolInvoker>();
        services.AddSingleton<AgentSkillInvoker>();
        services.AddSingleton<ToolCallAudit>();
        services.AddSingleton<ToolSecrets>();
        services.AddSingleton<IMcpServerStore, TableMcpServerStore>();
        services.AddSingleton<FederatedServers>();
        services.AddSingleton<ToolCallChecks>();
        services.AddSingleton<ToolInvokers>();
        services.AddSingleton<ToolCalls>();
        services.AddSingleton<ServerRegistry.RegistryCatalog>();
        services.AddSingleton<BuiltIn.SendMessageTool>();
        services.AddSingleton<BuiltIn.WorkflowRunTools>();
        services.AddSingleton<BuiltIn.MarketplaceTools>();
        services.AddSingleton<McpEndpoint>();
        services.AddSingleton<McpServerSyncs>();
        services.AddSingleton<ToolEndpoints>();
        services.AddSingleton<McpServerEndpoints>();
        services.AddSingleton<ServerRegistry.RegistryEndpoints>();
        services.AddSingleton<ServerRegistry.RegistryImportEndpoints>();
        services.AddSingleton<OAuth.ProtectedResourceEndpoints>();
        // Stateless: any instance serves any request; the tools are configured per request for the caller's tenant.
        services.AddMcpServer(o => o.ServerInfo = new ModelContextProtocol.Protocol.Implementation { Name = "agent-marketplace", Version = ServerRegistry.RegistryCatalog.HubVersion })
            .WithHttpTransport(o =>
            {
                o.Stateless = true;
                o.ConfigureSessionOptions = McpHub.ConfigureAsync;
            });
        return services;
    }
}
