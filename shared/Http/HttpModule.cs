using Marketplace.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Http;

public static class HttpModule
{
    /// <summary>The route table (every feature's routes), the dispatcher both hosts call, and the OpenAPI document of them.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ApiRouteTable>();
        services.AddSingleton<ApiDispatcher>();
        services.AddSingleton<OpenApiJson>();
        services.AddSingleton<OpenApiEndpoints>();
        return services;
    }
}
