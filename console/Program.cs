using Marketplace.Client;
using Marketplace.Client.Models;
using Marketplace.Console;
using Marketplace.Console.Auth;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.FluentUI.AspNetCore.Components;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

var options = ConsoleOptions.From(builder.Configuration, builder.HostEnvironment.BaseAddress);
options = options with { SignIn = await ReadSignInAsync(options.ApiBaseUrl) };
builder.Services.AddFluentUIComponents();
if (options.SignIn is { } signIn)
{
    builder.Services.AddOidcAuthentication(oidc =>
    {
        oidc.ProviderOptions.Authority = signIn.Authority;
        oidc.ProviderOptions.ClientId = signIn.ClientId;
        oidc.ProviderOptions.ResponseType = "code";
        oidc.ProviderOptions.DefaultScopes.Clear();
        foreach (var scope in signIn.Scopes) oidc.ProviderOptions.DefaultScopes.Add(scope);
        if (signIn.Resource is { } resource) oidc.ProviderOptions.AdditionalProviderParameters["resource"] = resource;
        oidc.UserOptions.NameClaim = "name";
    });
    builder.Services.AddScoped<IOidcSignIn, RemoteOidcSignIn>();
}
builder.Services.AddConsole(options, new HttpClientHandler());
builder.Services.AddScoped<ICredentialStore, SessionStorageCredentialStore>();

await builder.Build().RunAsync();

// The API says whether to offer sign-in with an organization account; unreachable, the console offers API keys only.
static async Task<ConsoleSignInConfig?> ReadSignInAsync(Uri api)
{
    try
    {
        using var http = new HttpClient { BaseAddress = api };
        return (await new MarketplaceClient(http).ConsoleConfigAsync()).SignIn;
    }
    catch (Exception e) when (e is MarketplaceApiException or MarketplaceUnreachableException)
    {
        return null;
    }
}
