namespace Marketplace.Cli.Config;

/// <summary>
/// A profile's OpenID Connect sign-in: the tokens and what is needed to renew them without the user. Kept in
/// <c>config.json</c> (0600), like keys; the refresh token is what keeps a user signed in, so it never leaves the file.
/// </summary>
public sealed record SignInSession(
    string Issuer, string ClientId, string? Resource, string Scope, string TokenEndpoint, string? RevocationEndpoint,
    string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt);
