using Microsoft.Extensions.Configuration;

namespace Marketplace.Mcp;

/// <summary>
/// Resolves tool and upstream headers. Secret values live in configuration under <c>ToolSecrets:{tenant}:{name}</c>
/// (in Azure an app setting holding a Key Vault reference), so the API only ever sees their names and a tenant can
/// only name its own.
/// </summary>
public sealed class ToolSecrets(IConfiguration configuration)
{
    public const string Section = "ToolSecrets";

    public bool Exists(string tenantId, string secret) => !string.IsNullOrEmpty(configuration[Key(tenantId, secret)]);

    /// <summary>The headers to send; a missing secret is an error the caller reports without naming its value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Resolve(string tenantId, IReadOnlyList<ToolHeader>? headers)
    {
        if (headers is null) return [];
        return headers.Select(h => KeyValuePair.Create(h.Name, h.Value ?? configuration[Key(tenantId, h.Secret!)]
            ?? throw new MissingToolSecretException(h.Secret!))).ToList();
    }

    static string Key(string tenantId, string secret) => $"{Section}:{tenantId}:{secret}";
}

public sealed class MissingToolSecretException(string secret) : Exception($"The secret '{secret}' is not configured for this tenant.");
