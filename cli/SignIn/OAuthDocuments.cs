using System.Text.Json.Serialization;

namespace Marketplace.Cli.SignIn;

/// <summary>The platform's RFC 9728 metadata: which authorization server signs its tokens, for which resource and scopes.</summary>
public sealed record ResourceMetadata(
    [property: JsonPropertyName("resource")] string? Resource,
    [property: JsonPropertyName("authorization_servers")] List<string>? AuthorizationServers,
    [property: JsonPropertyName("scopes_supported")] List<string>? ScopesSupported);

/// <summary>The parts of the issuer's OpenID metadata the CLI uses.</summary>
public sealed record ProviderMetadata(
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("token_endpoint")] string? TokenEndpoint,
    [property: JsonPropertyName("authorization_endpoint")] string? AuthorizationEndpoint,
    [property: JsonPropertyName("device_authorization_endpoint")] string? DeviceAuthorizationEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] string? RevocationEndpoint);

/// <summary>RFC 8628 §3.2: the device authorization response.</summary>
public sealed record DeviceAuthorization(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] string? VerificationUriComplete,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("interval")] int? Interval);

/// <summary>RFC 6749 §5.1: a successful token response.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>RFC 6749 §5.2: an error response of the token (or device authorization) endpoint.</summary>
public sealed record OAuthErrorResponse(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
