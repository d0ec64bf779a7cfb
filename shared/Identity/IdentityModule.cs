using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Identity;

public static class IdentityModule
{
    public static IServiceCollection AddIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IdentityOptions>(configuration, IdentityOptions.Section);
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<TableMemberStore>();
        services.AddSingleton<IMemberStore, CachedMemberStore>();
        services.AddSingleton<IPrincipalStore, TablePrincipalStore>();
        services.AddSingleton<IInvitationStore, TableInvitationStore>();
        services.AddSingleton<ConsoleConfigEndpoints>();
        services.AddSingleton<MeEndpoints>();
        services.AddSingleton<MemberEndpoints>();
        services.AddSingleton<InvitationEndpoints>();
        return services;
    }
}
