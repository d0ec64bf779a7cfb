namespace Marketplace.Console.Auth;

/// <summary>
/// Proves who the caller is on each API request: an API key, or a user signed in with OpenID Connect (whose token
/// <see cref="BearerTokenHandler"/> adds, as getting it may wait on a renewal).
/// </summary>
public interface ICredential
{
    void Apply(HttpRequestMessage request);
}

/// <summary>A marketplace API key, sent as <c>X-API-Key</c> and never in a URL.</summary>
public sealed record ApiKeyCredential(string Key) : ICredential
{
    public void Apply(HttpRequestMessage request)
    {
        request.Headers.Remove("X-API-Key");
        request.Headers.Add("X-API-Key", Key);
    }

    /// <summary>The tenant and key id a tenant key names (<c>mk.{tenant}.{keyId}.{secret}</c>); null for the platform admin key.</summary>
    public (string TenantId, string KeyId)? Parts =>
        Key.Split('.') is ["mk", { Length: > 0 } tenant, { Length: > 0 } keyId, { Length: > 0 }] ? (tenant, keyId) : null;
}

/// <summary>A user signed in at the OpenID issuer, acting for one of their tenants (sent as <c>X-Tenant</c>; null: the API picks their only or oldest).</summary>
public sealed record SignedInCredential(IOidcSignIn SignIn, string? TenantId) : ICredential
{
    public void Apply(HttpRequestMessage request)
    {
        request.Headers.Remove("X-Tenant");
        if (TenantId is not null) request.Headers.Add("X-Tenant", TenantId);
    }
}
