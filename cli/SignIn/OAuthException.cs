namespace Marketplace.Cli.SignIn;

/// <summary>An OAuth error answer (RFC 6749 §5.2, RFC 8628 §3.5): its code and the issuer's description.</summary>
public sealed class OAuthException(string error, string? description)
    : Exception(description is { Length: > 0 } ? $"{error}: {description}" : error)
{
    public string Error { get; } = error;
}
