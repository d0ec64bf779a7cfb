namespace Marketplace.Console.Auth;

/// <summary>
/// Proves who the caller is on each API request. The API key is the one way today; a sign-in with Entra ID (OIDC)
/// plugs in as another credential that puts a bearer token on the request.
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
