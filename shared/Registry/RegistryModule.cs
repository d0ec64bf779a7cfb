using Marketplace.Hosting;
using Marketplace.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

public static class RegistryModule
{
    /// <summary>Listings (Tables or Cosmos, by <see cref="DocumentsOptions"/>), cards, signatures and the in-memory search index.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RegistryOptions>(configuration, RegistryOptions.Section);
        services.AddValidatedOptions<DocumentsOptions>(configuration, DocumentsOptions.Section);
        services.AddDocumentStores(configuration);
        services.AddSingleton<AgentSignals>();
        services.AddSingleton<ListingEmbedder>();
        services.AddSingleton(sp => new AgentSearchIndex(sp.GetRequiredService<AgentSignals>(), sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.MinSimilarity));
        services.AddHostedService<AgentIndexRefresher>();
        services.AddHostedService<AgentSignalsRefresher>();
        services.AddSingleton<CardFetcher>();
        services.AddSingleton<Signing.CardSignatures>();
        services.AddSingleton<AgentService>();
        services.AddSingleton<AgentEndpoints>();
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
}
