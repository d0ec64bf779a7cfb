using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity;

/// <summary>What the browser console needs before anyone signs in: whether and where to sign in with OpenID Connect.</summary>
public sealed record ConsoleConfig(ConsoleSignInConfig? SignIn);

/// <summary>The issuer (its metadata is at <c>{authority}/.well-known/openid-configuration</c>), the console's public client and what it asks for.</summary>
public sealed record ConsoleSignInConfig(string Authority, string ClientId, IReadOnlyList<string> Scopes, string? Resource);

public sealed class ConsoleConfigEndpoints(IOptions<IdentityOptions> identity)
{
    /// <summary>
    /// Anonymous, so the console can read it at start: served by the API rather than baked into the console's files,
    /// so one published console works against any deployment, from this host or from Static Web Apps.
    /// </summary>
    public Task<Ok<ConsoleConfig>> Get(ApiRequest request)
    {
        var options = identity.Value;
        return Task.FromResult(TypedResults.Ok(new ConsoleConfig(options.ConsoleSignIn
            ? new ConsoleSignInConfig(options.Issuer!, options.ConsoleClientId!, options.ConsoleScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                string.IsNullOrEmpty(options.ConsoleResource) ? null : options.ConsoleResource)
            : null)));
    }
}
