using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Search;

public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EmbeddingOptions>(configuration, EmbeddingOptions.Section);
        services.AddEmbeddings();
        services.AddSingleton<UnifiedSearch>();
        services.AddSingleton<SearchEndpoints>();
        return services;
    }
}
