using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Search;

public static class EmbeddingServices
{
    /// <summary>The provider <c>Embeddings:Provider</c> names; options are validated when the host starts.</summary>
    public static IServiceCollection AddEmbeddings(this IServiceCollection services)
    {
        services.AddHttpClient(AzureOpenAIEmbeddings.ClientName);
        services.AddSingleton<IEmbeddingProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>();
            return options.Value.Provider switch
            {
                EmbeddingProviderKind.AzureOpenAI => new AzureOpenAIEmbeddings(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(AzureOpenAIEmbeddings.ClientName), new DefaultAzureCredential(), options),
                _ => new MiniLmEmbeddings(),
            };
        });
        return services;
    }
}
