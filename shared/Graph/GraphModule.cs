using Marketplace.Events;
using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Graph;

public static class GraphModule
{
    /// <summary>Neo4j when <c>Neo4j:Uri</c> is set; otherwise the embedded graph, its log under the content root.</summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<Neo4jOptions>(configuration, Neo4jOptions.Section);
        if (configuration[$"{Neo4jOptions.Section}:Uri"] is { Length: > 0 })
        {
            services.AddHttpClient(Neo4jGraph.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            services.AddSingleton<IKnowledgeGraph>(sp => new Neo4jGraph(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(Neo4jGraph.ClientName), sp.GetRequiredService<IOptions<Neo4jOptions>>()));
        }
        else
        {
            services.AddSingleton<IKnowledgeGraph>(sp => new EmbeddedGraph(Path.Combine(
                sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<Neo4jOptions>>().Value.EmbeddedPath)));
        }
        services.AddSingleton<IEventProjector, GraphProjector>();
        services.AddSingleton<Recommender>();
        services.AddSingleton<GraphEndpoints>();
        return services;
    }
}
