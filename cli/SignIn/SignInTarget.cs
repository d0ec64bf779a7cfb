namespace Marketplace.Cli.SignIn;

/// <summary>Where and how to sign in to one marketplace: its issuer's endpoints, the CLI's client id, and what to ask for.</summary>
public sealed record SignInTarget(
    string Issuer, string ClientId, string? Resource, string Scope,
    string TokenEndpoint, string? AuthorizationEndpoint, string? DeviceAuthorizationEndpoint, string? RevocationEndpoint);
