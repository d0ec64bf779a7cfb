using Marketplace.Cli.Config;

namespace Marketplace.Cli.SignIn;

/// <summary>Turns token responses into the session a profile keeps.</summary>
public static class Sessions
{
    /// <summary>Without <c>expires_in</c> a token is assumed short-lived (5 minutes) and renewed early.</summary>
    static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    public static SignInSession From(SignInTarget target, TokenResponse tokens, TimeProvider clock) =>
        new(target.Issuer, target.ClientId, target.Resource, target.Scope, target.TokenEndpoint, target.RevocationEndpoint,
            tokens.AccessToken, tokens.RefreshToken, ExpiresAt(tokens, clock));

    /// <summary>Issuers may rotate the refresh token (oidc-provider does for public clients): keep the new one when given.</summary>
    public static SignInSession Renewed(SignInSession session, TokenResponse tokens, TimeProvider clock) =>
        session with { AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken ?? session.RefreshToken, ExpiresAt = ExpiresAt(tokens, clock) };

    static DateTimeOffset ExpiresAt(TokenResponse tokens, TimeProvider clock) =>
        clock.GetUtcNow() + (tokens.ExpiresIn is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultLifetime);
}
