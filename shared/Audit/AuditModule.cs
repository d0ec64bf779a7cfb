using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Audit;

public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<RouteAudit>();
        services.AddSingleton<AuditEndpoints>();
        return services;
    }
}
