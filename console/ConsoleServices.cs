using Marketplace.Client;
using Marketplace.Client.Models;
using Marketplace.Console.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Console;

/// <summary>Settings from wwwroot/appsettings*.json, and the API's sign-in settings (<c>GET /api/console/config</c>; null: API keys only).</summary>
public sealed record ConsoleOptions(Uri ApiBaseUrl, TimeSpan SearchDebounce, ConsoleSignInConfig? SignIn = null)
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
        var handlers = new CredentialHandler(holder) { InnerHandler = new BearerTokenHandler(holder) { InnerHandler = transport } };
        services.AddSingleton(new MarketplaceClient(new HttpClient(handlers) { BaseAddress = options.ApiBaseUrl, Timeout = Timeout.InfiniteTimeSpan }));
        services.TryAddScoped<IOidcSignIn, NoOidcSignIn>();
        services.AddScoped<ConsoleSession>();
        return services;
    }
}
