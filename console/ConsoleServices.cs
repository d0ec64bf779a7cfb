using Marketplace.Client;
using Marketplace.Console.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Console;

/// <summary>Settings from wwwroot/appsettings*.json.</summary>
public sealed record ConsoleOptions(Uri ApiBaseUrl, TimeSpan SearchDebounce)
{
    /// <summary>The API is where the console was served from unless <c>Console:ApiBaseUrl</c> names another (e.g. under <c>dotnet watch</c>).</summary>
    public static ConsoleOptions From(IConfiguration configuration, string hostBaseAddress) => new(
        new Uri(configuration["Console:ApiBaseUrl"] is { Length: > 0 } url ? url : hostBaseAddress),
        TimeSpan.FromMilliseconds(configuration.GetValue("Console:SearchDebounceMilliseconds", 300)));
}

public static class ConsoleServices
{
    /// <summary>The typed client, with the signed-in credential on every request, and the session around it.</summary>
    public static IServiceCollection AddConsole(this IServiceCollection services, ConsoleOptions options, HttpMessageHandler transport)
    {
        var holder = new CredentialHolder();
        services.AddSingleton(options);
        services.AddSingleton(holder);
        services.AddSingleton(new MarketplaceClient(new HttpClient(new CredentialHandler(holder) { InnerHandler = transport }) { BaseAddress = options.ApiBaseUrl, Timeout = Timeout.InfiniteTimeSpan }));
        services.AddScoped<ConsoleSession>();
        return services;
    }
}
