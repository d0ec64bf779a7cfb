using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Marketplace.A2A.Tasks;
using Marketplace.Billing;
using Marketplace.Caching;
using Marketplace.Durable;
using Marketplace.Events;
using Marketplace.Analytics;
using Marketplace.Graph;
using Marketplace.Mcp;
using Marketplace.Reviews;
using Marketplace.Mcp.OAuth;
using Marketplace.RateLimiting;
using Marketplace.Health;
using Marketplace.Http;
using Marketplace.OpenApi;
using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Search;
using Marketplace.Security;
using Marketplace.Storage;
using Marketplace.Telemetry;
using Marketplace.Tenancy;
using Marketplace.Webhooks;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Hosting;

/// <summary>The one service composition both hosts (Functions worker and standalone Kestrel) share.</summary>
public static class MarketplaceServices
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MarketplaceOptions>(configuration, MarketplaceOptions.Section);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        services.AddValidatedOptions<OutboundOptions>(configuration, OutboundOptions.Section);
        services.AddValidatedOptions<RegistryOptions>(configuration, RegistryOptions.Section);
        services.AddValidatedOptions<DocumentsOptions>(configuration, DocumentsOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddMarketplaceTelemetry(configuration);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = Json.Lenient.DefaultIgnoreCondition;
            foreach (var converter in Json.Lenient.Converters) o.SerializerOptions.Converters.Add(converter);
        });

        services.AddStorageClients(configuration.GetSection("AzureWebJobsStorage"));
        services.AddSingleton<Tables>();
        services.AddSingleton<StorageQueues>();
        services.AddHostedService<StorageInitializer>();

        services.AddSingleton<SsrfGuard>();
        // One pooled handler for every agent and tool upstream: its connections are recycled every 2 min (so DNS
        // changes are seen), so the factory need not replace the whole handler, and with it the pool, as well.
        services.AddHttpClient(CardFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<SsrfGuard>().ConnectAsync,
                MaxAutomaticRedirections = 3,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // Keys, tenants and tool registries are read on every request: served from each instance's copy (see ReadCacheOptions).
        services.AddValidatedOptions<ReadCacheOptions>(configuration, ReadCacheOptions.Section);
        services.AddSingleton<TableTenantStore>();
        services.AddSingleton<ITenantStore, CachedTenantStore>();
        services.AddSingleton<TableApiKeyStore>();
        services.AddSingleton<IApiKeyStore, CachedApiKeyStore>();
        services.AddValidatedOptions<Identity.IdentityOptions>(configuration, Identity.IdentityOptions.Section);
        services.AddSingleton<Identity.TokenValidator>();
        services.AddSingleton<Identity.TableMemberStore>();
        services.AddSingleton<Identity.IMemberStore, Identity.CachedMemberStore>();
        services.AddSingleton<Identity.IPrincipalStore, Identity.TablePrincipalStore>();
        services.AddSingleton<Identity.IInvitationStore, Identity.TableInvitationStore>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<Audit.IAuditLog, Audit.TableAuditLog>();
        services.AddSingleton<Audit.RouteAudit>();

        services.AddDocumentStores(configuration);
        services.AddSingleton<AgentSignals>();
        services.AddValidatedOptions<EmbeddingOptions>(configuration, EmbeddingOptions.Section);
        services.AddEmbeddings();
        services.AddSingleton<ListingEmbedder>();
        services.AddSingleton<UnifiedSearch>();
        services.AddSingleton(sp => new AgentSearchIndex(sp.GetRequiredService<AgentSignals>(), sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.MinSimilarity));
        services.AddHostedService<AgentIndexRefresher>();
        services.AddHostedService<AgentSignalsRefresher>();
        services.AddSingleton<CardFetcher>();
        services.AddSingleton<Registry.Signing.CardSignatures>();
        services.AddSingleton<AgentService>();

        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.Section);
        services.AddSingleton<ITaskStore, TableTaskStore>();
        services.AddSingleton<IPushConfigStore, TablePushConfigStore>();
        services.AddSingleton<TaskEventHub>();
        services.AddSingleton<TaskWriter>();
        services.AddSingleton<TaskFollowers>();
        services.AddSingleton<GatewayHandlerFactory>();
        services.AddSingleton<GatewayBilling>();
        services.AddValidatedOptions<LifecycleOptions>(configuration, LifecycleOptions.Section);
        services.AddSingleton<DurableClients>();
        services.AddSingleton<ITaskLifecycle, DurableTaskLifecycle>();
        services.AddSingleton<UsageRecorder>();
        services.AddValidatedOptions<BillingOptions>(configuration, BillingOptions.Section);
        services.AddValidatedOptions<QueuePollerOptions>(configuration, QueuePollerOptions.Section);
        services.AddSingleton<BillingStore>();
        services.AddSingleton<StripedLocks>();
        services.AddSingleton<Credits>();
        services.AddValidatedOptions<BalanceAlertOptions>(configuration, BalanceAlertOptions.Section);
        services.AddSingleton<BalanceAlerts>();
        services.AddSingleton<TenantPlans>();
        services.AddSingleton<PlanRateLimits>();
        services.AddSingleton<UsageApplier>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<UsageApplier>());
        services.AddSingleton<AnalyticsStore>();
        services.AddValidatedOptions<ReviewOptions>(configuration, ReviewOptions.Section);
        services.AddSingleton<ReviewStore>();
        services.AddValidatedOptions<WorkflowOptions>(configuration, WorkflowOptions.Section);
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<Payloads>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<WorkflowRuns>();
        services.AddSingleton<StepRecorder>();
        services.AddSingleton<AgentSteps>();
        services.AddSingleton<ToolSteps>();
        services.AddSingleton<ControlSteps>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<AnalyticsWorker>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<AnalyticsWorker>());
        services.AddSingleton<TaskUsage>();
        services.AddSingleton<TaskOutbox>();
        services.AddSingleton<TaskHandOffs>();
        services.AddValidatedOptions<PushOptions>(configuration, PushOptions.Section);
        services.AddSingleton<PushSigningKey>();
        services.AddSingleton<GatewayCardSigner>();
        services.AddSingleton<PushTokens>();
        services.AddSingleton<PushDispatcher>();
        services.AddSingleton<PushSender>();

        services.AddSingleton<IIntegrationEvents, QueuedIntegrationEvents>();
        // Service Bus in Azure; standalone, no Service Bus can run, so events go to the local sink.
        services.AddValidatedOptions<ServiceBusOptions>(configuration, ServiceBusOptions.Section);
        if (configuration[$"{ServiceBusOptions.Section}:FullyQualifiedNamespace"] is { Length: > 0 } serviceBus)
        {
            services.AddSingleton(new ServiceBusClient(serviceBus, new DefaultAzureCredential()));
            services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        }
        else
        {
            services.AddSingleton<IEventPublisher, LocalEventPublisher>();
        }
        services.AddKnowledgeGraph(configuration);
        services.AddSingleton<IEventProjector, GraphProjector>();
        services.AddSingleton<Recommender>();
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddHttpClient(WebhookSender.ClientName).ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.Handler(sp.GetRequiredService<SsrfGuard>()));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookLogPruning>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddSingleton<IEventProjector, WebhookFanOut>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        services.AddScoped<EventRelay>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<EventRelay>());

        services.AddValidatedOptions<McpOptions>(configuration, McpOptions.Section);
        services.AddSingleton<TableToolStore>();
        services.AddSingleton<IToolStore, CachedToolStore>();
        services.AddSingleton<HttpToolInvoker>();
        services.AddSingleton<AgentSkillInvoker>();
        services.AddSingleton<ToolCallAudit>();
        services.AddSingleton<ToolSecrets>();
        services.AddSingleton<IMcpServerStore, TableMcpServerStore>();
        services.AddSingleton<FederatedServers>();
        services.AddSingleton<GcraLimiter>();
        services.AddSingleton<ToolCalls>();
        services.AddSingleton<Mcp.ServerRegistry.RegistryCatalog>();
        services.AddSingleton<Mcp.BuiltIn.SendMessageTool>();
        services.AddSingleton<Mcp.BuiltIn.WorkflowRunTools>();
        services.AddSingleton<Mcp.BuiltIn.MarketplaceTools>();
        services.AddSingleton<McpEndpoint>();
        // Stateless: any instance serves any request; the tools are configured per request for the caller's tenant.
        services.AddMcpServer(o => o.ServerInfo = new ModelContextProtocol.Protocol.Implementation { Name = "agent-marketplace", Version = Mcp.ServerRegistry.RegistryCatalog.HubVersion })
            .WithHttpTransport(o =>
            {
                o.Stateless = true;
                o.ConfigureSessionOptions = McpHub.ConfigureAsync;
            });

        services.AddSingleton<ApiRouteTable>();
        services.AddSingleton<ApiDispatcher>();
        services.AddSingleton<OpenApiJson>();

        // Each check has its own deadline, so one hung dependency reports unhealthy instead of stalling the endpoint.
        var checkTimeout = TimeSpan.FromSeconds(3);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", timeout: checkTimeout)
            .AddCheck<DocumentsHealthCheck>("documents", timeout: checkTimeout)
            .AddCheck<DurableHealthCheck>("durable", timeout: checkTimeout);
        return services;
    }

    static void AddDocumentStores(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DocumentsOptions.Section).Get<DocumentsOptions>() ?? new DocumentsOptions();
        if (options.Provider == DocumentsProvider.Tables)
        {
            services.AddSingleton<IAgentStore, TableAgentStore>();
            return;
        }
        services.AddSingleton(sp => CosmosClients.Create(sp.GetRequiredService<IOptions<DocumentsOptions>>().Value.Cosmos));
        services.AddSingleton<IAgentStore, CosmosAgentStore>();
    }

    /// <summary>Neo4j when <c>Neo4j:Uri</c> is set; otherwise the embedded graph, its log under the content root.</summary>
    static void AddKnowledgeGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<Neo4jOptions>(configuration, Neo4jOptions.Section);
        if (configuration[$"{Neo4jOptions.Section}:Uri"] is { Length: > 0 })
        {
            services.AddHttpClient(Neo4jGraph.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            services.AddSingleton<IKnowledgeGraph>(sp => new Neo4jGraph(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(Neo4jGraph.ClientName), sp.GetRequiredService<IOptions<Neo4jOptions>>()));
            return;
        }
        services.AddSingleton<IKnowledgeGraph>(sp => new EmbeddedGraph(Path.Combine(
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<Neo4jOptions>>().Value.EmbeddedPath)));
    }

    static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
