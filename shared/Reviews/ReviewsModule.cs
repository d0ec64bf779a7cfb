using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Reviews;

public static class ReviewsModule
{
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReviewOptions>(configuration, ReviewOptions.Section);
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewEndpoints>();
        return services;
    }
}
